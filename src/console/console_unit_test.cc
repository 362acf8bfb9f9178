// Unit tests of the console's pure parts: passwords, CSV, cursors, filters,
// labels, content types.
#include <gtest/gtest.h>

#include "console/csv_export.h"
#include "console/labels.h"
#include "console/lead_filter.h"
#include "console/password.h"
#include "console/static_files.h"

namespace leads::console {
namespace {

TEST(ConsolePassword, HashesWithArgon2idAndVerifies) {
  auto h = HashPassword("correct horse battery");
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*h, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horse batterz"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(NeedsRehash(*h));
  auto h2 = HashPassword("correct horse battery");
  EXPECT_NE(*h, *h2);  // salted
}

TEST(ConsolePassword, Policy) {
  EXPECT_FALSE(CheckPasswordPolicy("short").ok());
  EXPECT_EQ(CheckPasswordPolicy("aaaaaaaaaaaa").code(), 2120);
  EXPECT_TRUE(CheckPasswordPolicy("a-long-enough-one").ok());
  EXPECT_EQ(CheckPasswordPolicy(std::string("abcdefghij\xff")).code(), 2118);
}

TEST(ConsoleCsv, QuotesEscapesAndProtectsCells) {
  std::string out;
  CsvWriter::AppendCell(out, "a\"b,c\r\nd");
  EXPECT_EQ(out, "\"a\"\"b,c\r\nd\"");
  out.clear();
  CsvWriter::AppendCell(out, "=HYPERLINK(1)");
  EXPECT_EQ(out, "\"'=HYPERLINK(1)\"");
  out.clear();
  CsvWriter::AppendCell(out, "13800138000");
  EXPECT_EQ(out, "\"\t13800138000\"");
  out.clear();
  CsvWriter::AppendCell(out, "100000001");
  EXPECT_EQ(out, "\"100000001\"");
}

TEST(ConsoleCsv, BomHeaderLabelsAndCrlf) {
  CsvWriter w(Lang::kZh);
  w.AddDoc(R"({"leads_id":100000001,"leads_name":"王伟","leads_follow_tag":"LEADS_FOLLOW_TAG_ASSIGNED"})");
  const std::string& t = w.text();
  EXPECT_TRUE(t.starts_with("\xEF\xBB\xBF\"线索ID\""));
  EXPECT_NE(t.find("\"王伟\""), std::string::npos);
  EXPECT_NE(t.find("\"已分配待跟进\""), std::string::npos);
  EXPECT_TRUE(t.ends_with("\r\n"));
  EXPECT_EQ(t.find("\n"), t.find("\r\n") + 1);
}

TEST(ConsoleFilter, ReadsEveryFilter) {
  api::QueryParams q{{"q", "138"}, {"time_type", "action"}, {"start", "2024-05-01"}, {"end", "2024-05-02"},
                     {"leads_type", "LEADS_TYPE_FORM,LEADS_TYPE_PHONE"}, {"follow_tag", "LEADS_FOLLOW_TAG_VALID"},
                     {"owner_name", "~"}, {"tag", "VIP"}, {"sort", "action_asc"}, {"page_size", "20"},
                     {"cursor", "1714536000.1714536000.100000001"}};
  auto s = ReadLeadFilter(q, 7, 8 * 3600);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->by_action_time);
  EXPECT_EQ(*s->start, 1714492800);
  EXPECT_EQ(*s->end, 1714492800 + 2 * 86400 - 1);
  EXPECT_EQ(s->sort, LeadSort::kActionAsc);
  EXPECT_EQ(s->limit, 20);
  ASSERT_TRUE(s->after);
  EXPECT_EQ(s->after->leads_id, 100000001);
  EXPECT_EQ(s->tag, "VIP");
  bool owner_none = false;
  for (const auto& [col, v] : s->equals)
    if (col == LeadColumn::kOwnerName) owner_none = v.size() == 1 && v[0].empty();
  EXPECT_TRUE(owner_none);
}

TEST(ConsoleFilter, RejectsBadValues) {
  EXPECT_EQ(ReadLeadFilter({{"leads_type", "NOPE"}}, 1, 0).status().code(), 2105);
  EXPECT_EQ(ReadLeadFilter({{"start", "2024-13-01"}}, 1, 0).status().code(), 2107);
  EXPECT_EQ(ReadLeadFilter({{"start", "2024-05-02"}, {"end", "2024-05-01"}}, 1, 0).status().code(), 2108);
  EXPECT_EQ(ReadLeadFilter({{"cursor", "x"}}, 1, 0).status().code(), 2104);
  EXPECT_EQ(ReadLeadFilter({{"sort", "name"}}, 1, 0).status().code(), 2105);
  EXPECT_EQ(ReadLeadFilter({{"page_size", "201"}}, 1, 0).status().code(), 2104);
}

TEST(ConsoleLabels, EveryFieldHasLabels) {
  for (const auto& f : FieldTable()) {
    EXPECT_FALSE(FieldLabel(f.field, Lang::kZh).empty());
    EXPECT_FALSE(FieldLabel(f.field, Lang::kEn).empty());
  }
  EXPECT_EQ(ValueLabel(Field::kLeadsFollowTag, "LEADS_FOLLOW_TAG_DEFAULT", Lang::kZh), "未分配");
  EXPECT_NE(MetaJson().find("\"leads_touch_tag\""), std::string::npos);
}

TEST(ConsoleStatic, ContentTypes) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("assets/index-abc.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("assets/index-abc.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace leads::console
