// Lead intelligence end to end (issue 6): tags and score at intake (file
// import and POST /intake/v1/leads), the reasons API, rules and retag, the
// analytics API with imported spend, and the admin commands' errors.
#include <fstream>

#include "tests/e2e/fixture.h"

namespace leads::e2e {
namespace {

using Intel = E2eTest;
namespace json = boost::json;

std::string Lead(const std::string& tel, const std::string& create_time, json::object extra = {}) {
  json::object o{{"leads_name", "张伟"}, {"leads_tel", tel}, {"leads_type", "LEADS_TYPE_FORM"},
                 {"leads_create_time", create_time}};
  for (auto& [k, v] : extra) o[k] = v;
  return json::serialize(o) + "\n";
}

// leads_id -> the listed lead.
std::map<int64_t, json::object> ById(const json::array& list) {
  std::map<int64_t, json::object> out;
  for (const auto& l : list) out[l.at("leads_id").as_int64()] = l.as_object();
  return out;
}

std::string Tags(const json::object& lead) { return std::string(lead.at("leads_tags").as_string()); }

TEST_F(Intel, DuplicatesAcrossFormatsWindowEdgesAndAccounts) {
  // X: the same number three ways; Y: 30 days apart exactly; Z: 30 days and a second.
  std::string jsonl = Lead("13912345670", "2024-05-01 12:00:00") + Lead("+86 139-1234-5670", "2024-05-02 12:00:00") +
                      Lead("0086 139 1234 5670", "2024-05-03 12:00:00") + Lead("13712345671", "2024-05-01 12:00:00") +
                      Lead("137 1234 5671", "2024-05-31 12:00:00") + Lead("13612345672", "2024-05-01 12:00:00") +
                      Lead("13612345672", "2024-05-31 12:00:01");
  ASSERT_EQ(server_->Import(kAccount, jsonl), 7);
  // The other account has the same first number: not a duplicate of ours.
  ASSERT_EQ(server_->Import(kOther, Lead("13912345670", "2024-05-04 12:00:00")), 1);
  auto list = Items(kAllTime + "&page_size=50");
  ASSERT_EQ(list.size(), 7u);
  std::map<std::string, std::vector<std::string>> tags_by_tel;  // in create order
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const auto& l = it->as_object();
    tags_by_tel[std::string(l.at("leads_tel").as_string())].push_back(Tags(l));
    const std::string score(l.at("leads_potential_score").as_string());
    ASSERT_FALSE(score.empty());
    EXPECT_LE(std::stoi(score), 100);
    EXPECT_GE(std::stoi(score), 0);
  }
  EXPECT_EQ(tags_by_tel["13912345670"], std::vector<std::string>{""});
  EXPECT_EQ(tags_by_tel["+86 139-1234-5670"], std::vector<std::string>{"重复2条"});
  EXPECT_EQ(tags_by_tel["0086 139 1234 5670"], std::vector<std::string>{"重复3条"});
  EXPECT_EQ(tags_by_tel["137 1234 5671"], std::vector<std::string>{"重复2条"}) << "exactly 30 days: inside";
  EXPECT_EQ(tags_by_tel["13612345672"], (std::vector<std::string>{"", ""})) << "30 days and a second: outside";
  auto other = Items(kAllTime, &other_fwd_);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(Tags(other[0].as_object()), "");
}

TEST_F(Intel, IntakeEndpointTagsBatchesAndTheReasonsApiExplains) {
  // One request: a duplicate inside the batch, a placeholder number and mashing.
  auto env = Envelope(server_->Post("/intake/v1/leads", intake_, R"({"list":[
      {"leads_name":"王小明","leads_tel":"13912345670","leads_wechat":"WX_Wang","leads_tags":"VIP"},
      {"leads_name":"王小明","leads_wechat":" wx_wang "},
      {"leads_name":"asdfgh","leads_tel":"13800138000"},
      {"leads_name":"李四","leads_tel":"+1 415 555 0132"}]})"), 0);
  auto ids = env.at("data").at("leads_ids").as_array();
  ASSERT_EQ(ids.size(), 4u);
  auto leads = ById(Items(kAllTime));
  EXPECT_EQ(Tags(leads[ids[0].as_int64()]), "VIP");
  EXPECT_EQ(Tags(leads[ids[1].as_int64()]), "重复2条");
  EXPECT_EQ(Tags(leads[ids[2].as_int64()]), "疑似空号;可疑数据");
  EXPECT_EQ(Tags(leads[ids[3].as_int64()]), "") << "a foreign number is not suspect for being foreign";
  EXPECT_GT(std::stoi(std::string(leads[ids[0].as_int64()].at("leads_potential_score").as_string())),
            std::stoi(std::string(leads[ids[2].as_int64()].at("leads_potential_score").as_string())));

  auto why = Envelope(server_->Get("/api/ext/v1/leads/intel?leads_id=" + std::to_string(ids[1].as_int64()), fwd_), 0)
                 .at("data").as_object();
  EXPECT_EQ(why.at("leads_tags").as_string(), "重复2条");
  ASSERT_EQ(why.at("reasons").as_array().size(), 1u);
  EXPECT_EQ(why.at("reasons").at(0).at("code").as_string(), "duplicate");
  EXPECT_EQ(why.at("reasons").at(0).at("tag").as_string(), "重复2条");
  ASSERT_EQ(why.at("duplicate_of").as_array().size(), 1u);
  EXPECT_EQ(why.at("duplicate_of").at(0).at("leads_id").as_int64(), ids[0].as_int64());
  EXPECT_EQ(why.at("duplicate_of").at(0).at("matched").at(0).as_string(), "wechat");
  EXPECT_TRUE(why.at("features").as_object().contains("duplicates"));

  auto bad = Envelope(server_->Get("/api/ext/v1/leads/intel?leads_id=" + std::to_string(ids[2].as_int64()), fwd_), 0)
                 .at("data").as_object();
  std::set<std::string> codes;
  for (const auto& r : bad.at("reasons").as_array()) codes.insert(std::string(r.at("code").as_string()));
  EXPECT_TRUE(codes.count("phone_placeholder"));
  EXPECT_TRUE(codes.count("name_mash"));

  // Errors: the envelope, a code naming the field; another account's lead; scope.
  auto missing = Envelope(server_->Get("/api/ext/v1/leads/intel", fwd_), 2102);
  EXPECT_NE(std::string(missing.at("message").as_string()).find("leads_id"), std::string::npos);
  Envelope(server_->Get("/api/ext/v1/leads/intel?leads_id=abc", fwd_), 2103);
  Envelope(server_->Get("/api/ext/v1/leads/intel?leads_id=" + std::to_string(ids[0].as_int64()), other_fwd_), 2110);
  Envelope(server_->Get("/api/ext/v1/leads/intel?leads_id=" + std::to_string(ids[0].as_int64()), rep_), 2010);
  Envelope(server_->Send("GET", "/api/ext/v1/leads/intel?leads_id=1"), 2000);
}

TEST_F(Intel, RulesPerAccountAndRetagIsOneCommand) {
  ASSERT_EQ(server_->Import(kAccount, Lead("13912345670", "2024-05-01 12:00:00") +
                                          Lead("13912345670", "2024-05-10 12:00:00")),
            2);
  auto tags_now = [&] {
    std::vector<std::string> t;
    for (const auto& l : Items(kAllTime)) t.push_back(Tags(l.as_object()));
    return t;
  };
  EXPECT_EQ(tags_now(), (std::vector<std::string>{"重复2条", ""}));

  auto get = server_->Admin({"intel", "rules", "get", "--account-id", std::to_string(kAccount)});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_EQ(json::parse(get.out).at("duplicate_window_days").as_int64(), 30);
  // Bad rules: exit 2, the field named, nothing changed.
  auto bad = server_->Admin({"intel", "rules", "set", "--account-id", std::to_string(kAccount), "--json",
                             R"({"duplicate_window_days":7,"nope":1})"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("rules.nope"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("2106"), std::string::npos) << bad.err;
  EXPECT_EQ(server_->Admin({"intel", "rules", "get", "--account-id", std::to_string(kAccount)}).out, get.out);

  auto set = server_->Admin({"intel", "rules", "set", "--account-id", std::to_string(kAccount), "--json",
                             R"({"duplicate_window_days":7})"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(json::parse(set.out).at("duplicate_window_days").as_int64(), 7);
  EXPECT_EQ(tags_now(), (std::vector<std::string>{"重复2条", ""})) << "stored leads keep their tags until a retag";
  // The other account keeps the default window.
  auto other = server_->Admin({"intel", "rules", "get", "--account-id", std::to_string(kOther)});
  EXPECT_EQ(json::parse(other.out).at("duplicate_window_days").as_int64(), 30);

  auto retag = server_->Admin({"intel", "retag", "--account-id", std::to_string(kAccount), "--from", "2024-05-01",
                               "--to", "2024-05-31"});
  ASSERT_EQ(retag.exit_code, 0) << retag.err;
  EXPECT_EQ(json::parse(retag.out).at("scanned").as_int64(), 2);
  EXPECT_EQ(json::parse(retag.out).at("changed").as_int64(), 1);
  EXPECT_EQ(tags_now(), (std::vector<std::string>{"", ""}));
  // Running it again changes nothing; a reversed range is an error.
  EXPECT_EQ(json::parse(server_->Admin({"intel", "retag", "--account-id", std::to_string(kAccount), "--from",
                                        "2024-05-01", "--to", "2024-05-31"}).out).at("changed").as_int64(), 0);
  EXPECT_EQ(server_->Admin({"intel", "retag", "--account-id", std::to_string(kAccount), "--from", "2024-06-01",
                            "--to", "2024-05-01"}).exit_code, 2);
  // Too few outcomes to fit a model.
  auto fit = server_->Admin({"intel", "fit", "--account-id", std::to_string(kAccount)});
  EXPECT_EQ(fit.exit_code, 2);
  EXPECT_NE(fit.err.find("2122"), std::string::npos) << fit.err;
}

TEST_F(Intel, AnalyticsCountsRatesAndCostsWithImportedSpend) {
  std::string jsonl;
  for (int i = 0; i < 6; ++i)
    jsonl += Lead("1391234" + std::to_string(5000 + i), "2024-05-01 1" + std::to_string(i) + ":00:00",
                  {{"campaign_id", i < 4 ? "c1" : "c2"}, {"leads_source", "XJ"}});
  ASSERT_EQ(server_->Import(kAccount, jsonl), 6);
  auto list = Items(kAllTime);
  std::vector<int64_t> c1;
  for (const auto& l : list)
    if (l.at("campaign_id").as_string() == "c1") c1.push_back(l.at("leads_id").as_int64());
  ASSERT_EQ(c1.size(), 4u);
  // Two of c1 valid (one converted), one invalid.
  std::string report = R"({"list":[{"leads_id":)" + std::to_string(c1[0]) +
                       R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_TRANS_COMPLETED"},{"leads_id":)" +
                       std::to_string(c1[1]) + R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER"},{"leads_id":)" +
                       std::to_string(c1[2]) + R"(,"leads_convert_type":"LEADS_CONVERT_STATUS_DEPRECATED","leads_ineffect_reason":"LEADS_INEFFECT_REASON_EMPTY"}]})";
  Envelope(server_->Post("/api/mv1/leads/report", rep_, report), 0);

  // A bad spend file changes nothing.
  std::ofstream(dir_.File("bad.csv")) << "date,campaign_id,spend\n2024-05-01,c1,100\n2024-05-01,c2,abc\n";
  auto bad = server_->Admin({"spend", "import", "--account-id", std::to_string(kAccount), dir_.File("bad.csv")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("line 3: spend"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("2121"), std::string::npos) << bad.err;
  auto before = Envelope(server_->Get("/api/ext/v1/analytics?start_time=2024-05-01&end_time=2024-05-01&group_by=campaign", fwd_), 0);
  EXPECT_TRUE(before.at("data").at("total").at("spend").is_null());

  std::ofstream(dir_.File("spend.csv")) << "date,campaign_id,spend,revenue\n2024-05-01,c1,200.00,1000\n2024-05-01,c2,50.5,\n";
  auto ok = server_->Admin({"spend", "import", "--account-id", std::to_string(kAccount), dir_.File("spend.csv")});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;

  auto data = Envelope(server_->Get("/api/ext/v1/analytics?start_time=2024-05-01&end_time=2024-05-01&group_by=campaign", fwd_), 0)
                  .at("data").as_object();
  EXPECT_EQ(data.at("group_by").as_string(), "campaign");
  const auto& rows = data.at("rows").as_array();
  ASSERT_EQ(rows.size(), 2u);
  const auto& r1 = rows[0].as_object();
  EXPECT_EQ(r1.at("key").as_string(), "c1");
  EXPECT_EQ(r1.at("leads").as_int64(), 4);
  EXPECT_EQ(r1.at("valid").as_int64(), 2);
  EXPECT_EQ(r1.at("converted").as_int64(), 1);
  EXPECT_EQ(r1.at("invalid").as_int64(), 1);
  EXPECT_DOUBLE_EQ(r1.at("valid_rate").to_number<double>(), 0.5);
  EXPECT_DOUBLE_EQ(r1.at("conversion_rate").to_number<double>(), 0.25);
  EXPECT_DOUBLE_EQ(r1.at("spend").to_number<double>(), 200.0);
  EXPECT_DOUBLE_EQ(r1.at("cost_per_lead").to_number<double>(), 50.0);
  EXPECT_DOUBLE_EQ(r1.at("cost_per_converted").to_number<double>(), 200.0);
  EXPECT_DOUBLE_EQ(r1.at("roi").to_number<double>(), 5.0);
  const auto& r2 = rows[1].as_object();
  EXPECT_EQ(r2.at("leads").as_int64(), 2);
  EXPECT_TRUE(r2.at("cost_per_converted").is_null());
  EXPECT_TRUE(r2.at("roi").is_null()) << "no revenue and no value_per_conversion";
  EXPECT_DOUBLE_EQ(data.at("total").at("spend").to_number<double>(), 250.5);
  EXPECT_EQ(data.at("total").at("leads").as_int64(), 6);

  auto by_day = Envelope(server_->Get("/api/ext/v1/analytics?start_time=2024-04-30&end_time=2024-05-01", fwd_), 0)
                    .at("data").as_object();
  ASSERT_EQ(by_day.at("rows").as_array().size(), 1u);
  EXPECT_EQ(by_day.at("rows").at(0).at("key").as_string(), "2024-05-01");
  // Other accounts see nothing of it; errors name the parameter.
  auto other = Envelope(server_->Get("/api/ext/v1/analytics?start_time=2024-05-01&end_time=2024-05-01", other_fwd_), 0);
  EXPECT_EQ(other.at("data").at("total").at("leads").as_int64(), 0);
  auto e = Envelope(server_->Get("/api/ext/v1/analytics?start_time=2024-05-01&end_time=2024-05-01&group_by=week", fwd_), 2105);
  EXPECT_NE(std::string(e.at("message").as_string()).find("group_by"), std::string::npos);
  Envelope(server_->Get("/api/ext/v1/analytics?start_time=2024-05-02&end_time=2024-05-01", fwd_), 2108);
  Envelope(server_->Get("/api/ext/v1/analytics?end_time=2024-05-01", fwd_), 2102);
  Envelope(server_->Get("/api/ext/v1/analytics?start_time=2020-01-01&end_time=2024-05-01", fwd_), 2104);
  Envelope(server_->Get("/api/ext/v1/analytics?start_time=2024-05-01&end_time=2024-05-01&x=1", fwd_), 2106);
}

TEST_F(Intel, ScoreEvaluationIsOneReproducibleCommand) {
  auto a = e2e::Run({LeadsdPath(), "intel", "eval", "--leads", "3000", "--seed", "3"});
  auto b = e2e::Run({LeadsdPath(), "intel", "eval", "--leads", "3000", "--seed", "3"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto ja = json::parse(a.out).as_object(), jb = json::parse(b.out).as_object();
  EXPECT_EQ(ja.at("holdout_auc_fitted"), jb.at("holdout_auc_fitted"));
  EXPECT_GT(ja.at("holdout_auc_fitted").to_number<double>(), 0.7);
}

TEST_F(Intel, ConsoleShowsReasonsAndAnalyticsOnlyForTheUsersAccounts) {
  const std::string pw = dir_.File("pw");
  std::ofstream(pw) << "correct-horse-battery\n";
  auto add = server_->Admin({"user", "add", "--username", "m1", "--role", "member", "--password-file", pw,
                             "--account-id", std::to_string(kAccount)});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  ASSERT_EQ(server_->Import(kAccount, Lead("13912345670", "2024-05-01 12:00:00", {{"campaign_id", "c9"}}) +
                                          Lead("139 1234 5670", "2024-05-01 13:00:00", {{"campaign_id", "c9"}})),
            2);
  ASSERT_EQ(server_->Import(kOther, Lead("13712345670", "2024-05-01 12:00:00")), 1);
  auto r = server_->Send("POST", "/console/api/session", {{"Content-Type", "application/json"}},
                         R"({"username":"m1","password":"correct-horse-battery"})");
  Envelope(r, 0);
  const std::string set_cookie = r->Header("set-cookie");
  std::map<std::string, std::string> h{{"Cookie", set_cookie.substr(0, set_cookie.find(';'))}};
  auto newest = Items(kAllTime).at(0).at("leads_id").as_int64();
  auto why = Envelope(server_->Send("GET", "/console/api/accounts/" + std::to_string(kAccount) + "/leads/" +
                                               std::to_string(newest) + "/intel", h), 0);
  EXPECT_EQ(why.at("data").at("reasons").at(0).at("tag").as_string(), "重复2条");
  auto other_id = Items(kAllTime, &other_fwd_).at(0).at("leads_id").as_int64();
  Envelope(server_->Send("GET", "/console/api/accounts/" + std::to_string(kOther) + "/leads/" +
                                    std::to_string(other_id) + "/intel", h), 2024, 403);
  // Another account's lead through this account's path: not found.
  Envelope(server_->Send("GET", "/console/api/accounts/" + std::to_string(kAccount) + "/leads/" +
                                    std::to_string(other_id) + "/intel", h), 2110);
  auto a = Envelope(server_->Send("GET", "/console/api/accounts/" + std::to_string(kAccount) +
                                             "/analytics?start=2024-05-01&end=2024-05-01&group_by=campaign", h), 0);
  EXPECT_EQ(a.at("data").at("rows").at(0).at("key").as_string(), "c9");
  EXPECT_EQ(a.at("data").at("rows").at(0).at("tagged").at("duplicate").as_int64(), 1);
  Envelope(server_->Send("GET", "/console/api/accounts/" + std::to_string(kAccount) + "/analytics?group_by=x", h), 2105);
  Envelope(server_->Send("GET", "/console/api/accounts/" + std::to_string(kAccount) + "/analytics"), 2020, 401);
}

}  // namespace
}  // namespace leads::e2e
