#include "cli/intel_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/exit_status.h"
#include "common/time_format.h"
#include "intel/analytics.h"
#include "intel/intel_service.h"
#include "intel/score_eval.h"
#include "store/store.h"

namespace leads::cli {
namespace {

// yyyy-mm-dd (start of that day, or its end for `end`), "yyyy-mm-dd HH:MM:SS" or epoch seconds.
StatusOr<int64_t> TimeFlag(const std::string& v, const char* name, bool end) {
  if (auto t = ParseRangeBound(v, end, kChinaOffsetSeconds)) return *t;
  if (auto t = ParseDateTime(v, kChinaOffsetSeconds)) return *t;
  return InvalidArgument(ErrorCode::kInvalidTime,
                         std::string(name) + ": '" + v + "' is not yyyy-mm-dd, yyyy-mm-dd HH:MM:SS or epoch seconds");
}

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(ErrorCode::kInvalidValue, path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

IntelCommands::IntelCommands(CLI::App& app) {
  intel_ = app.add_subcommand("intel", "lead intelligence: tagging rules, retag, score model");
  intel_->require_subcommand(1);
  auto* rules = intel_->add_subcommand("rules", "an account's tagging rules and windows");
  rules->require_subcommand(1);
  rules_get_ = rules->add_subcommand("get", "print the account's rules (defaults filled in)");
  rules_set_ = rules->add_subcommand("set", "change rules: the JSON given is merged onto the current rules");
  for (auto* c : {rules_get_, rules_set_}) {
    c->add_option("--db", db_, "store URL")->capture_default_str();
    c->add_option("--account-id", account_id_, "account id")->required();
  }
  auto* src = rules_set_->add_option_group("rules");
  src->add_option("--json", json_, "rules as a JSON object, e.g. '{\"duplicate_window_days\":7}'");
  src->add_option("--file", file_, "a file holding the JSON object")->check(CLI::ExistingFile);
  src->require_option(1);

  retag_ = intel_->add_subcommand("retag", "re-tag and re-score the leads of a time range under the current rules");
  retag_->add_option("--db", db_, "store URL")->capture_default_str();
  retag_->add_option("--account-id", account_id_, "account id")->required();
  retag_->add_option("--from", from_, "first leads_create_time (yyyy-mm-dd, 'yyyy-mm-dd HH:MM:SS' or epoch)")->required();
  retag_->add_option("--to", to_, "last leads_create_time (a date includes the whole day)")->required();

  fit_ = intel_->add_subcommand("fit", "fit the account's score model from its reported outcomes now");
  fit_->add_option("--db", db_, "store URL")->capture_default_str();
  fit_->add_option("--account-id", account_id_, "account id")->required();

  explain_ = intel_->add_subcommand("explain", "a lead's tags, reasons, duplicates and score features");
  explain_->add_option("--db", db_, "store URL")->capture_default_str();
  explain_->add_option("--account-id", account_id_, "account id")->required();
  explain_->add_option("--leads-id", leads_id_, "leads_id")->required();

  eval_ = intel_->add_subcommand("eval", "evaluate tagging and the score on generated data with known ground truth");
  eval_->add_option("--leads", eval_leads_, "leads to generate")->capture_default_str()->check(CLI::Range(1000, 2000000));
  eval_->add_option("--seed", eval_seed_, "random seed (same seed, same data, same result)")->capture_default_str();

  spend_ = app.add_subcommand("spend", "advertising spend per campaign and day (for ROI analytics)");
  spend_->require_subcommand(1);
  spend_import_ = spend_->add_subcommand("import", "import a CSV: date,campaign_id,spend[,revenue] (yuan); all or nothing");
  spend_import_->add_option("--db", db_, "store URL")->capture_default_str();
  spend_import_->add_option("--account-id", account_id_, "account id")->required();
  spend_import_->add_option("FILE", file_, "CSV file")->required()->check(CLI::ExistingFile);

  analytics_ = app.add_subcommand("analytics", "leads, valid and conversion rates, cost and ROI by a dimension");
  analytics_->add_option("--db", db_, "store URL")->capture_default_str();
  analytics_->add_option("--account-id", account_id_, "account id")->required();
  analytics_->add_option("--from", from_, "first day (yyyy-mm-dd) or epoch")->required();
  analytics_->add_option("--to", to_, "last day (inclusive) or epoch")->required();
  analytics_->add_option("--group-by", group_by_, "day|campaign|adgroup|ad|source|type")
      ->capture_default_str()
      ->check(CLI::IsMember({"day", "campaign", "adgroup", "ad", "source", "type"}));
}

bool IntelCommands::selected() const { return intel_->parsed() || spend_->parsed() || analytics_->parsed(); }

int IntelCommands::Run(const Clock& clock) {
  if (eval_->parsed()) {
    intel::EvalOptions o;
    o.leads = eval_leads_;
    o.seed = eval_seed_;
    std::cout << intel::EvalResultJson(intel::RunScoreEval(o)) << "\n";
    return 0;
  }
  auto opened = OpenStore(db_);
  if (!opened.ok()) return Fail(opened.status());
  Store& store = **opened;
  if (auto a = store.GetAccount(account_id_); !a.ok()) return Fail(a.status());
  intel::IntelService intel(store, store, store, clock);
  if (rules_get_->parsed()) {
    auto a = intel.Load(account_id_);
    if (!a.ok()) return Fail(a.status());
    std::cout << intel::PrintRules(a->rules) << "\n";
    return 0;
  }
  if (rules_set_->parsed()) {
    std::string text = json_;
    if (!file_.empty()) {
      auto f = ReadFile(file_);
      if (!f.ok()) return Fail(f.status());
      text = *f;
    }
    auto r = intel.SetRules(account_id_, text);
    if (!r.ok()) return Fail(r.status());
    std::cout << intel::PrintRules(*r) << "\n";
    return 0;
  }
  if (retag_->parsed()) {
    auto from = TimeFlag(from_, "--from", false);
    if (!from.ok()) return Fail(from.status());
    auto to = TimeFlag(to_, "--to", true);
    if (!to.ok()) return Fail(to.status());
    if (*from > *to) return Fail(InvalidArgument(ErrorCode::kTimeRangeReversed, "--from: is after --to"));
    auto s = intel.Retag(account_id_, *from, *to);
    if (!s.ok()) return Fail(s.status());
    std::cout << "{\"scanned\":" << s->scanned << ",\"changed\":" << s->changed << "}\n";
    return 0;
  }
  if (fit_->parsed()) {
    auto m = intel.Fit(account_id_);
    if (!m.ok()) return Fail(m.status());
    std::cout << intel::PrintModel(*m) << "\n";
    return 0;
  }
  if (explain_->parsed()) {
    auto e = intel.Explain(account_id_, leads_id_, kChinaOffsetSeconds);
    if (!e.ok()) return Fail(e.status());
    std::cout << *e << "\n";
    return 0;
  }
  if (spend_import_->parsed()) {
    auto text = ReadFile(file_);
    if (!text.ok()) return Fail(text.status());
    auto rows = intel::ParseSpendCsv(*text, kChinaOffsetSeconds);
    if (!rows.ok()) return Fail(rows.status());
    if (Status s = store.PutSpend(account_id_, *rows, clock.NowSeconds()); !s.ok()) return Fail(s);
    std::cout << "{\"imported\":" << rows->size() << "}\n";
    return 0;
  }
  if (analytics_->parsed()) {
    intel::AnalyticsQuery q;
    q.account_id = account_id_;
    q.utc_offset = kChinaOffsetSeconds;
    auto from = TimeFlag(from_, "--from", false);
    if (!from.ok()) return Fail(from.status());
    auto to = TimeFlag(to_, "--to", true);
    if (!to.ok()) return Fail(to.status());
    q.start = *from;
    q.end = *to;
    q.group_by = *Parse<intel::Dimension>(group_by_);
    intel::Analytics analytics(store, intel);
    auto r = analytics.Run(q);
    if (!r.ok()) return Fail(r.status());
    std::cout << *r << "\n";
    return 0;
  }
  return 0;
}

}  // namespace leads::cli
