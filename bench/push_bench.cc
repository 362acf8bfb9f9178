// push_bench: push throughput and intake-to-push latency, end to end.
//
//   push_bench [--leads N] [--rate R] [--seconds S] [--endpoint-concurrency C] [--http] [--delay-ms D]
//
// Runs the real leadsd and push_receiver (keep-alive, HTTPS with a
// self-signed certificate trusted through --push-ca-file, or plain HTTP
// with --http) on 127.0.0.1, in a temporary directory.
//
// 1. Drain: N leads are imported (`leadsd leads import`) while no server
//    runs, so the outbox holds N due deliveries; then leadsd starts and the
//    time until the receiver has accepted all N is measured: pushes/s.
//    The server's RSS, sampled while it drains, shows the memory bound.
// 2. Latency: one lead per intake request (POST /intake/v1/leads) at R
//    requests/s for S seconds; for each lead, the time from sending the
//    intake request to the receiver reading the push: p50, p99, max.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "tests/e2e/harness.h"

using namespace leads::e2e;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;
namespace json = boost::json;

namespace {

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

size_t CountLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string buf(1 << 16, '\0');
  size_t n = 0;
  while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
    n += static_cast<size_t>(std::count(buf.data(), buf.data() + in.gcount(), '\n'));
  return n;
}

// leads_id -> first arrival (epoch us), verified requests answered 200.
std::map<int64_t, int64_t> Arrivals(const std::string& path, size_t* unverified) {
  std::map<int64_t, int64_t> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto o = json::parse(line).as_object();
    if (!o.contains("leads_id")) continue;
    if (!o.at("verified").as_bool()) {
      ++*unverified;
      continue;
    }
    out.emplace(o.at("leads_id").as_int64(), o.at("t_us").as_int64());
  }
  return out;
}

// Resident set size now, MiB (VmHWM would count start-up's transient peak).
int64_t RssMb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string k;
  int64_t v = 0;
  while (in >> k) {
    if (k == "VmRSS:") {
      in >> v;
      return v / 1024;
    }
  }
  return -1;
}

// CPU seconds (user + system) a process has used so far.
double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; fields >> f; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(f);
    if (i == 15) break;
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  int leads = 20000, rate = 200, seconds = 10, conc = 4, delay_ms = 0;
  bool http = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return std::stoi(argv[++i]); };
    if (a == "--leads") leads = next();
    else if (a == "--rate") rate = next();
    else if (a == "--seconds") seconds = next();
    else if (a == "--endpoint-concurrency") conc = next();
    else if (a == "--delay-ms") delay_ms = next();
    else if (a == "--http") http = true;
    else {
      std::cerr << "usage: push_bench [--leads N] [--rate R] [--seconds S] [--endpoint-concurrency C] [--http] [--delay-ms D]\n";
      return 2;
    }
  }
  TempDir dir;
  std::string cert = dir.File("cert.pem"), key = dir.File("key.pem");
  auto ossl = Run({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                   "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                   "subjectAltName=IP:127.0.0.1"});
  if (ossl.exit_code != 0) {
    std::cerr << "openssl failed: " << ossl.err;
    return 1;
  }
  std::vector<std::string> flags = {"--push-endpoint-concurrency", std::to_string(conc), "--push-ca-file", cert};
  if (http) flags.push_back("--allow-http-push");
  Server s(dir, flags);
  s.AddAccount(1);
  s.AddAccount(2);
  Credential fwd1 = s.Issue(1, "forwarding"), fwd2 = s.Issue(2, "forwarding"), in2 = s.Issue(2, "intake");

  std::string record = dir.File("received.jsonl");
  std::vector<std::string> rx_argv = {PUSH_RECEIVER_PATH, "--record", record, "--secret", fwd1.token + "=" + fwd1.secret,
                                      "--secret", fwd2.token + "=" + fwd2.secret, "--delay-ms", std::to_string(delay_ms)};
  if (http) rx_argv.push_back("--http");
  else rx_argv.insert(rx_argv.end(), {"--cert", cert, "--key", key});
  Process rx;
  if (!rx.Start(rx_argv, "listening on ")) {
    std::cerr << "push_receiver did not start\n";
    return 1;
  }
  std::string url = rx.ready_line().substr(rx.ready_line().find("listening on ") + 13) + "/push";
  for (int a : {1, 2})
    if (s.Admin({"account", "update", "--account-id", std::to_string(a), "--push-url", url}).exit_code != 0) return 1;

  // 1. Drain a backlog.
  std::cerr << "importing " << leads << " leads...\n";
  s.Import(1, MakeLeadsJsonl(leads));
  double rx_cpu0 = CpuSeconds(rx.pid());
  auto t0 = Steady::now();
  if (!s.Start()) {
    std::cerr << "leadsd did not start\n";
    return 1;
  }
  int64_t rss = 0;  // the largest RSS seen while draining
  while (CountLines(record) < static_cast<size_t>(leads)) {
    rss = std::max(rss, RssMb(s.process().pid()));
    if (Steady::now() - t0 > 600s) {
      std::cerr << "drain timed out\n";
      return 1;
    }
    std::this_thread::sleep_for(20ms);
  }
  double drain_s = std::chrono::duration<double>(Steady::now() - t0).count();
  size_t unverified = 0;
  auto drained = Arrivals(record, &unverified);
  double server_cpu = CpuSeconds(s.process().pid()), rx_cpu = CpuSeconds(rx.pid()) - rx_cpu0;

  // 2. Intake-to-push latency at a steady rate.
  std::map<int64_t, int64_t> sent_at;  // leads_id -> epoch us before the intake request
  const int total = rate * seconds;
  auto start = Steady::now();
  int failures = 0;
  for (int i = 0; i < total; ++i) {
    std::this_thread::sleep_until(start + std::chrono::microseconds(static_cast<int64_t>(i) * 1000000 / rate));
    std::string body = "{\"list\":[" + MakeLeadsJsonl(1, 1714536000 + i) + "]}";
    body.erase(std::remove(body.begin(), body.end(), '\n'), body.end());
    int64_t t = NowUs();
    auto r = s.Post("/intake/v1/leads", in2, body);
    if (!r || r->status != 200) {
      ++failures;
      continue;
    }
    auto v = r->Json();
    if (v.at("code").as_int64() != 0) {
      ++failures;
      continue;
    }
    sent_at[v.at("data").at("leads_ids").as_array()[0].as_int64()] = t;
  }
  double send_s = std::chrono::duration<double>(Steady::now() - start).count();
  auto deadline = Steady::now() + 30s;
  std::map<int64_t, int64_t> arrivals;
  for (;;) {
    size_t bad = 0;
    arrivals = Arrivals(record, &bad);
    bool all = true;
    for (const auto& [id, t] : sent_at)
      if (!arrivals.count(id)) all = false;
    if (all || Steady::now() > deadline) break;
    std::this_thread::sleep_for(50ms);
  }
  std::vector<double> lat;
  for (const auto& [id, t] : sent_at) {
    auto it = arrivals.find(id);
    if (it != arrivals.end()) lat.push_back(static_cast<double>(it->second - t) / 1000.0);
  }
  s.Stop();

  std::printf("| transport | %s, keep-alive, %d connection(s) per endpoint |\n", http ? "HTTP" : "HTTPS (TLS 1.3)",
              conc);
  std::printf("| drain | %d leads in %.2f s = **%.0f pushes/s** (%zu distinct, %zu unverified); leadsd RSS at most %lld MiB; "
              "CPU: leadsd %.0f µs, receiver %.0f µs per push |\n",
              leads, drain_s, leads / drain_s, drained.size(), unverified, static_cast<long long>(rss),
              server_cpu * 1e6 / leads, rx_cpu * 1e6 / leads);
  std::printf("| intake → push | %zu leads at %.0f/s (1 lead per intake request): p50 **%.1f ms**, p99 **%.1f ms**, max %.1f ms; %zu of %zu arrived; %d intake failures |\n",
              lat.size(), total / send_s, Percentile(lat, 0.5), Percentile(lat, 0.99), Percentile(lat, 1.0),
              lat.size(), sent_at.size(), failures);
  return lat.size() == sent_at.size() && drained.size() == static_cast<size_t>(leads) ? 0 : 1;
}
