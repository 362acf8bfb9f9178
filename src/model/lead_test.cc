#include "model/lead.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

namespace leads {
namespace {

TEST(LeadTest, SchemaHasEveryPushFieldOnce) {
  std::set<std::string_view> push, pull;
  size_t push_count = 0;
  for (const auto& s : FieldTable()) {
    if (s.in_push) {
      ++push_count;
      EXPECT_TRUE(push.insert(s.push_name).second) << s.push_name;
    }
    EXPECT_TRUE(pull.insert(s.pull_name).second) << s.pull_name;
  }
  EXPECT_EQ(push_count, 68u);  // §6 push set
  for (auto renamed : {"leads_nationality", "leads_working_years", "leads_age", "leads_profession",
                       "leads_id_number", "leads_address", "leads_come_from", "page_tools"})
    EXPECT_TRUE(pull.count(renamed)) << renamed;
  EXPECT_FALSE(push.count("leads_come_from"));
}

TEST(LeadTest, RendersPushAndPullWithTheirTypes) {
  Lead l;
  l.Set(Field::kLeadsId, "100343432");
  l.Set(Field::kAccountId, "25610");
  l.Set(Field::kAge, "21岁");
  l.Set(Field::kDynamicCreativeId, "7");
  l.Set(Field::kBundle, "{\"爱好\":\"看书\"}");
  auto push = boost::json::parse(l.RenderPush()).as_object();
  auto pull = boost::json::parse(l.RenderPull()).as_object();
  EXPECT_EQ(push.size(), 67u);  // leads_response_duration is absent when unset
  EXPECT_FALSE(push.contains("leads_response_duration"));
  EXPECT_TRUE(push.at("leads_id").is_int64());
  EXPECT_TRUE(push.at("account_id").is_int64());
  EXPECT_TRUE(push.at("claim_advertiser_id").is_int64());
  EXPECT_TRUE(push.at("dynamic_creative_id").is_int64());
  EXPECT_TRUE(pull.at("dynamic_creative_id").is_string());
  EXPECT_EQ(push.at("age").as_string(), "21岁");
  EXPECT_EQ(pull.at("leads_age").as_string(), "21岁");
  EXPECT_FALSE(pull.contains("age"));
  EXPECT_EQ(pull.at("bundle").as_string(), "{\"爱好\":\"看书\"}");
  l.Set(Field::kLeadsResponseDuration, "50");
  EXPECT_EQ(boost::json::parse(l.RenderPush()).at("leads_response_duration").as_int64(), 50);
}

TEST(LeadTest, ReadsPushOrPullNamesAndRejectsBadValues) {
  auto ok = LeadFromJson(boost::json::parse(R"({"leads_age":"21岁","leads_tel":13800000000,"leads_type":"LEADS_TYPE_FORM","x":null})").as_object(), "");
  EXPECT_FALSE(ok.ok());  // "x" is unknown
  EXPECT_EQ(ok.status().code(), Code(ErrorCode::kUnknownField));
  auto good = LeadFromJson(boost::json::parse(R"({"leads_age":"21岁","leads_tel":13800000000,"leads_type":"LEADS_TYPE_FORM"})").as_object(), "");
  ASSERT_TRUE(good.ok()) << good.status().message();
  EXPECT_EQ(good->Get(Field::kAge), "21岁");
  EXPECT_EQ(good->Get(Field::kLeadsTel), "13800000000");
  struct Case { const char* json; ErrorCode code; const char* field; };
  for (const auto& c : std::vector<Case>{
           {R"({"leads_type":"LEADS_TYPE_NOPE"})", ErrorCode::kUnknownEnum, "leads_type"},
           {R"({"leads_gender":"male"})", ErrorCode::kUnknownEnum, "leads_gender"},
           {R"({"leads_create_time":"2024-05-01"})", ErrorCode::kInvalidTime, "leads_create_time"},
           {R"({"leads_name":["a"]})", ErrorCode::kWrongType, "leads_name"},
           {R"({"leads_name":true})", ErrorCode::kWrongType, "leads_name"},
           {R"({"claim_advertiser_id":"12ab"})", ErrorCode::kInvalidValue, "claim_advertiser_id"},
           {R"({"age":"1","leads_age":"2"})", ErrorCode::kDuplicateParameter, "age"},
       }) {
    auto r = LeadFromJson(boost::json::parse(c.json).as_object(), "line 3: ");
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().code(), Code(c.code)) << c.json;
    EXPECT_NE(r.status().message().find(c.field), std::string::npos) << r.status().message();
    EXPECT_EQ(r.status().message().rfind("line 3: ", 0), 0u) << r.status().message();
  }
}

TEST(LeadTest, EscapesControlCharactersAndQuotes) {
  Lead l;
  l.Set(Field::kLeadsName, "a\"b\\c\n\x01");
  auto v = boost::json::parse(l.RenderPull());
  EXPECT_EQ(v.at("leads_name").as_string(), "a\"b\\c\n\x01");
}

}  // namespace
}  // namespace leads
