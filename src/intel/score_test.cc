#include <gtest/gtest.h>

#include <cmath>

#include "intel/analytics.h"
#include "intel/score.h"
#include "intel/score_eval.h"

namespace leads::intel {
namespace {

TEST(Auc, KnownValues) {
  EXPECT_DOUBLE_EQ(*Auc({0.1, 0.2, 0.8, 0.9}, {0, 0, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(*Auc({0.9, 0.8, 0.2, 0.1}, {0, 0, 1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(*Auc({0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1}), 0.5);
  EXPECT_DOUBLE_EQ(*Auc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1}), 0.75);
  EXPECT_FALSE(Auc({0.1, 0.2}, {1, 1}).has_value());
}

TEST(Score, DefaultWeightsOrderCompletenessAndValidity) {
  Lead full;
  full.Set(Field::kLeadsName, "张伟");
  full.Set(Field::kLeadsTel, "13912345670");
  full.Set(Field::kLeadsWechat, "wx");
  full.Set(Field::kLeadsArea, "北京");
  full.Set(Field::kCustomQa, "[]");
  Lead bare;
  bare.Set(Field::kLeadsTel, "13912345670");
  const ScoreModel m = DefaultModel();
  const Phone p = NormalizePhone("13912345670");
  const int s_full = Score(m, ComputeFeatures(full, p, {}, 0));
  const int s_bare = Score(m, ComputeFeatures(bare, p, {}, 0));
  const int s_dup = Score(m, ComputeFeatures(full, p, {ReasonCode::kDuplicate}, 3));
  const int s_bad = Score(m, ComputeFeatures(full, NormalizePhone("13800138000"), {ReasonCode::kPhonePlaceholder}, 0));
  EXPECT_GT(s_full, s_bare);
  EXPECT_GT(s_full, s_dup);
  EXPECT_GT(s_bare, s_bad);
  EXPECT_GE(s_bad, 0);
  EXPECT_LE(s_full, 100);
}

TEST(Score, LogisticFitRecoversASeparatingFeature) {
  std::vector<Features> x;
  std::vector<int> y;
  for (int i = 0; i < 400; ++i) {
    Features f{};
    f[0] = 1;
    f[static_cast<size_t>(Feature::kPhoneValid)] = i % 2;
    f[static_cast<size_t>(Feature::kProfile)] = (i % 7) / 7.0;
    x.push_back(f);
    y.push_back((i % 2 == 1 && i % 5 != 0) || (i % 2 == 0 && i % 9 == 0) ? 1 : 0);
  }
  ScoreModel m = FitLogistic(x, y);
  EXPECT_GT(m.weights[static_cast<size_t>(Feature::kPhoneValid)], 1.0);
  std::vector<double> s;
  for (const auto& f : x) s.push_back(Probability(m, f));
  EXPECT_GT(*Auc(s, y), 0.8);
  auto back = ParseModel(PrintModel(m));
  ASSERT_TRUE(back.ok());
  EXPECT_NEAR(back->weights[1], m.weights[1], 1e-9);
  EXPECT_TRUE(back->fitted);
}

TEST(ScoreEval, ReproducibleAndBetterThanChance) {
  EvalOptions o;
  o.leads = 4000;
  o.seed = 7;
  EvalResult a = RunScoreEval(o), b = RunScoreEval(o);
  EXPECT_EQ(a.fitted_auc, b.fitted_auc);
  EXPECT_EQ(a.tagged_duplicate, b.tagged_duplicate);
  EXPECT_GT(a.tagged_duplicate, 0);
  EXPECT_GT(a.tagged_empty_number, 0);
  EXPECT_GT(a.tagged_suspicious, 0);
  EXPECT_GT(a.heuristic_auc, 0.7);
  EXPECT_GT(a.fitted_auc, 0.7);
  EXPECT_GT(a.suspicious_precision, 0.8);
}

TEST(SpendCsv, ParsesAndNamesBadLines) {
  auto rows = ParseSpendCsv("\xEF\xBB\xBF" "date,campaign_id,spend,revenue\r\n2024-11-29,c1,1234.5,\r\n2024-11-29,\"c,2\",10,99.99\n",
                            8 * 3600);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].spend_fen, 123450);
  EXPECT_FALSE((*rows)[0].revenue_fen.has_value());
  EXPECT_EQ((*rows)[1].campaign_id, "c,2");
  EXPECT_EQ(*(*rows)[1].revenue_fen, 9999);
  EXPECT_EQ((*rows)[0].day, DayNumber(1732809600, 8 * 3600));  // 2024-11-29 00:00 +08:00
  auto bad = ParseSpendCsv("date,campaign_id,spend\n2024-11-29,c1,12.345\n", 8 * 3600);
  EXPECT_EQ(bad.status().code(), 2121);
  EXPECT_NE(bad.status().message().find("line 2: spend"), std::string::npos);
  EXPECT_EQ(ParseSpendCsv("date,campaign,spend\n", 0).status().code(), 2121);
  EXPECT_NE(ParseSpendCsv("date,campaign_id,spend\n2024-13-01,c,1\n", 0).status().message().find("date"), std::string::npos);
  EXPECT_NE(ParseSpendCsv("date,campaign_id,spend\n2024-11-01,c,1\n2024-11-01,c,2\n", 0).status().message().find("line 3"),
            std::string::npos);
  EXPECT_EQ(ParseSpendCsv("", 0).status().code(), 2121);
}

}  // namespace
}  // namespace leads::intel
