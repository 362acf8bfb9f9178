// The four /api/mv1 interfaces and the intake endpoint, end to end.
#include <algorithm>
#include <random>
#include <set>
#include <thread>

#include "common/time_format.h"
#include "tests/e2e/fixture.h"

namespace leads::e2e {
namespace {

using Api = E2eTest;

// 2024-05-01 12:00:00 +08:00
constexpr int64_t kBase = 1714536000;

int64_t ParseDateOrDie(const std::string& d) { return *ParseRangeBound(d, false, kChinaOffsetSeconds); }

TEST_F(Api, ListReturnsTheFieldSetWithTheDocumentsTypes) {
  server_->Import(kAccount, MakeLeadsJsonl(1));
  auto data = List("start_time=2024-05-01&end_time=2024-05-01");
  const auto& info = data.at("page_info").as_object();
  EXPECT_EQ(info.at("page").as_int64(), 1);
  EXPECT_EQ(info.at("page_size").as_int64(), 50);
  EXPECT_EQ(info.at("total_number").as_int64(), 1);
  EXPECT_EQ(info.at("total_page").as_int64(), 1);
  const auto& lead = data.at("list").at(0).as_object();
  EXPECT_TRUE(lead.at("leads_id").is_int64());
  EXPECT_LT(lead.at("leads_id").as_int64(), int64_t{1} << 53);
  EXPECT_EQ(lead.at("account_id").as_int64(), kAccount);
  EXPECT_TRUE(lead.at("claim_advertiser_id").is_int64());
  EXPECT_TRUE(lead.at("dynamic_creative_id").is_string());
  EXPECT_EQ(lead.at("account_type").as_string(), "ACCOUNT_TYPE_GDT");
  EXPECT_EQ(lead.at("advertiser_id").as_string(), "25610");
  EXPECT_EQ(lead.at("leads_age").as_string(), "30岁");  // pull name
  EXPECT_FALSE(lead.contains("age"));
  EXPECT_EQ(lead.at("leads_create_time").as_string(), "2024-05-01 12:00:00");
  EXPECT_EQ(lead.at("leads_action_time").as_string(), "2024-05-01 11:59:30");
  EXPECT_EQ(lead.at("leads_follow_tag").as_string(), "LEADS_FOLLOW_TAG_DEFAULT");
  for (auto name : {"click_id", "leads_nationality", "leads_working_years", "leads_profession", "leads_id_number",
                    "leads_address", "leads_come_from", "page_tools", "bundle", "layer_form_content", "custom_qa",
                    "owner_name", "all_follow_records", "dynamic_creative_name", "wechat_spid", "leads_pool_id",
                    "adcreative_id", "call_record_url", "nick_name", "is_broad_cast_leads"})
    EXPECT_TRUE(lead.contains(name)) << name;
  EXPECT_FALSE(lead.contains("leads_response_duration"));  // never responded
  EXPECT_EQ(lead.size(), 69u);  // 68 push fields + leads_come_from + page_tools - leads_response_duration
}

TEST_F(Api, ListOrdersByCreateTimeThenIdDescendingAndFiltersByTimeType) {
  // Three leads: create times base, base+10, base+10 (tie), action times 30 s earlier.
  std::string jsonl = MakeLeadsJsonl(2, kBase, 10) + MakeLeadsJsonl(1, kBase + 10);
  server_->Import(kAccount, jsonl);
  auto data = List(kAllTime);
  const auto& list = data.at("list").as_array();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].at("leads_create_time"), list[1].at("leads_create_time"));
  EXPECT_GT(list[0].at("leads_id").as_int64(), list[1].at("leads_id").as_int64());
  EXPECT_GT(list[1].at("leads_create_time").as_string(), list[2].at("leads_create_time").as_string());
  // Epoch bounds are inclusive; time_type 0 filters on the action time.
  auto by_create = List("start_time=" + std::to_string(kBase + 10) + "&end_time=" + std::to_string(kBase + 10) + "&time_type=1");
  EXPECT_EQ(by_create.at("page_info").at("total_number").as_int64(), 2);
  auto by_action = List("start_time=" + std::to_string(kBase - 30) + "&end_time=" + std::to_string(kBase - 30) + "&time_type=0");
  EXPECT_EQ(by_action.at("page_info").at("total_number").as_int64(), 1);
  auto default_type = List("start_time=" + std::to_string(kBase - 30) + "&end_time=" + std::to_string(kBase - 30));
  EXPECT_EQ(default_type.at("page_info").at("total_number").as_int64(), 1);
}

TEST_F(Api, EndDateIncludesTheWholeDayInChinaTime) {
  // 2024-05-01 23:59:59 and 2024-05-02 00:00:00 (+08:00).
  server_->Import(kAccount, MakeLeadsJsonl(2, 1714579199, 1));
  EXPECT_EQ(List("start_time=2024-05-01&end_time=2024-05-01&time_type=1").at("page_info").at("total_number").as_int64(), 1);
  EXPECT_EQ(List("start_time=2024-05-02&end_time=2024-05-02&time_type=1").at("page_info").at("total_number").as_int64(), 1);
}

TEST_F(Api, TotalNumberMatchesABruteForceCountForAnyRange) {
  // 300 leads every 997 s (about 3.5 days); action time 30 s before create time.
  server_->Import(kAccount, MakeLeadsJsonl(300, kBase - 40000, 997));
  std::vector<int64_t> create, action;
  for (int i = 0; i < 300; ++i) {
    create.push_back(kBase - 40000 + i * 997);
    action.push_back(create.back() - 30);
  }
  std::mt19937_64 rng(7);
  auto pick = [&] { return kBase - 50000 + static_cast<int64_t>(rng() % 400000); };
  for (int k = 0; k < 40; ++k) {
    int64_t a = pick(), b = pick();
    if (k % 4 == 0) a = create[rng() % 300];                                 // exactly on a lead
    if (k % 5 == 0) {  // whole days
      a = ParseDateOrDie("2024-05-01");
      b = a + 86400 * 2 - 1;
    }
    if (a > b) std::swap(a, b);
    for (int type = 0; type <= 1; ++type) {
      const auto& times = type ? create : action;
      int64_t expected = std::count_if(times.begin(), times.end(), [&](int64_t t) { return t >= a && t <= b; });
      auto data = List("start_time=" + std::to_string(a) + "&end_time=" + std::to_string(b) + "&time_type=" +
                       std::to_string(type) + "&page_size=200");
      EXPECT_EQ(data.at("page_info").at("total_number").as_int64(), expected) << a << ".." << b << " type " << type;
      EXPECT_EQ(static_cast<int64_t>(data.at("list").as_array().size()), std::min<int64_t>(expected, 200));
    }
  }
}

TEST_F(Api, PagesCountAndEndWithAnEmptyList) {
  server_->Import(kAccount, MakeLeadsJsonl(45));
  auto p1 = List(kAllTime + "&page_size=20&page=1");
  EXPECT_EQ(p1.at("page_info").at("total_number").as_int64(), 45);
  EXPECT_EQ(p1.at("page_info").at("total_page").as_int64(), 3);
  EXPECT_EQ(p1.at("list").as_array().size(), 20u);
  auto p3 = List(kAllTime + "&page_size=20&page=3");
  EXPECT_EQ(p3.at("list").as_array().size(), 5u);
  auto p4 = List(kAllTime + "&page_size=20&page=4");
  EXPECT_TRUE(p4.at("list").as_array().empty());
  EXPECT_EQ(p4.at("page_info").at("total_number").as_int64(), 45);
  // Pages do not overlap.
  std::set<int64_t> ids;
  for (int p = 1; p <= 3; ++p)
    for (const auto& l : Items(kAllTime + "&page_size=20&page=" + std::to_string(p)))
      EXPECT_TRUE(ids.insert(l.at("leads_id").as_int64()).second);
  EXPECT_EQ(ids.size(), 45u);
  EXPECT_EQ(Items(kAllTime + "&page_size=200").size(), 45u);
}

TEST_F(Api, ListSeesOnlyTheTokensAccount) {
  server_->Import(kAccount, MakeLeadsJsonl(3));
  server_->Import(kOther, MakeLeadsJsonl(2));
  EXPECT_EQ(List(kAllTime).at("page_info").at("total_number").as_int64(), 3);
  auto other = List(kAllTime, &other_fwd_);
  EXPECT_EQ(other.at("page_info").at("total_number").as_int64(), 2);
  for (const auto& l : other.at("list").as_array()) EXPECT_EQ(l.at("account_id").as_int64(), kOther);
  // Another account's lead is not a valid cursor.
  auto mine = List(kAllTime).at("list").at(0).at("leads_id").as_int64();
  auto r = server_->Get("/api/mv1/leads/list?" + kAllTime + "&search_after_leads_id=" + std::to_string(mine), other_fwd_);
  Envelope(r, 2111);
}

TEST_F(Api, DeepPagingWalksEveryLeadOnceWhileLeadsArrive) {
  server_->Import(kAccount, MakeLeadsJsonl(1000, kBase, 7));
  std::vector<int64_t> ids;
  std::string after;
  int pages = 0;
  for (;;) {
    auto data = List(kAllTime + "&page_size=37" + after);
    const auto& list = data.at("list").as_array();
    if (list.empty()) break;
    EXPECT_EQ(data.at("page_info").at("total_number").as_int64() >= 1000, true);
    for (const auto& l : list) ids.push_back(l.at("leads_id").as_int64());
    after = "&page=9&search_after_leads_id=" + std::to_string(ids.back());  // page is ignored with a cursor
    if (++pages == 5) {
      // New leads (newer create time) and a lead imported with an old entry time arrive mid-walk.
      server_->Import(kAccount, MakeLeadsJsonl(50, kBase + 100000, 1));
      server_->Import(kAccount, MakeLeadsJsonl(1, kBase - 5000, 1));
    }
  }
  std::set<int64_t> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size()) << "a lead was repeated";
  // All 1000 original leads plus the old-entry-time one (it sorts after the cursor); none of the newer 50.
  EXPECT_EQ(ids.size(), 1001u);
  auto all = WalkAll(kAllTime, 200);
  EXPECT_EQ(all.size(), 1051u);
}

TEST_F(Api, ListParameterErrorsNameTheParameter) {
  struct Case { std::string query; int code; std::string field; };
  for (const auto& c : std::vector<Case>{
           {"end_time=2024-05-01", 2102, "start_time"},
           {"start_time=2024-05-01", 2102, "end_time"},
           {"start_time=2024/05/01&end_time=2024-05-01", 2107, "start_time"},
           {"start_time=2024-05-01&end_time=2024-02-30", 2107, "end_time"},
           {"start_time=2024-05-02&end_time=2024-05-01", 2108, "start_time"},
           {kAllTime.substr(0, kAllTime.size() - 12) + "&time_type=2", 2104, "time_type"},
           {kAllTime + "&page=0", 2104, "page"},
           {kAllTime + "&page=-1", 2104, "page"},
           {kAllTime + "&page=abc", 2103, "page"},
           {kAllTime + "&page_size=201", 2104, "page_size"},
           {kAllTime + "&page_size=0", 2104, "page_size"},
           {kAllTime + "&search_after_leads_id=x1", 2103, "search_after_leads_id"},
           {kAllTime + "&search_after_leads_id=999999999", 2111, "search_after_leads_id"},
           {kAllTime + "&page=1&page=2", 2119, "page"},
           {kAllTime + "&page=%ZZ", 2104, "query"},
       }) {
    auto r = server_->Get("/api/mv1/leads/list?" + c.query, fwd_);
    auto env = Envelope(r, c.code);
    EXPECT_NE(std::string(env.at("message").as_string()).find(c.field), std::string::npos) << c.query << " → " << r->body;
  }
}

TEST_F(Api, ReportUpdatesFollowTagAndRecordsInLaterPulls) {
  server_->Import(kAccount, MakeLeadsJsonl(3));
  auto list = Items(kAllTime);
  int64_t a = list[0].at("leads_id").as_int64(), b = list[1].at("leads_id").as_int64(), c = list[2].at("leads_id").as_int64();
  std::string body = R"({"list":[{"leads_id":)" + std::to_string(a) +
                     R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_DEPRECATED","leads_ineffect_reason":"LEADS_INEFFECT_REASION_TEL_NOT_CONNECTED","leads_intention_score":"LEADS_INTENTION_SCORE_LEVEL_1"},)"
                     R"({"leads_id":")" + std::to_string(b) + R"(","leads_convert_type":"LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER"},)"
                     R"({"leads_id":)" + std::to_string(c) + R"(,"outerLeadsConvertType":"高意向","outerLeadsIneffectReason":"无原因"}]})";
  Envelope(server_->Post("/api/mv1/leads/report", rep_, body), 0);
  std::map<int64_t, boost::json::object> by_id;
  for (const auto& l : Items(kAllTime)) by_id[l.at("leads_id").as_int64()] = l.as_object();
  EXPECT_EQ(by_id[a].at("leads_follow_tag").as_string(), "LEADS_FOLLOW_TAG_INVALID_NOTTOUCH");
  EXPECT_EQ(by_id[b].at("leads_follow_tag").as_string(), "LEADS_FOLLOW_TAG_VALID");
  EXPECT_EQ(by_id[c].at("leads_follow_tag").as_string(), "LEADS_FOLLOW_TAG_DEFAULT");  // outer type only
  auto records = boost::json::parse(by_id[a].at("all_follow_records").as_string()).as_array();
  ASSERT_EQ(records.size(), 1u);
  // The typo alias is stored in its canonical spelling.
  EXPECT_EQ(records[0].at("leads_ineffect_reason").as_string(), "LEADS_INEFFECT_REASON_TEL_NOT_CONNECTED");
  EXPECT_EQ(boost::json::parse(by_id[c].at("all_follow_records").as_string()).at(0).at("outerLeadsConvertType").as_string(), "高意向");
  // Reporting the same state again is harmless: no error, no new record.
  Envelope(server_->Post("/api/mv1/leads/report", rep_, body), 0);
  for (const auto& l : Items(kAllTime)) {
    if (l.at("leads_id").as_int64() == a) {
      EXPECT_EQ(boost::json::parse(l.at("all_follow_records").as_string()).as_array().size(), 1u);
    }
  }
}

// A report is first checked against the stored states in one read; only a
// batch with some new state goes on to write, and then only what changed.
TEST_F(Api, ReportWritesOnlyChangedStatesAndFailsAsAWhole) {
  server_->Import(kAccount, MakeLeadsJsonl(3));
  server_->Import(kOther, MakeLeadsJsonl(1));
  int64_t foreign = List(kAllTime, &other_fwd_).at("list").at(0).at("leads_id").as_int64();
  auto list = Items(kAllTime);
  int64_t a = list[0].at("leads_id").as_int64(), b = list[1].at("leads_id").as_int64(), c = list[2].at("leads_id").as_int64();
  auto item = [](int64_t id, const std::string& type) {
    return R"({"leads_id":)" + std::to_string(id) + R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_)" + type + R"("})";
  };
  auto report = [&](const std::vector<std::string>& items) {
    std::string body = "{\"list\":[";
    for (size_t i = 0; i < items.size(); ++i) body += (i ? "," : "") + items[i];
    return server_->Post("/api/mv1/leads/report", rep_, body + "]}");
  };
  auto lead = [&](int64_t id) {
    for (const auto& l : Items(kAllTime))
      if (l.at("leads_id").as_int64() == id) return l.as_object();
    ADD_FAILURE() << "no lead " << id;
    return boost::json::object();
  };
  auto records = [&](int64_t id) {
    std::string text(lead(id).at("all_follow_records").as_string());
    return text.empty() ? size_t{0} : boost::json::parse(text).as_array().size();
  };
  Envelope(report({item(a, "POTENTIAL_CUSTOMER"), item(b, "POTENTIAL_CUSTOMER")}), 0);
  EXPECT_EQ(records(a), 1u);
  EXPECT_EQ(records(b), 1u);
  EXPECT_EQ(records(c), 0u);
  // Two repeats and one new state: only c is written.
  Envelope(report({item(a, "POTENTIAL_CUSTOMER"), item(b, "POTENTIAL_CUSTOMER"), item(c, "TRANS_COMPLETED")}), 0);
  EXPECT_EQ(records(a), 1u);
  EXPECT_EQ(records(b), 1u);
  EXPECT_EQ(records(c), 1u);
  EXPECT_EQ(lead(c).at("leads_follow_tag").as_string(), "LEADS_FOLLOW_TAG_VALID_CONVERTED");
  // The same lead twice in its stored state: nothing to write.
  Envelope(report({item(a, "POTENTIAL_CUSTOMER"), item(a, "POTENTIAL_CUSTOMER")}), 0);
  EXPECT_EQ(records(a), 1u);
  // A repeat next to another account's lead, or an unknown id: the batch fails, naming the item.
  auto env = Envelope(report({item(a, "POTENTIAL_CUSTOMER"), item(foreign, "POTENTIAL_CUSTOMER")}), 2110);
  EXPECT_NE(std::string(env.at("message").as_string()).find("list[1].leads_id"), std::string::npos) << env;
  env = Envelope(report({item(999999999999, "POTENTIAL_CUSTOMER"), item(a, "POTENTIAL_CUSTOMER")}), 2110);
  EXPECT_NE(std::string(env.at("message").as_string()).find("list[0].leads_id"), std::string::npos) << env;
  // A repeat, then a change of the same lead in one batch: the change is applied.
  Envelope(report({item(a, "POTENTIAL_CUSTOMER"), item(a, "TRANS_COMPLETED")}), 0);
  EXPECT_EQ(records(a), 2u);
  EXPECT_EQ(lead(a).at("leads_follow_tag").as_string(), "LEADS_FOLLOW_TAG_VALID_CONVERTED");
  EXPECT_EQ(records(b), 1u);
}

// The handler parses a body into a fixed buffer on its stack; a larger
// body (here ~60 KB: 50 items with long outer reasons) continues on the heap.
TEST_F(Api, ReportBodiesLargerThanTheParseBuffer) {
  server_->Import(kAccount, MakeLeadsJsonl(50));
  auto list = Items(kAllTime + "&page_size=50");
  auto body = [&](size_t reason_bytes) {
    std::string b = "{\"list\":[";
    for (size_t i = 0; i < list.size(); ++i)
      b += std::string(i ? "," : "") + R"({"leads_id":)" + std::to_string(list[i].at("leads_id").as_int64()) +
           R"(,"outerLeadsConvertType":"高意向","outerLeadsIneffectReason":")" + std::string(reason_bytes, 'r') +
           std::to_string(i % 10) + "\"}";
    return b + "]}";
  };
  ASSERT_GT(body(1023).size(), 50000u);
  auto env = Envelope(server_->Post("/api/mv1/leads/report", rep_, body(1024)), 2104);
  EXPECT_NE(std::string(env.at("message").as_string()).find("list[0].outerLeadsIneffectReason: longer than 1024 bytes"),
            std::string::npos) << env;
  Envelope(server_->Post("/api/mv1/leads/report", rep_, body(1023)), 0);
  for (const auto& l : Items(kAllTime + "&page_size=50")) {
    auto records = boost::json::parse(l.at("all_follow_records").as_string()).as_array();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].at("outerLeadsIneffectReason").as_string().size(), 1024u);
  }
  Envelope(server_->Post("/api/mv1/leads/report", rep_, body(1023)), 0);  // a repeat
}

TEST_F(Api, ReportIsAllOrNothing) {
  server_->Import(kAccount, MakeLeadsJsonl(50));
  auto list = Items(kAllTime + "&page_size=50");
  auto before = server_->Get("/api/mv1/leads/list?" + kAllTime + "&page_size=50", fwd_)->body;
  auto items = [&](int bad_index, const std::string& bad_item) {
    std::string body = "{\"list\":[";
    for (int i = 0; i < 50; ++i) {
      if (i) body += ",";
      if (i == bad_index) { body += bad_item; continue; }
      body += R"({"leads_id":)" + std::to_string(list[static_cast<size_t>(i)].at("leads_id").as_int64()) +
              R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_TRANS_COMPLETED"})";
    }
    return body + "]}";
  };
  struct Case { int index; std::string item; int code; std::string where; };
  for (const auto& c : std::vector<Case>{
           {49, R"({"leads_id":1,"leads_convert_type":"LEADS_CONVERT_STATUS_TRANS_COMPLETED"})", 2110, "list[49].leads_id"},
           {17, R"({"leads_id":)" + std::to_string(list[17].at("leads_id").as_int64()) + R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_NOPE"})", 2105, "list[17].leads_convert_type"},
           {3, R"({"leads_id":)" + std::to_string(list[3].at("leads_id").as_int64()) + R"(})", 2102, "list[3]."},
           {4, R"({"leads_convert_type":"LEADS_CONVERT_STATUS_TRANS_COMPLETED"})", 2102, "list[4].leads_id"},
           {5, R"({"leads_id":)" + std::to_string(list[5].at("leads_id").as_int64()) + R"(,"leads_ineffect_reason":"LEADS_INEFFECT_REASON_EMPTY"})", 2114, "list[5].leads_ineffect_reason"},
           {6, R"({"leads_id":)" + std::to_string(list[6].at("leads_id").as_int64()) + R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_VISIT_STORE"})", 2112, "list[6].leads_convert_type"},
           {7, R"({"leads_id":true,"leads_convert_type":"LEADS_CONVERT_STATUS_TRANS_COMPLETED"})", 2103, "list[7].leads_id"},
           {8, R"("x")", 2103, "list[8]"},
       }) {
    auto env = Envelope(server_->Post("/api/mv1/leads/report", rep_, items(c.index, c.item)), c.code);
    EXPECT_NE(std::string(env.at("message").as_string()).find(c.where), std::string::npos) << env.at("message");
  }
  EXPECT_EQ(server_->Get("/api/mv1/leads/list?" + kAllTime + "&page_size=50", fwd_)->body, before) << "a failed batch changed something";
  Envelope(server_->Post("/api/mv1/leads/report", rep_, items(-1, "")), 0);
  for (const auto& l : Items(kAllTime + "&page_size=50"))
    EXPECT_EQ(l.at("leads_follow_tag").as_string(), "LEADS_FOLLOW_TAG_VALID_CONVERTED");
}

TEST_F(Api, ReportListBoundsAndForeignLeads) {
  server_->Import(kOther, MakeLeadsJsonl(1));
  int64_t foreign = List(kAllTime, &other_fwd_).at("list").at(0).at("leads_id").as_int64();
  Envelope(server_->Post("/api/mv1/leads/report", rep_, R"({"list":[]})"), 2109);
  std::string many = "{\"list\":[";
  for (int i = 0; i < 51; ++i) many += std::string(i ? "," : "") + R"({"leads_id":1,"leads_intention_score":"LEADS_INTENTION_SCORE_LEVEL_2"})";
  Envelope(server_->Post("/api/mv1/leads/report", rep_, many + "]}"), 2109);
  Envelope(server_->Post("/api/mv1/leads/report", rep_, R"({"list":{}})"), 2103);
  Envelope(server_->Post("/api/mv1/leads/report", rep_, R"({})"), 2102);
  auto env = Envelope(server_->Post("/api/mv1/leads/report", rep_,
                                    R"({"list":[{"leads_id":)" + std::to_string(foreign) + R"(,"leads_intention_score":"LEADS_INTENTION_SCORE_LEVEL_2"}]})"),
                      2110);
  // The document's own (invalid JSON) example is a parameter error, not a crash.
  Envelope(server_->Post("/api/mv1/leads/report", rep_, R"({ list:[ {"leads_id":123} {"leads_id":456} ] })"), 2100);
}

TEST_F(Api, StatusSystemFollowsTheAccountsIndustry) {
  server_->Import(kAccount, MakeLeadsJsonl(1));
  int64_t id = List(kAllTime).at("list").at(0).at("leads_id").as_int64();
  std::string visit = R"({"list":[{"leads_id":)" + std::to_string(id) + R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_VISIT_STORE"}]})";
  Envelope(server_->Post("/api/mv1/leads/report", rep_, visit), 2112);  // standard system first
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", rep_, R"({"account_id":25610,"leads_status_system_option":2})"), 0);
  Envelope(server_->Post("/api/mv1/leads/report", rep_, visit), 0);
  EXPECT_EQ(List(kAllTime).at("list").at(0).at("leads_follow_tag").as_string(), "LEADS_FOLLOW_TAG_FOLLOWING");
  // Real estate has LOSE_INTENTION but not ADD_WEIXIN (medical only), nor HIGH_INTENTION_CUSTOMER (standard only).
  for (auto [type, code] : std::vector<std::pair<std::string, int>>{{"LEADS_CONVERT_STATUS_LOSE_INTENTION", 0},
                                                                    {"LEADS_CONVERT_STATUS_ADD_WEIXIN", 2112},
                                                                    {"LEADS_CONVERT_STATUS_HIGH_INTENTION_CUSTOMER", 2112}})
    Envelope(server_->Post("/api/mv1/leads/report", rep_, R"({"list":[{"leads_id":)" + std::to_string(id) +
                                                          R"(,"leads_convert_type":")" + type + R"("}]})"), code);
  Envelope(server_->Post("/api/mv1/leads/report", rep_, R"({"list":[{"leads_id":)" + std::to_string(id) +
      R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_DEPRECATED","leads_ineffect_reason":"LEADS_INEFFECT_REASON_UNKNOWN"}]})"), 2113);
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", rep_, R"({"account_id":"25610","leads_status_system_option":1})"), 0);
  Envelope(server_->Post("/api/mv1/leads/report", rep_, visit), 2112);
  // Errors.
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", other_rep_, R"({"account_id":30000,"leads_status_system_option":2})"), 2115);
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", other_rep_, R"({"account_id":30000,"leads_status_system_option":1})"), 0);
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", rep_, R"({"account_id":30000,"leads_status_system_option":1})"), 2012);
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", rep_, R"({"account_id":25610,"leads_status_system_option":3})"), 2104);
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", rep_, R"({"account_id":25610})"), 2102);
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", rep_, R"({"account_id":[1],"leads_status_system_option":1})"), 2103);
  Envelope(server_->Post("/api/mv1/leads/set_leads_status_system", rep_, R"({"account_id":25610,"leads_status_system_option":1.5})"), 2103);
}

TEST_F(Api, PersonalWechatReports) {
  std::string body = R"({"uuid":"20458__wx81179f1f5da__o_Tba5f","account_id":25610,"app_id":"wx81179f1f5da","open_id":"o_Tba5f",
    "avatar_url":"http://img.example.com/1.jpg","nickname":"张三","click_id":"wxadclick35d4","action_time":"2022-08-09 11:20:41",
    "login_name_type":1,"login_name":"103342211"})";
  Envelope(server_->Post("/api/mv1/leads/report_personal_wechat", rep_, body), 0);
  auto dup = Envelope(server_->Post("/api/mv1/leads/report_personal_wechat", rep_, body), 2116);
  EXPECT_NE(std::string(dup.at("message").as_string()).find("uuid"), std::string::npos);
  // Missing required fields, bad time, bad login type, other account.
  std::string no_nick = body;
  no_nick.replace(no_nick.find(R"("nickname":"张三",)"), std::string(R"("nickname":"张三",)").size(), "");
  auto env = Envelope(server_->Post("/api/mv1/leads/report_personal_wechat", rep_, no_nick), 2102);
  EXPECT_NE(std::string(env.at("message").as_string()).find("nickname"), std::string::npos);
  auto with = [&](const std::string& from, const std::string& to) {
    std::string b = body;
    b.replace(b.find(from), from.size(), to);
    b.replace(b.find("o_Tba5f\","), 7, "o_Other");  // a fresh uuid
    return b;
  };
  Envelope(server_->Post("/api/mv1/leads/report_personal_wechat", rep_, with("2022-08-09 11:20:41", "2022-08-09")), 2107);
  Envelope(server_->Post("/api/mv1/leads/report_personal_wechat", rep_, with("\"login_name_type\":1", "\"login_name_type\":5")), 2104);
  Envelope(server_->Post("/api/mv1/leads/report_personal_wechat", rep_, with("\"account_id\":25610", "\"account_id\":30000")), 2012);
  // An agency token granted account 30000 may report for it.
  auto grant = server_->Admin({"token", "grant", "--token", rep_.token, "--account-id", "30000"});
  ASSERT_EQ(grant.exit_code, 0) << grant.err;
  Envelope(server_->Post("/api/mv1/leads/report_personal_wechat", rep_, with("\"account_id\":25610", "\"account_id\":30000")), 0);
}

TEST_F(Api, IntakeEndpointStoresABatchAllOrNothing) {
  std::string good = R"({"list":[{"leads_name":"张三","leads_tel":"13800000000","leads_type":"LEADS_TYPE_FORM","leads_source":"XJ"},
                                  {"leads_name":"李四","age":"21岁","leads_create_time":"2024-05-01 12:01:01"}]})";
  auto env = Envelope(server_->Post("/intake/v1/leads", intake_, good), 0);
  EXPECT_EQ(env.at("data").at("imported").as_int64(), 2);
  auto ids = env.at("data").at("leads_ids").as_array();
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_NE(ids[0], ids[1]);
  auto listed = List(kAllTime);
  EXPECT_EQ(listed.at("page_info").at("total_number").as_int64(), 2);
  bool found_original_time = false;
  for (const auto& l : listed.at("list").as_array())
    found_original_time |= l.at("leads_create_time").as_string() == "2024-05-01 12:01:01";
  EXPECT_TRUE(found_original_time);
  auto bad = Envelope(server_->Post("/intake/v1/leads", intake_,
                                    R"({"list":[{"leads_name":"a"},{"leads_gender":"MALE"}]})"), 2105);
  EXPECT_NE(std::string(bad.at("message").as_string()).find("list[1].leads_gender"), std::string::npos);
  Envelope(server_->Post("/intake/v1/leads", intake_, R"({"list":[{"account_id":30000}]})"), 2012);
  Envelope(server_->Post("/intake/v1/leads", intake_, R"({"list":[{"nope":1}]})"), 2106);
  EXPECT_EQ(List(kAllTime).at("page_info").at("total_number").as_int64(), 2) << "a failed batch stored something";
  // Scopes: a forwarding or report token cannot intake; an intake token cannot pull.
  Envelope(server_->Post("/intake/v1/leads", fwd_, good), 2010);
  Envelope(server_->Get("/api/mv1/leads/list?" + kAllTime, intake_), 2010);
}

TEST_F(Api, LeadsIdsStayUniqueAcrossConcurrentIntake) {
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<int64_t> all;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        std::string body = "{\"list\":[";
        for (int k = 0; k < 20; ++k) body += std::string(k ? "," : "") + R"({"leads_name":"并发"})";
        auto r = server_->Post("/intake/v1/leads", intake_, body + "]}");
        ASSERT_TRUE(r);
        auto v = boost::json::parse(r->body);
        ASSERT_EQ(v.at("code").as_int64(), 0) << r->body;
        std::lock_guard lock(mu);
        for (const auto& id : v.at("data").at("leads_ids").as_array()) all.push_back(id.as_int64());
      }
    });
  for (auto& t : threads) t.join();
  std::set<int64_t> unique(all.begin(), all.end());
  EXPECT_EQ(all.size(), 400u);
  EXPECT_EQ(unique.size(), 400u);
}

// Rendered pages are reused (api/list_page_cache.h) only while the account's
// leads are unchanged: every kind of write, from this process or another,
// shows in the very next identical request.
TEST_F(Api, RepeatedListPagesReflectEveryWriteAtOnce) {
  server_->Import(kAccount, MakeLeadsJsonl(3));
  const std::string q = kAllTime + "&page_size=2";
  auto first = server_->Get("/api/mv1/leads/list?" + q, fwd_);
  auto again = server_->Get("/api/mv1/leads/list?" + q, fwd_);
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->body, again->body);
  auto total = [&] { return List(q).at("page_info").at("total_number").as_int64(); };
  EXPECT_EQ(total(), 3);
  // Another process (the import command) writes to the database.
  server_->Import(kAccount, MakeLeadsJsonl(2));
  EXPECT_EQ(total(), 5);
  // The intake endpoint.
  Envelope(server_->Post("/intake/v1/leads", intake_, R"({"list":[{"leads_name":"王五"}]})"), 0);
  auto page = Items(q);
  EXPECT_EQ(total(), 6);
  EXPECT_EQ(page[0].at("leads_name").as_string(), "王五");
  // A report changes a document, not the count.
  const int64_t id = page[0].at("leads_id").as_int64();
  Envelope(server_->Post("/api/mv1/leads/report", rep_,
                         R"({"list":[{"leads_id":)" + std::to_string(id) +
                             R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER"}]})"),
           0);
  EXPECT_EQ(Items(q)[0].at("leads_follow_tag").as_string(), "LEADS_FOLLOW_TAG_VALID");
  // Another account's writes leave this account's pages as they were.
  auto before = server_->Get("/api/mv1/leads/list?" + q, fwd_);
  server_->Import(kOther, MakeLeadsJsonl(4));
  auto after = server_->Get("/api/mv1/leads/list?" + q, fwd_);
  ASSERT_TRUE(before && after);
  EXPECT_EQ(before->body, after->body);
  EXPECT_EQ(List(kAllTime, &other_fwd_).at("page_info").at("total_number").as_int64(), 4);
}

}  // namespace
}  // namespace leads::e2e
