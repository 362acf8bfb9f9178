#include <gtest/gtest.h>

#include "intel/memory_lookup.h"
#include "intel/rules.h"
#include "intel/tagger.h"

namespace leads::intel {
namespace {

constexpr int64_t kT0 = 1732838400;
constexpr int64_t kDay = 86400;

Lead WithTel(const std::string& tel) {
  Lead l;
  l.Set(Field::kLeadsTel, tel);
  l.Set(Field::kLeadsName, "张伟");
  return l;
}

// Tags `lead` at `t` for `account` and then stores it (as intake does).
TagResult TagAndStore(MemoryLookup& m, int64_t account, const Lead& lead, int64_t t, int64_t id,
                      const Rules& rules = {}) {
  Tagger tagger(m);
  auto r = tagger.Tag(account, rules, {{&lead, t, std::nullopt}});
  EXPECT_TRUE(r.ok());
  m.Add(account, id, t, (*r)[0]);
  return (*r)[0];
}

TEST(Tagger, DuplicateAcrossFormatsCountsThisLead) {
  MemoryLookup m;
  EXPECT_TRUE(TagAndStore(m, 1, WithTel("13912345670"), kT0, 1).tags.empty());
  auto second = TagAndStore(m, 1, WithTel("+86 139-1234-5670"), kT0 + 60, 2);
  EXPECT_EQ(second.tags, std::vector<std::string>{"重复2条"});
  auto third = TagAndStore(m, 1, WithTel("0086 139 1234 5670"), kT0 + 120, 3);
  EXPECT_EQ(third.tags, std::vector<std::string>{"重复3条"});
  ASSERT_EQ(third.reasons.size(), 1u);
  EXPECT_EQ(third.reasons[0].code, ReasonCode::kDuplicate);
  EXPECT_NE(third.reasons[0].detail.find("2 earlier"), std::string::npos);
}

TEST(Tagger, WindowEdges) {
  MemoryLookup m;
  TagAndStore(m, 1, WithTel("13912345670"), kT0, 1);
  // Exactly 30 days later: inside; one second more: outside.
  EXPECT_EQ(TagAndStore(m, 1, WithTel("13912345670"), kT0 + 30 * kDay, 2).duplicates, 2);
  MemoryLookup m2;
  TagAndStore(m2, 1, WithTel("13912345670"), kT0, 1);
  EXPECT_EQ(TagAndStore(m2, 1, WithTel("13912345670"), kT0 + 30 * kDay + 1, 2).duplicates, 0);
  // A per-account window.
  Rules seven;
  seven.duplicate_window_days = 7;
  MemoryLookup m3;
  TagAndStore(m3, 1, WithTel("13912345670"), kT0, 1);
  EXPECT_EQ(TagAndStore(m3, 1, WithTel("13912345670"), kT0 + 8 * kDay, 2, seven).duplicates, 0);
}

TEST(Tagger, AccountsAreSeparate) {
  MemoryLookup m;
  TagAndStore(m, 1, WithTel("13912345670"), kT0, 1);
  EXPECT_EQ(TagAndStore(m, 2, WithTel("13912345670"), kT0 + 1, 2).duplicates, 0);
}

TEST(Tagger, OtherContactsAndOneCountPerLead) {
  MemoryLookup m;
  Lead a = WithTel("13912345670");
  a.Set(Field::kLeadsWechat, "WXID_Zhang");
  a.Set(Field::kLeadsEmail, "z@example.com");
  TagAndStore(m, 1, a, kT0, 1);
  Lead b;
  b.Set(Field::kLeadsWechat, "wxid_zhang ");
  b.Set(Field::kLeadsEmail, "Z@Example.com");
  // Two keys match the same earlier lead: still one match.
  EXPECT_EQ(TagAndStore(m, 1, b, kT0 + 5, 2).duplicates, 2);
  Lead c;
  c.Set(Field::kLeadsQq, "12345678");
  TagAndStore(m, 1, c, kT0 + 6, 3);
  Lead d;
  d.Set(Field::kLeadsQq, "QQ 12345678");
  EXPECT_EQ(TagAndStore(m, 1, d, kT0 + 7, 4).duplicates, 2);
}

TEST(Tagger, DuplicatesInsideOneBatchInTimeOrder) {
  MemoryLookup m;
  Tagger tagger(m);
  Lead late = WithTel("13912345670"), early = WithTel("139 1234 5670"), other = WithTel("13712345679");
  // The batch lists the later lead first: the earlier one is still "first".
  auto r = tagger.Tag(1, {}, {{&late, kT0 + 100, std::nullopt}, {&early, kT0, std::nullopt}, {&other, kT0, std::nullopt}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].duplicates, 2);
  EXPECT_EQ((*r)[1].duplicates, 0);
  EXPECT_EQ((*r)[2].duplicates, 0);
  EXPECT_EQ(m.finds, 1);  // one lookup for the whole batch
}

TEST(Tagger, OneNumberInAHugeBatchStaysLinear) {
  // 3,000 leads with one placeholder number in one batch, after 2,000 stored:
  // counted per key above 1,000 matches (exact, as only one key matches).
  MemoryLookup m;
  Lead l = WithTel("13800138000");
  auto first = Tagger(m).Tag(1, {}, {{&l, kT0, std::nullopt}});
  ASSERT_TRUE(first.ok());
  for (int i = 0; i < 2000; ++i) m.Add(1, i + 1, kT0 + i, (*first)[0]);
  std::vector<TagInput> in;
  for (int i = 0; i < 3000; ++i) in.push_back({&l, kT0 + 2000 + i, std::nullopt});
  Tagger tagger(m);
  auto r = tagger.Tag(1, {}, in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].duplicates, 2001);
  EXPECT_EQ((*r)[999].duplicates, 3000);
  EXPECT_EQ((*r)[2999].tags.front(), "重复5000条");
}

TEST(Tagger, RetagCountsOnlyEarlierStoredLeads) {
  MemoryLookup m;
  Lead a = WithTel("13912345670"), b = WithTel("13912345670");
  TagAndStore(m, 1, a, kT0, 1);
  TagAndStore(m, 1, b, kT0, 2);  // same second, later id
  Tagger tagger(m);
  auto r = tagger.Tag(1, {}, {{&a, kT0, int64_t{1}}, {&b, kT0, int64_t{2}}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].duplicates, 0);
  EXPECT_EQ((*r)[1].duplicates, 2);
}

TEST(Tagger, EmptyNumberAndSuspiciousTags) {
  MemoryLookup m;
  Lead l = WithTel("13800138000");
  l.Set(Field::kLeadsName, "asdfgh");
  auto r = TagAndStore(m, 1, l, kT0, 1);
  EXPECT_EQ(r.tags, (std::vector<std::string>{"疑似空号", "可疑数据"}));
  Lead foreign = WithTel("+1 415 555 0132");
  EXPECT_TRUE(TagAndStore(m, 1, foreign, kT0, 2).tags.empty());
}

TEST(Tagger, ClickBurstWithinMinutes) {
  MemoryLookup m;
  auto with_click = [](const std::string& tel) {
    Lead l = WithTel(tel);
    l.Set(Field::kClickId, "wx0abc");
    return l;
  };
  EXPECT_TRUE(TagAndStore(m, 1, with_click("13912345671"), kT0, 1).tags.empty());
  EXPECT_TRUE(TagAndStore(m, 1, with_click("13912345672"), kT0 + 60, 2).tags.empty());
  auto third = TagAndStore(m, 1, with_click("13912345673"), kT0 + 120, 3);
  EXPECT_EQ(third.tags, std::vector<std::string>{"可疑数据"});
  EXPECT_EQ(third.reasons[0].code, ReasonCode::kClickBurst);
  // Another click id after the window: nothing.
  EXPECT_TRUE(TagAndStore(m, 1, with_click("13912345674"), kT0 + 2000, 4).tags.empty());
}

TEST(Tagger, PageBurstAgainstItsNormalRate) {
  MemoryLookup m;
  Rules r;
  r.page_burst_min = 10;
  r.page_burst_factor = 5;
  int64_t id = 0;
  // A normal rate: one lead an hour for a week.
  for (int h = 0; h < 7 * 24; ++h) {
    Lead l = WithTel("1391234" + std::to_string(1000 + h));
    l.Set(Field::kPageId, "p1");
    TagAndStore(m, 1, l, kT0 + h * 3600, ++id, r);
  }
  const int64_t t = kT0 + 7 * 24 * 3600 + 3600;
  Tagger tagger(m);
  std::vector<Lead> burst(12);
  std::vector<TagInput> in;
  for (size_t i = 0; i < burst.size(); ++i) {
    burst[i] = WithTel("1371234" + std::to_string(1000 + i));
    burst[i].Set(Field::kPageId, "p1");
    in.push_back({&burst[i], t + static_cast<int64_t>(i), std::nullopt});
  }
  auto out = tagger.Tag(1, r, in);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE((*out)[8].tags.empty());  // 9 leads in 20 minutes: under page_burst_min
  EXPECT_EQ((*out)[9].tags, std::vector<std::string>{"可疑数据"});
  EXPECT_EQ((*out)[9].reasons[0].code, ReasonCode::kPageBurst);
}

TEST(Tagger, FastSubmit) {
  MemoryLookup m;
  Lead l = WithTel("13912345670");
  l.Set(Field::kBundle, R"({"form_fill_ms": 800})");
  EXPECT_EQ(TagAndStore(m, 1, l, kT0, 1).tags, std::vector<std::string>{"可疑数据"});
  l.Set(Field::kBundle, R"({"form_fill_ms": 9000})");
  l.Set(Field::kLeadsTel, "13712345670");
  EXPECT_TRUE(TagAndStore(m, 1, l, kT0 + 100000, 2).tags.empty());
}

TEST(Tags, MergeReplacesOnlyOurs) {
  EXPECT_EQ(MergeTags("VIP;重复2条;疑似空号", {"重复3条"}), "VIP;重复3条");
  EXPECT_EQ(MergeTags("", {"重复2条", "疑似空号"}), "重复2条;疑似空号");
  EXPECT_EQ(MergeTags("a; b", {}), "a;b");
  EXPECT_TRUE(IsIntelTag("重复12条"));
  EXPECT_FALSE(IsIntelTag("重复条"));
}

TEST(Rules, ParsePrintAndErrors) {
  auto r = ParseRules(R"({"duplicate_window_days": 7, "disabled": ["page_burst"], "placeholder_numbers": ["13900000001"]})");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->duplicate_window_days, 7);
  EXPECT_FALSE(r->Enabled(ReasonCode::kPageBurst));
  auto again = ParseRules(PrintRules(*r));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(PrintRules(*again), PrintRules(*r));
  // Partial update keeps the rest.
  auto merged = ParseRules(R"({"click_burst_count": 5})", *r);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->duplicate_window_days, 7);
  EXPECT_EQ(merged->click_burst_count, 5);
  EXPECT_EQ(ParseRules(R"({"duplicate_window_days": -1})").status().code(), 2104);
  EXPECT_EQ(ParseRules(R"({"duplicate_window_days": "7"})").status().code(), 2103);
  EXPECT_EQ(ParseRules(R"({"nope": 1})").status().code(), 2106);
  EXPECT_EQ(ParseRules(R"({"disabled": ["nope"]})").status().code(), 2105);
  EXPECT_EQ(ParseRules("[").status().code(), 2100);
  EXPECT_NE(ParseRules(R"({"nope": 1})").status().message().find("rules.nope"), std::string::npos);
}

}  // namespace
}  // namespace leads::intel
