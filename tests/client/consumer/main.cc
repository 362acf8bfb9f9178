// Signs with the API.md §3 vector and reports a typed error for an
// unreachable server: enough to prove the installed headers and archives
// link and work.
#include <leads/leads.h>

#include <iostream>

int main() {
  auto sig = leads::client::Sign(leads::client::Scheme::kOld, leads::client::Algorithm::kSha256,
                                 "100000000000000001", "0123456789abcdef0123456789abcdef", 1732838400, "");
  if (sig != "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZDc0YjMyMzEwMWVhYjNlZTQ3YzEzNzljZDVkMWQ1NGI2NjU2YTBiMzMxZjk1NTFkYTlmNWJkNjJiOGZlMzRhMA==") {
    std::cerr << "unexpected signature " << sig << "\n";
    return 1;
  }
  leads::client::ClientOptions o;
  o.base_url = "http://127.0.0.1:1/api/mv1/";
  o.forwarding = {"t", "s"};
  o.retry.max_attempts = 1;
  leads::client::Client client(o);
  auto page = client.List({.start_time = "2024-05-01", .end_time = "2024-05-01"});
  if (page.ok() || page.error().kind() != leads::client::Error::Kind::kTransport) return 1;
  std::cout << "consumer ok: " << page.error().ToString() << "\n";
  return 0;
}
