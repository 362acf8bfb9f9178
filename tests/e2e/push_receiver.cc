// push_receiver: an advertiser's push receiver for tests and benchmarks.
//
// Serves HTTPS (a certificate and key given as PEM files) or plain HTTP on
// 127.0.0.1, keep-alive, one thread per connection. Every request is
// checked on its own terms, with code written here from API.md and not
// shared with the server:
//   - X-Signature in the old three-part scheme (§3) with a known forwarding
//     token and its secret, X-Signature-Algorithm SHA1|SHA256, timestamp
//     within 300 s;
//   - X-Leads-Body-Signature = hex HMAC-SHA256(secret, ts "." delivery id "." body)
//     with X-Leads-Timestamp equal to the signed timestamp;
//   - the body: one JSON object with exactly the push field set of §6 and
//     its JSON types.
// Each request is recorded as one JSON line in --record (leads_id, account,
// delivery id, attempt, token, verified, errors, the answer, the time, the
// connection number). A request that fails verification is answered with
// code 4001.
//
// Modes (how it answers; --times N counts per leads_id):
//   ok           HTTP 200 {"code":0}
//   fail         the first N requests of each lead: HTTP --status (500), then ok
//   code         the first N requests of each lead: HTTP 200 {"code": --code (1)}, then ok
//   retry-after  the first N requests of each lead: HTTP --status (503) with
//                Retry-After: --retry-after (seconds), then ok
//   hang         reads the request and never answers
// --times -1 (the default for fail/code/retry-after) means always.
//
// Prints "push_receiver listening on https://127.0.0.1:PORT" when ready.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Config {
  std::string cert, key, record;
  bool plain = false;
  uint16_t port = 0;
  std::map<std::string, std::string> secrets;  // token -> secret
  std::string mode = "ok";
  int times = -1;
  int status = 0;
  int code = 1;
  int retry_after = 1;
  int delay_ms = 0;
};

// §6, push names, in the document's order; true: a JSON number.
const std::vector<std::pair<std::string, bool>>& PushFields() {
  static const std::vector<std::pair<std::string, bool>> k = {
      {"leads_id", true}, {"click_id", false}, {"account_id", true}, {"account_type", false},
      {"advertiser_id", false}, {"wechat_appid", false}, {"agency_id", false}, {"agency_name", false},
      {"wechat_spid", false}, {"claim_advertiser_id", true}, {"campaign_id", false}, {"campaign_name", false},
      {"adgroup_id", false}, {"adgroup_name", false}, {"creative_id", false}, {"creative_name", false},
      {"ad_id", false}, {"ad_name", false}, {"adcreative_id", false}, {"adcreative_name", false},
      {"page_id", false}, {"component_id", false}, {"component_name", false}, {"page_name", false},
      {"page_url", false}, {"leads_type", false}, {"leads_sub_type", false}, {"chat_id", false},
      {"leads_tags", false}, {"leads_source", false}, {"leads_sub_source", false},
      {"leads_potential_score", false}, {"leads_touch_tag", false}, {"leads_follow_tag", false},
      {"leads_name", false}, {"leads_tel", false}, {"tel_location", false}, {"leads_area", false},
      {"leads_email", false}, {"leads_qq", false}, {"leads_wechat", false}, {"leads_gender", false},
      {"nationality", false}, {"working_years", false}, {"age", false}, {"profession", false},
      {"id_number", false}, {"address", false}, {"bundle", false}, {"leads_create_time", false},
      {"leads_action_time", false}, {"shop_name", false}, {"shop_address", false}, {"call_middle_num", false},
      {"call_consumer_hotline", false}, {"call_touch_tag", false}, {"call_duration", false},
      {"leads_pool_id", false}, {"call_record_url", false}, {"layer_form_content", false}, {"nick_name", false},
      {"is_broad_cast_leads", false}, {"owner_name", false}, {"all_follow_records", false}, {"custom_qa", false},
      {"leads_response_duration", true}, {"dynamic_creative_id", true}, {"dynamic_creative_name", false},
  };
  return k;
}

std::string Hex(const unsigned char* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(d[p[i] >> 4]);
    out.push_back(d[p[i] & 15]);
  }
  return out;
}

std::string Digest(const std::string& alg, const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, alg == "SHA256" ? EVP_sha256() : EVP_sha1(), nullptr);
  return Hex(md, len);
}

std::string Hmac256(const std::string& key, const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  return Hex(md, len);
}

bool Base64Decode(const std::string& in, std::string* out) {
  if (in.empty() || in.size() % 4) return false;
  std::string buf(in.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(buf.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (n < 0) return false;
  size_t pad = in.ends_with("==") ? 2 : in.ends_with("=") ? 1 : 0;
  buf.resize(static_cast<size_t>(n) - pad);
  *out = buf;
  return true;
}

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Receiver {
 public:
  explicit Receiver(Config c) : c_(std::move(c)) {
    record_ = c_.record.empty() ? nullptr : std::fopen(c_.record.c_str(), "a");
  }

  // Checks one request; returns the record (without the answer).
  boost::json::object Check(const http::request<http::string_body>& req) {
    boost::json::object rec;
    std::vector<std::string> errors;
    auto header = [&](const char* name) { return std::string(req[name]); };
    const std::string body = req.body();
    rec["t_us"] = NowUs();
    std::string delivery = header("X-Leads-Delivery-Id");
    rec["delivery_id"] = delivery;
    rec["attempt"] = std::atoi(header("X-Leads-Attempt").c_str());
    rec["test"] = header("X-Leads-Test") == "1";
    if (req.method() != http::verb::post) errors.push_back("method is not POST");
    if (header("Content-Type").rfind("application/json", 0) != 0) errors.push_back("Content-Type is not application/json");
    // X-Signature, old scheme.
    std::string alg = header("X-Signature-Algorithm");
    if (alg.empty()) alg = "SHA1";
    rec["alg"] = alg;
    if (alg != "SHA1" && alg != "SHA256") errors.push_back("X-Signature-Algorithm is " + alg);
    std::string plain, token, ts, secret;
    if (!Base64Decode(header("X-Signature"), &plain)) {
      errors.push_back("X-Signature is not base64");
    } else {
      std::vector<std::string> parts;
      size_t pos = 0;
      for (;;) {
        size_t comma = plain.find(',', pos);
        parts.push_back(plain.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
      if (parts.size() != 3) {
        errors.push_back("X-Signature has " + std::to_string(parts.size()) + " parts, not 3 (old scheme)");
      } else {
        token = parts[0];
        ts = parts[1];
        rec["token"] = token;
        auto it = c_.secrets.find(token);
        if (it == c_.secrets.end()) {
          errors.push_back("unknown token " + token);
        } else {
          secret = it->second;
          if (Digest(alg, token + "." + ts + "." + secret) != parts[2]) errors.push_back("X-Signature digest mismatch");
        }
        if (ts.size() != 10 || std::llabs(std::atoll(ts.c_str()) - NowUs() / 1000000) > 300)
          errors.push_back("X-Signature timestamp '" + ts + "' not within 300 s");
      }
    }
    if (header("X-Leads-Timestamp") != ts) errors.push_back("X-Leads-Timestamp differs from the signed timestamp");
    if (!secret.empty() &&
        Hmac256(secret, header("X-Leads-Timestamp") + "." + delivery + "." + body) != header("X-Leads-Body-Signature"))
      errors.push_back("X-Leads-Body-Signature mismatch");
    // The body.
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) {
      errors.push_back("body is not a JSON object");
    } else {
      const auto& o = v.get_object();
      std::set<std::string> expected;
      for (const auto& [name, numeric] : PushFields()) {
        expected.insert(name);
        auto* f = o.if_contains(name);
        if (!f) {
          if (name != "leads_response_duration") errors.push_back("field " + name + " missing");
          continue;
        }
        if (numeric ? !(f->is_int64() || f->is_uint64()) : !f->is_string())
          errors.push_back("field " + name + " has the wrong JSON type");
      }
      for (const auto& kv : o)
        if (!expected.count(std::string(kv.key()))) errors.push_back("unexpected field " + std::string(kv.key()));
      if (auto* id = o.if_contains("leads_id"); id && id->is_int64()) rec["leads_id"] = id->get_int64();
      if (auto* id = o.if_contains("account_id"); id && id->is_int64()) rec["account_id"] = id->get_int64();
      if (auto* t = o.if_contains("leads_tags"); t && t->is_string()) rec["leads_tags"] = t->get_string();
      if (auto* t = o.if_contains("leads_name"); t && t->is_string()) rec["leads_name"] = t->get_string();
    }
    rec["verified"] = errors.empty();
    boost::json::array errs;
    for (const auto& e : errors) errs.emplace_back(boost::json::string_view(e));
    rec["errors"] = std::move(errs);
    return rec;
  }

  // Decides the answer: status, body, Retry-After; false: hang.
  bool Answer(boost::json::object& rec, int* status, std::string* body, std::string* retry_after) {
    std::string key = rec.contains("leads_id") ? boost::json::serialize(rec["leads_id"]) : std::string(rec["delivery_id"].as_string());
    int seen;
    {
      std::lock_guard lock(mu_);
      seen = ++count_[key];
    }
    if (!rec["verified"].as_bool()) {
      *status = 200;
      *body = R"({"code":4001,"message":"verification failed","msg":"verification failed"})";
      return true;
    }
    bool failing = c_.times < 0 || seen <= c_.times;
    *status = 200;
    *body = R"({"code":0,"message":"success","msg":"success"})";
    if (c_.mode == "hang") return false;
    if (!failing) return true;
    if (c_.mode == "fail") {
      *status = c_.status ? c_.status : 500;
      *body = R"({"code":1,"message":"receiver failing on purpose"})";
    } else if (c_.mode == "code") {
      *body = "{\"code\":" + std::to_string(c_.code) + ",\"message\":\"not accepted\",\"msg\":\"not accepted\"}";
    } else if (c_.mode == "retry-after") {
      *status = c_.status ? c_.status : 503;
      *retry_after = std::to_string(c_.retry_after);
      *body = R"({"code":1,"message":"slow down"})";
    }
    return true;
  }

  void Record(const boost::json::object& rec) {
    if (!record_) return;
    std::string line = boost::json::serialize(rec) + "\n";
    std::lock_guard lock(mu_);
    std::fwrite(line.data(), 1, line.size(), record_);
    std::fflush(record_);
  }

  template <typename Stream>
  void Serve(Stream& stream, int conn) {
    beast::flat_buffer buf;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(1 << 20);
      beast::error_code ec;
      http::read(stream, buf, parser, ec);
      if (ec) return;
      auto req = parser.release();
      auto rec = Check(req);
      rec["conn"] = conn;
      int status = 0;
      std::string body, retry_after;
      bool answer = Answer(rec, &status, &body, &retry_after);
      rec["answered"] = answer ? status : 0;
      Record(rec);
      if (!answer) {
        for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
      }
      if (c_.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(c_.delay_ms));
      http::response<http::string_body> res{static_cast<http::status>(status), req.version()};
      res.set(http::field::content_type, "application/json");
      if (!retry_after.empty()) res.set(http::field::retry_after, retry_after);
      res.keep_alive(req.keep_alive());
      res.body() = body;
      res.prepare_payload();
      http::write(stream, res, ec);
      if (ec || !req.keep_alive()) return;
    }
  }

  int Run() {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), c_.port));
    std::unique_ptr<ssl::context> ctx;
    if (!c_.plain) {
      ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
      ctx->use_certificate_chain_file(c_.cert);
      ctx->use_private_key_file(c_.key, ssl::context::pem);
    }
    std::cout << "push_receiver listening on " << (c_.plain ? "http" : "https") << "://127.0.0.1:"
              << acceptor.local_endpoint().port() << std::endl;
    int next_conn = 0;
    for (;;) {
      tcp::socket socket(io);
      acceptor.accept(socket);
      socket.set_option(tcp::no_delay(true));
      int conn = ++next_conn;
      std::thread([this, s = std::move(socket), &ctx, conn]() mutable {
        try {
          if (ctx) {
            ssl::stream<tcp::socket> stream(std::move(s), *ctx);
            beast::error_code ec;
            stream.handshake(ssl::stream_base::server, ec);
            if (ec) {
              boost::json::object rec{{"t_us", NowUs()}, {"conn", conn}, {"tls_error", ec.message()}};
              Record(rec);
              return;
            }
            Serve(stream, conn);
          } else {
            Serve(s, conn);
          }
        } catch (const std::exception&) {
        }
      }).detach();
    }
  }

 private:
  Config c_;
  std::FILE* record_ = nullptr;
  std::mutex mu_;
  std::map<std::string, int> count_;
};

}  // namespace

int main(int argc, char** argv) {
  Config c;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "missing value for " << a << "\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--cert") c.cert = next();
    else if (a == "--key") c.key = next();
    else if (a == "--http") c.plain = true;
    else if (a == "--port") c.port = static_cast<uint16_t>(std::stoi(next()));
    else if (a == "--record") c.record = next();
    else if (a == "--mode") c.mode = next();
    else if (a == "--times") c.times = std::stoi(next());
    else if (a == "--status") c.status = std::stoi(next());
    else if (a == "--code") c.code = std::stoi(next());
    else if (a == "--retry-after") c.retry_after = std::stoi(next());
    else if (a == "--delay-ms") c.delay_ms = std::stoi(next());
    else if (a == "--secret") {
      std::string v = next();
      auto eq = v.find('=');
      if (eq == std::string::npos) {
        std::cerr << "--secret wants TOKEN=SECRET\n";
        return 2;
      }
      c.secrets[v.substr(0, eq)] = v.substr(eq + 1);
    } else {
      std::cerr << "unknown argument " << a << "\n";
      return 2;
    }
  }
  if (!c.plain && (c.cert.empty() || c.key.empty())) {
    std::cerr << "--cert and --key (or --http) are required\n";
    return 2;
  }
  try {
    return Receiver(std::move(c)).Run();
  } catch (const std::exception& e) {
    std::cerr << "push_receiver: " << e.what() << "\n";
    return 1;
  }
}
