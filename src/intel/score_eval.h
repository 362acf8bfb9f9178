// Reproducible evaluation of the score on generated data whose ground truth
// is known (`leadsd intel eval`, scripts/score-eval.sh): a stream of leads
// from genuine people (some submitting twice), junk entries (placeholder or
// malformed numbers, mashed names, forms filled in a second) and bots (one
// click_id many times, a page flooded), each with an outcome drawn from its
// hidden kind and completeness. The real Tagger tags the stream batch by
// batch (in-memory lookups), the model is fitted on 70% and both it and the
// built-in weights are measured by AUC on the held-out 30%.
#pragma once

#include <cstdint>
#include <string>

namespace leads::intel {

struct EvalOptions {
  int64_t leads = 20000;
  uint64_t seed = 1;
  int64_t batch = 200;
};

struct EvalResult {
  int64_t leads = 0, train = 0, holdout = 0, positives = 0;
  int64_t tagged_duplicate = 0, tagged_empty_number = 0, tagged_suspicious = 0;
  double heuristic_auc = 0, fitted_auc = 0;
  // Tag precision against the hidden kind: of leads tagged 疑似空号 or
  // 可疑数据, how many were junk or bots.
  double suspicious_precision = 0, suspicious_recall = 0;
  double tag_micros_per_lead = 0;
  std::string model;  // the fitted weights (JSON)
};

EvalResult RunScoreEval(const EvalOptions& o);
std::string EvalResultJson(const EvalResult& r);

}  // namespace leads::intel
