// Micro-benchmarks of the hot paths: signature digest, lead rendering and
// parsing, JSON escaping. Run: build/bench/leads_micro_bench
#include <benchmark/benchmark.h>

#include <boost/json.hpp>

#include "auth/signature.h"
#include "common/clock.h"
#include "common/encoding.h"
#include "intel/intel_service.h"
#include "intel/memory_lookup.h"
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

// Lead intelligence (issue 6): tagging and scoring a batch of 500 generated
// leads against an in-memory index that grows as they are "stored" — the
// CPU cost per lead that intake adds (the two index queries per batch are in
// bench/intel_bench.sh's end-to-end figures).
void BM_TagAndScoreBatch500(benchmark::State& state) {
  static const auto incoming = [] {
    SystemRandom random;
    return GenerateLeads(random, 500 * 40, 1732838400, 30, 8 * 3600);
  }();
  intel::MemoryLookup lookup;
  intel::Tagger tagger(lookup);
  intel::Rules rules;
  const intel::ScoreModel model = intel::DefaultModel();
  size_t at = 0;
  int64_t id = 0;
  for (auto _ : state) {
    if (at + 500 > incoming.size()) at = 0;
    std::vector<intel::TagInput> in;
    in.reserve(500);
    for (size_t i = at; i < at + 500; ++i) in.push_back({&incoming[i].lead, 1732838400 + static_cast<int64_t>(i), std::nullopt});
    auto out = tagger.Tag(1, rules, in);
    for (size_t i = 0; i < out->size(); ++i) {
      auto& r = (*out)[i];
      std::vector<ReasonCode> codes;
      for (const auto& x : r.reasons) codes.push_back(x.code);
      benchmark::DoNotOptimize(intel::Score(model, intel::ComputeFeatures(*in[i].lead, r.phone, codes, r.duplicates)));
      if (!r.reasons.empty()) benchmark::DoNotOptimize(intel::ReasonsJson(r, rules));
      lookup.Add(1, ++id, in[i].create_time, r);
    }
    at += 500;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 500);
}
BENCHMARK(BM_TagAndScoreBatch500)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace leads

BENCHMARK_MAIN();
