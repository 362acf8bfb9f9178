#include "intel/score.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <numeric>

#include "model/enums.h"
#include "intel/json_text.h"

namespace leads::intel {
namespace {

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

double Dot(const Features& w, const Features& x) {
  double s = 0;
  for (size_t i = 0; i < kFeatureCount; ++i) s += w[i] * x[i];
  return s;
}

size_t I(Feature f) { return static_cast<size_t>(f); }

// Solves a·x = b (a is symmetric positive definite here); false if singular.
bool Solve(std::array<std::array<double, kFeatureCount>, kFeatureCount> a, Features b, Features& x) {
  const size_t n = kFeatureCount;
  for (size_t c = 0; c < n; ++c) {
    size_t p = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::fabs(a[r][c]) > std::fabs(a[p][c])) p = r;
    if (std::fabs(a[p][c]) < 1e-12) return false;
    std::swap(a[p], a[c]);
    std::swap(b[p], b[c]);
    for (size_t r = c + 1; r < n; ++r) {
      const double f = a[r][c] / a[c][c];
      for (size_t k = c; k < n; ++k) a[r][k] -= f * a[c][k];
      b[r] -= f * b[c];
    }
  }
  for (size_t c = n; c-- > 0;) {
    double s = b[c];
    for (size_t k = c + 1; k < n; ++k) s -= a[c][k] * x[k];
    x[c] = s / a[c][c];
  }
  return true;
}

}  // namespace

Features ComputeFeatures(const Lead& l, const Phone& phone, const std::vector<ReasonCode>& reasons,
                         int64_t duplicates) {
  auto has = [&](ReasonCode c) { return std::find(reasons.begin(), reasons.end(), c) != reasons.end(); };
  const bool phone_suspect = has(ReasonCode::kPhoneFormat) || has(ReasonCode::kPhoneRepeat) ||
                             has(ReasonCode::kPhoneSequence) || has(ReasonCode::kPhonePlaceholder);
  const bool suspicious = has(ReasonCode::kClickBurst) || has(ReasonCode::kPageBurst) || has(ReasonCode::kNameMash) ||
                          has(ReasonCode::kAnswerMash) || has(ReasonCode::kFastSubmit);
  const bool phone_present = phone.kind != PhoneKind::kNone;
  const int others = !l.Get(Field::kLeadsWechat).empty() + !l.Get(Field::kLeadsQq).empty() +
                     !l.Get(Field::kLeadsEmail).empty();
  const auto& gender = l.Get(Field::kLeadsGender);
  const int profile = !(l.Get(Field::kLeadsArea).empty() && l.Get(Field::kTelLocation).empty()) +
                      !l.Get(Field::kAddress).empty() + (!gender.empty() && gender != "GENDER_TYPE_UNKNOWN") +
                      !l.Get(Field::kAge).empty() + !l.Get(Field::kProfession).empty();
  Features f{};
  f[I(Feature::kBias)] = 1;
  f[I(Feature::kPhoneValid)] = phone_present && phone.kind != PhoneKind::kInvalid && !phone_suspect;
  f[I(Feature::kPhoneSuspect)] = phone_suspect;
  f[I(Feature::kNoContact)] = !phone_present && others == 0;
  f[I(Feature::kNamePresent)] = !l.Get(Field::kLeadsName).empty() && !has(ReasonCode::kNameMash);
  f[I(Feature::kOtherContacts)] = others / 3.0;
  f[I(Feature::kProfile)] = profile / 5.0;
  f[I(Feature::kAnswers)] = !l.Get(Field::kCustomQa).empty() || !l.Get(Field::kLayerFormContent).empty();
  f[I(Feature::kDuplicates)] = duplicates > 1 ? std::log2(static_cast<double>(duplicates)) : 0.0;
  f[I(Feature::kSuspicious)] = suspicious;
  f[I(Feature::kMobile)] = phone.kind == PhoneKind::kMobile;
  return f;
}

ScoreModel DefaultModel() {
  ScoreModel m;
  auto& w = m.weights;
  w[I(Feature::kBias)] = -0.6;
  w[I(Feature::kPhoneValid)] = 1.4;
  w[I(Feature::kPhoneSuspect)] = -2.0;
  w[I(Feature::kNoContact)] = -2.0;
  w[I(Feature::kNamePresent)] = 0.5;
  w[I(Feature::kOtherContacts)] = 0.8;
  w[I(Feature::kProfile)] = 0.8;
  w[I(Feature::kAnswers)] = 0.5;
  w[I(Feature::kDuplicates)] = -0.9;
  w[I(Feature::kSuspicious)] = -2.0;
  w[I(Feature::kMobile)] = 0.3;
  return m;
}

double Probability(const ScoreModel& m, const Features& f) { return Sigmoid(Dot(m.weights, f)); }

int Score(const ScoreModel& m, const Features& f) {
  return std::clamp(static_cast<int>(std::lround(100.0 * Probability(m, f))), 0, 100);
}

ScoreModel FitLogistic(const std::vector<Features>& x, const std::vector<int>& y, double l2) {
  ScoreModel m;
  m.fitted = true;
  m.trained_on = static_cast<int64_t>(x.size());
  m.positives = std::count(y.begin(), y.end(), 1);
  Features w{};
  for (int iter = 0; iter < 30; ++iter) {
    std::array<std::array<double, kFeatureCount>, kFeatureCount> h{};
    Features g{};
    for (size_t n = 0; n < x.size(); ++n) {
      const double p = Sigmoid(Dot(w, x[n]));
      const double s = std::max(p * (1 - p), 1e-9);
      for (size_t i = 0; i < kFeatureCount; ++i) {
        g[i] += (p - y[n]) * x[n][i];
        for (size_t j = 0; j < kFeatureCount; ++j) h[i][j] += s * x[n][i] * x[n][j];
      }
    }
    for (size_t i = 1; i < kFeatureCount; ++i) {  // the bias is not shrunk
      g[i] += l2 * w[i];
      h[i][i] += l2;
    }
    h[0][0] += 1e-6;
    Features step{};
    if (!Solve(h, g, step)) break;
    double change = 0;
    for (size_t i = 0; i < kFeatureCount; ++i) {
      w[i] -= step[i];
      change = std::max(change, std::fabs(step[i]));
    }
    if (change < 1e-7) break;
  }
  m.weights = w;
  return m;
}

std::optional<double> Auc(const std::vector<double>& score, const std::vector<int>& y) {
  std::vector<size_t> idx(score.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return score[a] < score[b]; });
  double rank_sum = 0;
  int64_t pos = 0, neg = 0;
  for (size_t i = 0; i < idx.size();) {
    size_t j = i;
    while (j < idx.size() && score[idx[j]] == score[idx[i]]) ++j;
    const double avg_rank = (static_cast<double>(i) + static_cast<double>(j) + 1) / 2.0;  // 1-based
    for (size_t k = i; k < j; ++k)
      if (y[idx[k]]) rank_sum += avg_rank;
    i = j;
  }
  for (int v : y) (v ? pos : neg)++;
  if (!pos || !neg) return std::nullopt;
  return (rank_sum - static_cast<double>(pos) * (pos + 1) / 2.0) / (static_cast<double>(pos) * neg);
}

std::string PrintModel(const ScoreModel& m) {
  boost::json::object w;
  for (const auto& [f, name] : AllValues<Feature>()) w[name] = m.weights[I(f)];
  return JsonText(boost::json::object{{"weights", std::move(w)},
                                                    {"fitted", m.fitted},
                                                    {"trained_on", m.trained_on},
                                                    {"positives", m.positives},
                                                    {"holdout_auc", m.holdout_auc},
                                                    {"heuristic_auc", m.heuristic_auc},
                                                    {"fitted_at", m.fitted_at}});
}

StatusOr<ScoreModel> ParseModel(std::string_view json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return Internal(ErrorCode::kInternal, "stored score model is corrupt");
  const auto& o = v.get_object();
  ScoreModel m;
  const auto* w = o.if_contains("weights");
  if (!w || !w->is_object()) return Internal(ErrorCode::kInternal, "stored score model has no weights");
  for (const auto& [f, name] : AllValues<Feature>()) {
    const auto* x = w->get_object().if_contains(name);
    if (x && x->is_number()) m.weights[I(f)] = x->to_number<double>();
  }
  auto num = [&](const char* k) {
    const auto* x = o.if_contains(k);
    return x && x->is_number() ? x->to_number<double>() : 0.0;
  };
  const auto* fitted = o.if_contains("fitted");
  m.fitted = fitted && fitted->is_bool() && fitted->get_bool();
  m.trained_on = static_cast<int64_t>(num("trained_on"));
  m.positives = static_cast<int64_t>(num("positives"));
  m.holdout_auc = num("holdout_auc");
  m.heuristic_auc = num("heuristic_auc");
  m.fitted_at = static_cast<int64_t>(num("fitted_at"));
  return m;
}

}  // namespace leads::intel
