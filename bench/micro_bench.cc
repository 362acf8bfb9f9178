// Micro-benchmarks of the hot paths: signature digest, lead rendering and
// parsing, JSON escaping. Run: build/bench/leads_micro_bench
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include "auth/signature.h"
#include "common/clock.h"
#include "common/encoding.h"
#include "service/demo_data.h"

namespace leads {
namespace {

const Lead& SampleLead() {
  static const Lead kLead = [] {
    SystemRandom random;
    auto leads = GenerateLeads(random, 1, 1732838400, 30, 8 * 3600);
    Lead l = leads[0].lead;
    l.Set(Field::kLeadsId, "100000001");
    l.Set(Field::kAccountId, "25610");
    return l;
  }();
  return kLead;
}

void BM_HexDigestSha256(benchmark::State& state) {
  std::string seed = "100000000000000001.1732838400.0123456789abcdef0123456789abcdef";
  for (auto _ : state) benchmark::DoNotOptimize(HexDigest(SignatureAlgorithm::kSha256, seed));
}
BENCHMARK(BM_HexDigestSha256);

void BM_ParseSignature(benchmark::State& state) {
  std::string sig = SignNew(SignatureAlgorithm::kSha256, "100000000000000001", 1732838400,
                            "f3b1c0de9a7e4d2b8c6a5e4f3d2c1b0a", "0123456789abcdef0123456789abcdef");
  for (auto _ : state) benchmark::DoNotOptimize(ParseSignature(sig));
}
BENCHMARK(BM_ParseSignature);

void BM_RenderPull(benchmark::State& state) {
  const Lead& l = SampleLead();
  size_t bytes = 0;
  for (auto _ : state) {
    auto s = l.RenderPull();
    bytes += s.size();
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_RenderPull);

void BM_ParseStoredLead(benchmark::State& state) {
  std::string doc = SampleLead().RenderPull();
  for (auto _ : state) benchmark::DoNotOptimize(ParseStoredLead(doc));
}
BENCHMARK(BM_ParseStoredLead);

void BM_AppendJsonString(benchmark::State& state) {
  std::string text = "深圳市南山区科技园路123号 {\"爱好\":\"看书\"} plain ascii text here";
  for (auto _ : state) {
    std::string out;
    AppendJsonString(out, text);
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_AppendJsonString);

}  // namespace
}  // namespace leads

BENCHMARK_MAIN();
