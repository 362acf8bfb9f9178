// leads_bench: helpers for bench/run.sh.
//   gen    --count N --accounts A --first-account ID --out DIR   JSON Lines leads per account
//   sign   --token T --secret S --count N --out FILE              one X-Signature per line (fresh nonces)
//   walk   --port P --token T --secret S [--page-size N]          deep-paging walk of a whole account
//   intake --port P --token T --secret S --file F [--batch N] [--conns C]   leads/s through HTTP intake
//   body   --port P --token T --secret S --out FILE [--page-size N]         one list response body (for nginx)
//   floor  --db PATH [--keys] [--intake F [--batch N]] FILE...              SQLite alone on the same lines (floor.h)
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "auth/signature.h"
#include "bench/floor.h"
#include "common/clock.h"
#include "common/time_format.h"
#include "service/demo_data.h"
#include "tests/e2e/harness.h"

namespace {

using namespace leads;
using SteadyClock = std::chrono::steady_clock;

// Whole numbers, so shell scripts can read them (Boost.JSON prints 3.2E4).
int64_t Round(double v) { return static_cast<int64_t>(v + 0.5); }

double Seconds(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

std::string Sig(const std::string& token, const std::string& secret, Random& r) {
  return SignNew(SignatureAlgorithm::kSha256, token, SystemClock().NowSeconds(), r.Hex(16), secret);
}

int Gen(size_t count, int accounts, int64_t first, const std::string& out) {
  SystemRandom random;
  SystemClock clock;
  std::filesystem::create_directories(out);
  size_t per = count / static_cast<size_t>(accounts);
  for (int a = 0; a < accounts; ++a) {
    std::ofstream f(out + "/account-" + std::to_string(first + a) + ".jsonl");
    for (size_t done = 0; done < per;) {
      size_t n = std::min<size_t>(10000, per - done);
      for (auto& in : GenerateLeads(random, n, clock.NowSeconds(), 365, kChinaOffsetSeconds)) {
        boost::json::object o;
        for (const auto& spec : FieldTable()) {
          const auto& v = in.lead.Get(spec.field);
          if (!v.empty()) o[spec.push_name] = v;
        }
        f << boost::json::serialize(o) << '\n';
      }
      done += n;
    }
  }
  return 0;
}

int Sign(const std::string& token, const std::string& secret, size_t count, const std::string& out) {
  SystemRandom random;
  std::ofstream f(out);
  for (size_t i = 0; i < count; ++i) f << Sig(token, secret, random) << '\n';
  return 0;
}

int Walk(uint16_t port, const std::string& token, const std::string& secret, int page_size) {
  SystemRandom random;
  e2e::HttpConnection conn(port);
  std::string after;
  size_t leads = 0, pages = 0;
  auto t0 = SteadyClock::now();
  for (;;) {
    auto r = conn.Request("GET",
                          "/api/mv1/leads/list?start_time=2000-01-01&end_time=2099-12-31&time_type=1&page_size=" +
                              std::to_string(page_size) + after,
                          {{"X-Signature", Sig(token, secret, random)}, {"X-Signature-Algorithm", "SHA256"}});
    if (!r) { std::cerr << "request failed\n"; return 1; }
    auto v = boost::json::parse(r->body);
    if (v.at("code").as_int64() != 0) { std::cerr << r->body << "\n"; return 1; }
    const auto& list = v.at("data").at("list").as_array();
    if (list.empty()) break;
    leads += list.size();
    ++pages;
    after = "&search_after_leads_id=" + std::to_string(list.back().at("leads_id").as_int64());
  }
  double s = Seconds(t0);
  std::cout << boost::json::serialize(boost::json::object{{"leads", leads}, {"pages", pages}, {"ms", Round(s * 1000)},
                                                          {"pages_per_s", Round(pages / s)}, {"leads_per_s", Round(leads / s)}})
            << "\n";
  return 0;
}

int Intake(uint16_t port, const std::string& token, const std::string& secret, const std::string& file, size_t batch,
           int conns) {
  std::ifstream in(file);
  std::vector<std::string> bodies;
  std::string line, body;
  size_t n = 0, total = 0;
  while (std::getline(in, line)) {
    body += (n ? "," : "") + line;
    ++total;
    if (++n == batch) { bodies.push_back("{\"list\":[" + body + "]}"); body.clear(); n = 0; }
  }
  if (n) bodies.push_back("{\"list\":[" + body + "]}");
  std::atomic<size_t> next{0}, failed{0};
  auto t0 = SteadyClock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < conns; ++c)
    threads.emplace_back([&] {
      SystemRandom random;
      e2e::HttpConnection conn(port);
      for (size_t i; (i = next++) < bodies.size();) {
        auto r = conn.Request("POST", "/intake/v1/leads",
                              {{"X-Signature", Sig(token, secret, random)}, {"X-Signature-Algorithm", "SHA256"},
                               {"Content-Type", "application/json"}},
                              bodies[i]);
        if (!r || boost::json::parse(r->body).at("code").as_int64() != 0) {
          ++failed;
          if (r) std::cerr << r->body.substr(0, 300) << "\n";
        }
      }
    });
  for (auto& t : threads) t.join();
  double s = Seconds(t0);
  std::cout << boost::json::serialize(boost::json::object{
                   {"leads", total}, {"batches", bodies.size()}, {"failed_batches", failed.load()},
                   {"ms", Round(s * 1000)}, {"leads_per_s", Round(total / s)}})
            << "\n";
  return failed ? 1 : 0;
}

int Body(uint16_t port, const std::string& token, const std::string& secret, const std::string& out, int page_size) {
  SystemRandom random;
  e2e::HttpConnection conn(port);
  auto r = conn.Request("GET",
                        "/api/mv1/leads/list?start_time=2000-01-01&end_time=2099-12-31&time_type=1&page_size=" +
                            std::to_string(page_size),
                        {{"X-Signature", Sig(token, secret, random)}, {"X-Signature-Algorithm", "SHA256"}});
  if (!r) return 1;
  std::ofstream(out, std::ios::binary) << r->body;
  return 0;
}

int Floor(const bench::FloorOptions& o, const std::vector<std::string>& files) {
  auto r = bench::RunFloor(o, files);
  boost::json::object j{{"rows", r.rows},
                        {"rows_per_s", Round(r.rows_per_s)},
                        {"intake_rows", r.intake_rows},
                        {"intake_rows_per_s", Round(r.intake_rows_per_s)}};
  std::cout << boost::json::serialize(j) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"leads benchmark helper"};
  app.require_subcommand(1);
  size_t count = 1000000, batch = 500;
  int accounts = 4, page_size = 200, conns = 4;
  int64_t first = 20001;
  std::string out, token, secret, file;
  uint16_t port = 0;
  auto* gen = app.add_subcommand("gen");
  gen->add_option("--count", count);
  gen->add_option("--accounts", accounts);
  gen->add_option("--first-account", first);
  gen->add_option("--out", out)->required();
  auto* sign = app.add_subcommand("sign");
  auto* walk = app.add_subcommand("walk");
  auto* intake = app.add_subcommand("intake");
  auto* body = app.add_subcommand("body");
  for (auto* c : {sign, walk, intake, body}) {
    c->add_option("--token", token)->required();
    c->add_option("--secret", secret)->required();
  }
  sign->add_option("--count", count);
  sign->add_option("--out", out)->required();
  for (auto* c : {walk, intake, body}) c->add_option("--port", port)->required();
  walk->add_option("--page-size", page_size);
  body->add_option("--page-size", page_size);
  body->add_option("--out", out)->required();
  intake->add_option("--file", file)->required();
  intake->add_option("--batch", batch);
  intake->add_option("--conns", conns);
  auto* floor = app.add_subcommand("floor");
  bench::FloorOptions floor_options;
  std::vector<std::string> files;
  floor->add_option("--db", floor_options.db)->required();
  floor->add_option("--intake", floor_options.intake);
  floor->add_option("--batch", floor_options.batch);
  floor->add_flag("--keys", floor_options.keys);
  floor->add_option("files", files)->required();
  CLI11_PARSE(app, argc, argv);
  if (*floor) return Floor(floor_options, files);
  if (*gen) return Gen(count, accounts, first, out);
  if (*sign) return Sign(token, secret, count, out);
  if (*walk) return Walk(port, token, secret, page_size);
  if (*intake) return Intake(port, token, secret, file, batch, conns);
  if (*body) return Body(port, token, secret, out, page_size);
  return 0;
}
