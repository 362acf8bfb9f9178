// leads_potential_score (0-100): a logistic model over a lead's features.
// Until an account has reported enough outcomes the built-in weights are used
// (completeness, validity, duplicates, suspicious patterns); `leadsd intel
// fit` (and the server, daily) fits the account's own weights from the leads
// it reported as valid (LEADS_FOLLOW_TAG_VALID*) or invalid (…_INVALID_*).
// The features are documented in docs/INTELLIGENCE.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "intel/contact.h"
#include "intel/rules.h"
#include "model/lead.h"

namespace leads {
#define LEADS_FEATURE_LIST(X)                                                                      \
  X(kBias, "bias") X(kPhoneValid, "phone_valid") X(kPhoneSuspect, "phone_suspect")                  \
  X(kNoContact, "no_contact") X(kNamePresent, "name_present") X(kOtherContacts, "other_contacts")    \
  X(kProfile, "profile") X(kAnswers, "answers") X(kDuplicates, "duplicates")                        \
  X(kSuspicious, "suspicious") X(kMobile, "mobile")
LEADS_DEFINE_ENUM(ScoreFeature, LEADS_FEATURE_LIST);
}  // namespace leads

namespace leads::intel {

using Feature = ScoreFeature;

inline constexpr size_t kFeatureCount = EnumTraits<Feature>::kTable.size();
using Features = std::array<double, kFeatureCount>;

// `reasons`: the lead's reason codes; `duplicates`: N of 重复N条 (0: none).
Features ComputeFeatures(const Lead& lead, const Phone& phone, const std::vector<ReasonCode>& reasons,
                         int64_t duplicates);

struct ScoreModel {
  Features weights{};
  bool fitted = false;  // false: the built-in weights
  int64_t trained_on = 0, positives = 0;
  double holdout_auc = 0, heuristic_auc = 0;  // on the held-out part of the account's outcomes
  int64_t fitted_at = 0;
};

ScoreModel DefaultModel();
// 0..100.
int Score(const ScoreModel& m, const Features& f);
double Probability(const ScoreModel& m, const Features& f);

// L2-regularised logistic regression by Newton's method (IRLS).
ScoreModel FitLogistic(const std::vector<Features>& x, const std::vector<int>& y, double l2 = 1.0);
// Area under the ROC curve (ties count half); nullopt without both classes.
std::optional<double> Auc(const std::vector<double>& score, const std::vector<int>& y);

std::string PrintModel(const ScoreModel& m);
StatusOr<ScoreModel> ParseModel(std::string_view json);

// Fewest outcomes (and of each class) before an account gets its own weights.
inline constexpr int64_t kMinTraining = 200, kMinPerClass = 30;

}  // namespace leads::intel
