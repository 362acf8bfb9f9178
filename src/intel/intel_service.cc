#include "intel/intel_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "common/time_format.h"
#include "intel/keyboard_mash.h"
#include "model/enums.h"
#include "intel/json_text.h"

namespace leads::intel {
namespace {

constexpr int64_t kCacheMicros = 5'000'000;
constexpr int64_t kRetagPage = 500;

std::vector<ReasonCode> Codes(const std::vector<Reason>& reasons) {
  std::vector<ReasonCode> out;
  for (const auto& r : reasons) out.push_back(r.code);
  return out;
}

Features StoredFeatures(const Lead& lead) {
  std::vector<ReasonCode> codes;
  int64_t dups = 0;
  CodesFromTags(lead, codes, dups);
  return ComputeFeatures(lead, NormalizePhone(lead.Get(Field::kLeadsTel)), codes, dups);
}

}  // namespace

void CodesFromTags(const Lead& lead, std::vector<ReasonCode>& codes, int64_t& duplicates) {
  const std::string& tags = lead.Get(Field::kLeadsTags);
  duplicates = 0;
  size_t start = 0;
  while (start <= tags.size()) {
    size_t end = tags.find(';', start);
    if (end == std::string::npos) end = tags.size();
    std::string_view t = std::string_view(tags).substr(start, end - start);
    if (t == kTagEmptyNumber) codes.push_back(ReasonCode::kPhoneFormat);
    else if (t == kTagSuspicious) codes.push_back(ReasonCode::kClickBurst);
    else if (IsIntelTag(t)) duplicates = std::atoll(std::string(t.substr(6, t.size() - 9)).c_str());
    start = end + 1;
  }
  if (MashReason(lead.Get(Field::kLeadsName), true)) codes.push_back(ReasonCode::kNameMash);
}

int OutcomeOf(std::string_view tag) {
  auto t = Parse<FollowTag>(tag);
  if (t == FollowTag::kValid || t == FollowTag::kValidHighIntention || t == FollowTag::kValidConverted) return 1;
  if (tag.starts_with("LEADS_FOLLOW_TAG_INVALID_")) return 0;
  return -1;
}

StatusOr<AccountIntel> IntelService::Load(int64_t account_id) {
  const int64_t now = clock_.MonotonicMicros();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(account_id);
    if (it != cache_.end() && now - it->second.loaded_us < kCacheMicros) return it->second.value;
  }
  AccountIntel a;
  a.model = DefaultModel();
  LEADS_ASSIGN_OR_RETURN(std::string rules, intel_.GetIntelRules(account_id));
  if (!rules.empty()) {
    LEADS_ASSIGN_OR_RETURN(a.rules, ParseRules(rules));
  }
  LEADS_ASSIGN_OR_RETURN(std::string model, intel_.GetScoreModel(account_id));
  if (!model.empty()) {
    LEADS_ASSIGN_OR_RETURN(a.model, ParseModel(model));
  }
  std::lock_guard lock(mu_);
  cache_[account_id] = {a, now};
  return a;
}

StatusOr<Rules> IntelService::SetRules(int64_t account_id, std::string_view json) {
  LEADS_ASSIGN_OR_RETURN(std::string current, intel_.GetIntelRules(account_id));
  Rules base;
  if (!current.empty()) {
    LEADS_ASSIGN_OR_RETURN(base, ParseRules(current));
  }
  LEADS_ASSIGN_OR_RETURN(Rules r, ParseRules(json, base));
  LEADS_RETURN_IF_ERROR(intel_.PutIntelRules(account_id, PrintRules(r), clock_.NowSeconds()));
  std::lock_guard lock(mu_);
  cache_.erase(account_id);
  return r;
}

Status IntelService::TagNewLeads(int64_t account_id, std::vector<NewLead>& batch, IntelLookup* lookup) {
  if (batch.empty()) return Status::Ok();
  LEADS_ASSIGN_OR_RETURN(AccountIntel a, Load(account_id));
  if (!a.rules.enabled) return Status::Ok();
  std::vector<TagInput> in;
  in.reserve(batch.size());
  for (const auto& nl : batch) in.push_back({&nl.lead, nl.create_time, std::nullopt});
  Tagger tagger(lookup ? *lookup : intel_);
  LEADS_ASSIGN_OR_RETURN(auto results, tagger.Tag(account_id, a.rules, in));
  for (size_t i = 0; i < batch.size(); ++i) {
    NewLead& nl = batch[i];
    TagResult& r = results[i];
    const Features f = ComputeFeatures(nl.lead, r.phone, Codes(r.reasons), r.duplicates);
    nl.lead.Set(Field::kLeadsPotentialScore, std::to_string(Score(a.model, f)));
    if (!r.tags.empty() || !nl.lead.Get(Field::kLeadsTags).empty())
      nl.lead.Set(Field::kLeadsTags, MergeTags(nl.lead.Get(Field::kLeadsTags), r.tags));
    nl.intel.keys = std::move(r.keys);
    nl.intel.counter_key = std::move(r.counter_key);
    nl.intel.bucket = r.bucket;
    if (!r.reasons.empty()) nl.intel.reasons = ReasonsJson(r, a.rules);
  }
  return Status::Ok();
}

StatusOr<RetagSummary> IntelService::Retag(int64_t account_id, int64_t from, int64_t to) {
  {
    std::lock_guard lock(mu_);
    cache_.erase(account_id);
  }
  LEADS_ASSIGN_OR_RETURN(AccountIntel a, Load(account_id));
  RetagSummary sum;
  int64_t after_time = INT64_MIN, after_id = INT64_MIN;
  Tagger tagger(intel_);
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(auto page, intel_.LeadsForRetag(account_id, from, to, after_time, after_id, kRetagPage));
    if (page.empty()) break;
    std::vector<Lead> leads;
    leads.reserve(page.size());
    for (const auto& s : page) {
      LEADS_ASSIGN_OR_RETURN(Lead l, ParseStoredLead(s.doc));
      leads.push_back(std::move(l));
    }
    // Index first (leads stored before tagging existed), then tag.
    for (size_t i = 0; i < page.size(); ++i)
      LEADS_RETURN_IF_ERROR(intel_.SaveLeadIntel(account_id, page[i].leads_id, page[i].create_time,
                                                 LeadKeys(leads[i]), std::nullopt));
    std::vector<TagInput> in;
    for (size_t i = 0; i < page.size(); ++i) in.push_back({&leads[i], page[i].create_time, page[i].leads_id});
    LEADS_ASSIGN_OR_RETURN(auto results, tagger.Tag(account_id, a.rules, in));
    for (size_t i = 0; i < page.size(); ++i) {
      const TagResult& r = results[i];
      const Features f = ComputeFeatures(leads[i], r.phone, Codes(r.reasons), r.duplicates);
      const std::string score = std::to_string(Score(a.model, f));
      const std::string tags = MergeTags(leads[i].Get(Field::kLeadsTags), r.tags);
      ++sum.scanned;
      if (tags != leads[i].Get(Field::kLeadsTags) || score != leads[i].Get(Field::kLeadsPotentialScore)) {
        auto updated = console_.UpdateLead(
            account_id, page[i].leads_id, "intel",
            [&](Lead& l) -> StatusOr<std::string> {
              const std::string merged = MergeTags(l.Get(Field::kLeadsTags), r.tags);
              if (merged == l.Get(Field::kLeadsTags) && score == l.Get(Field::kLeadsPotentialScore)) return std::string();
              boost::json::object detail{{"action", "retag"},
                                         {"leads_tags", merged},
                                         {"leads_potential_score", score},
                                         {"previous_tags", l.Get(Field::kLeadsTags)},
                                         {"previous_score", l.Get(Field::kLeadsPotentialScore)}};
              l.Set(Field::kLeadsTags, merged);
              l.Set(Field::kLeadsPotentialScore, score);
              return JsonText(detail);
            },
            clock_.NowSeconds());
        if (!updated.ok()) return updated.status();
        ++sum.changed;
      }
      LEADS_RETURN_IF_ERROR(intel_.SaveLeadIntel(account_id, page[i].leads_id, page[i].create_time, {},
                                                 r.reasons.empty() ? std::string() : ReasonsJson(r, a.rules)));
    }
    after_time = page.back().create_time;
    after_id = page.back().leads_id;
  }
  return sum;
}

StatusOr<ScoreModel> IntelService::Fit(int64_t account_id) {
  std::vector<Features> train_x, hold_x, all_x;
  std::vector<int> train_y, hold_y, all_y;
  int64_t after_time = INT64_MIN, after_id = INT64_MIN;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(auto page,
                           intel_.LeadsForRetag(account_id, INT64_MIN, INT64_MAX, after_time, after_id, 2000));
    if (page.empty()) break;
    for (const auto& s : page) {
      // Cheap pre-filter: only leads with a reported outcome are parsed.
      if (s.doc.find("LEADS_FOLLOW_TAG_VALID") == std::string::npos &&
          s.doc.find("LEADS_FOLLOW_TAG_INVALID_") == std::string::npos)
        continue;
      LEADS_ASSIGN_OR_RETURN(Lead l, ParseStoredLead(s.doc));
      const int y = OutcomeOf(l.Get(Field::kLeadsFollowTag));
      if (y < 0) continue;
      Features f = StoredFeatures(l);
      all_x.push_back(f);
      all_y.push_back(y);
      // A fixed fifth (by leads_id) is held out for the AUC.
      if (s.leads_id % 5 == 0) {
        hold_x.push_back(f);
        hold_y.push_back(y);
      } else {
        train_x.push_back(f);
        train_y.push_back(y);
      }
    }
    after_time = page.back().create_time;
    after_id = page.back().leads_id;
  }
  const int64_t pos = std::count(all_y.begin(), all_y.end(), 1), neg = static_cast<int64_t>(all_y.size()) - pos;
  if (static_cast<int64_t>(all_y.size()) < kMinTraining || pos < kMinPerClass || neg < kMinPerClass)
    return InvalidArgument(ErrorCode::kTooFewOutcomes,
                              "account " + std::to_string(account_id) + ": " + std::to_string(all_y.size()) +
                                  " leads with reported outcomes (" + std::to_string(pos) + " valid, " +
                                  std::to_string(neg) + " invalid); fitting needs " + std::to_string(kMinTraining) +
                                  " with at least " + std::to_string(kMinPerClass) + " of each");
  ScoreModel held = FitLogistic(train_x, train_y);
  std::vector<double> fitted_scores, default_scores;
  const ScoreModel def = DefaultModel();
  for (const auto& f : hold_x) {
    fitted_scores.push_back(Probability(held, f));
    default_scores.push_back(Probability(def, f));
  }
  ScoreModel m = FitLogistic(all_x, all_y);
  m.holdout_auc = Auc(fitted_scores, hold_y).value_or(0);
  m.heuristic_auc = Auc(default_scores, hold_y).value_or(0);
  m.fitted_at = clock_.NowSeconds();
  LEADS_RETURN_IF_ERROR(intel_.PutScoreModel(account_id, PrintModel(m), m.fitted_at));
  std::lock_guard lock(mu_);
  cache_.erase(account_id);
  return m;
}

StatusOr<std::string> IntelService::Explain(int64_t account_id, int64_t leads_id, int utc_offset) {
  LEADS_ASSIGN_OR_RETURN(Lead lead, leads_.GetLead(account_id, leads_id));
  LEADS_ASSIGN_OR_RETURN(AccountIntel a, Load(account_id));
  LEADS_ASSIGN_OR_RETURN(std::string stored, intel_.GetLeadReasons(account_id, leads_id));
  boost::json::object out{{"leads_id", leads_id},
                          {"leads_tags", lead.Get(Field::kLeadsTags)},
                          {"leads_potential_score", lead.Get(Field::kLeadsPotentialScore)}};
  boost::json::array reasons;
  int64_t window_days = a.rules.duplicate_window_days;
  if (!stored.empty()) {
    boost::system::error_code ec;
    auto v = boost::json::parse(stored, ec);
    if (!ec && v.is_object()) {
      if (auto* r = v.get_object().if_contains("reasons"); r && r->is_array()) reasons = r->get_array();
      if (auto* w = v.get_object().if_contains("window_days"); w && w->is_int64()) window_days = w->get_int64();
    }
  }
  out["reasons"] = std::move(reasons);
  // The earlier leads it duplicates (contact keys only), newest first.
  const auto t = ParseDateTime(lead.Get(Field::kLeadsCreateTime), utc_offset);
  boost::json::array dups;
  if (t) {
    std::vector<std::string> keys;
    for (auto& k : LeadKeys(lead))
      if (k[0] != kKeyClick) keys.push_back(std::move(k));
    if (!keys.empty()) {
      LEADS_ASSIGN_OR_RETURN(auto hits, intel_.FindLeadKeys(account_id, keys, *t - window_days * 86400, *t));
      std::map<std::pair<int64_t, int64_t>, std::vector<std::string>, std::greater<>> by_lead;  // (time, id) -> kinds
      for (const auto& h : hits) {
        if (h.leads_id == leads_id || h.create_time > *t || (h.create_time == *t && h.leads_id > leads_id)) continue;
        const char kind = h.key[0];
        by_lead[{h.create_time, h.leads_id}].push_back(kind == kKeyPhone    ? "phone"
                                                       : kind == kKeyWechat ? "wechat"
                                                       : kind == kKeyQq     ? "qq"
                                                                            : "email");
      }
      for (const auto& [k, kinds] : by_lead) {
        if (dups.size() >= 50) break;
        boost::json::array m;
        for (const auto& x : kinds) m.emplace_back(x);
        dups.push_back(boost::json::object{{"leads_id", k.second},
                                           {"leads_create_time", FormatDateTime(k.first, utc_offset)},
                                           {"matched", std::move(m)}});
      }
    }
  }
  out["duplicate_of"] = std::move(dups);
  out["duplicate_window_days"] = window_days;
  const Features f = StoredFeatures(lead);
  boost::json::object feats;
  for (const auto& [id, name] : AllValues<Feature>()) feats[name] = f[static_cast<size_t>(id)];
  out["features"] = std::move(feats);
  out["model"] = a.model.fitted ? "fitted" : "default";
  out["score_now"] = Score(a.model, f);
  return JsonText(out);
}

}  // namespace leads::intel
