#include <gtest/gtest.h>

#include "service/lead_file.h"

namespace leads {
namespace {

TEST(LeadFileTest, CsvWithQuotesCommasNewlinesAndBom) {
  std::string csv =
      "\xEF\xBB\xBFleads_name,leads_address,bundle\r\n"
      "\"王, 五\",\"深圳\n南山\",\"{\"\"爱好\"\":\"\"看书\"\"}\"\r\n"
      "李四,,\n";
  auto r = ParseLeadText(csv, "csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].lead.Get(Field::kLeadsName), "王, 五");
  EXPECT_EQ((*r)[0].lead.Get(Field::kAddress), "深圳\n南山");
  EXPECT_EQ((*r)[0].lead.Get(Field::kBundle), "{\"爱好\":\"看书\"}");
  EXPECT_EQ((*r)[1].lead.Get(Field::kLeadsName), "李四");
  EXPECT_EQ((*r)[1].where, "line 4: ");  // the quoted newline makes row 2 span lines 2-3
}

TEST(LeadFileTest, CsvErrorsNameLineAndField) {
  auto bad_enum = ParseLeadText("leads_name,leads_type\na,LEADS_TYPE_FORM\nb,NOPE\n", "csv");
  ASSERT_FALSE(bad_enum.ok());
  EXPECT_EQ(bad_enum.status().message(), "line 3: leads_type: unknown enum value 'NOPE'");
  auto bad_col = ParseLeadText("leads_name,nope\n", "csv");
  EXPECT_EQ(bad_col.status().code(), Code(ErrorCode::kUnknownField));
  auto ragged = ParseLeadText("leads_name,leads_tel\na\n", "csv");
  EXPECT_NE(ragged.status().message().find("line 2"), std::string::npos);
  auto quote = ParseLeadText("leads_name\n\"abc\n", "csv");
  EXPECT_FALSE(quote.ok());
  auto utf8 = ParseLeadText("leads_name\nok\n\xff\xfe\n", "csv");
  EXPECT_EQ(utf8.status().code(), Code(ErrorCode::kInvalidUtf8));
  EXPECT_NE(utf8.status().message().find("line 3"), std::string::npos);
}

TEST(LeadFileTest, JsonLinesSkipBlankLinesAndNameTheLine) {
  auto r = ParseLeadText("{\"leads_name\":\"a\"}\n\n{\"leads_name\":\"b\"}\r\n", "jsonl");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 2u);
  auto bad = ParseLeadText("{\"leads_name\":\"a\"}\n{\"leads_name\":\n", "jsonl");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Code(ErrorCode::kBodyNotJson));
  EXPECT_EQ(bad.status().message().rfind("line 2: ", 0), 0u);
  auto arr = ParseLeadText("[1]\n", "jsonl");
  EXPECT_EQ(arr.status().code(), Code(ErrorCode::kBodyNotObject));
}

}  // namespace
}  // namespace leads
