#include "intel/analytics.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>
#include <optional>

#include "common/time_format.h"
#include "model/enums.h"
#include "intel/json_text.h"

namespace leads::intel {
namespace {

struct Counts {
  int64_t leads = 0, valid = 0, converted = 0, invalid = 0, duplicate = 0, empty_number = 0, suspicious = 0;
  int64_t spend_fen = 0, revenue_fen = 0;
  bool has_spend = false, has_revenue = false;
};

boost::json::value Money(int64_t fen) { return static_cast<double>(fen) / 100.0; }

boost::json::value Ratio(double num, double den) {
  if (den <= 0) return nullptr;
  return std::round(num / den * 10000.0) / 10000.0;
}

boost::json::object Render(const std::string& key, const Counts& c, double value_per_conversion) {
  boost::json::object o{{"key", key},
                        {"leads", c.leads},
                        {"valid", c.valid},
                        {"converted", c.converted},
                        {"invalid", c.invalid},
                        {"valid_rate", Ratio(c.valid, c.leads)},
                        {"conversion_rate", Ratio(c.converted, c.leads)},
                        {"tagged", boost::json::object{{"duplicate", c.duplicate},
                                                       {"empty_number", c.empty_number},
                                                       {"suspicious", c.suspicious}}}};
  if (!c.has_spend) {
    o["spend"] = nullptr;
    o["cost_per_lead"] = nullptr;
    o["cost_per_converted"] = nullptr;
    o["revenue"] = nullptr;
    o["roi"] = nullptr;
    return o;
  }
  const double spend = c.spend_fen / 100.0;
  o["spend"] = Money(c.spend_fen);
  o["cost_per_lead"] = c.leads ? boost::json::value(std::round(spend / c.leads * 100) / 100) : nullptr;
  o["cost_per_converted"] = c.converted ? boost::json::value(std::round(spend / c.converted * 100) / 100) : nullptr;
  std::optional<double> revenue;
  if (c.has_revenue) revenue = c.revenue_fen / 100.0;
  else if (value_per_conversion > 0) revenue = c.converted * value_per_conversion;
  o["revenue"] = revenue ? boost::json::value(*revenue) : nullptr;
  o["roi"] = revenue ? Ratio(*revenue, spend) : nullptr;
  return o;
}

bool HasTag(std::string_view tags, std::string_view tag) {
  // The console column form: ";a;b;".
  std::string needle = ";" + std::string(tag) + ";";
  return tags.find(needle) != std::string_view::npos;
}

StatusOr<int64_t> ParseFen(std::string_view s, std::string_view where) {
  auto bad = [&] {
    return InvalidArgument(ErrorCode::kSpendCsvInvalid,
                           std::string(where) + ": '" + std::string(s.substr(0, 30)) + "' is not an amount in yuan (e.g. 1234.56)");
  };
  if (s.empty() || s.size() > 15) return bad();
  int64_t yuan = 0, fen = 0;
  size_t i = 0, decimals = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9') return bad();
    yuan = yuan * 10 + (s[i] - '0');
  }
  if (i == 0) return bad();
  if (i < s.size()) {
    for (++i; i < s.size(); ++i, ++decimals) {
      if (s[i] < '0' || s[i] > '9' || decimals >= 2) return bad();
      fen = fen * 10 + (s[i] - '0');
    }
    if (decimals == 0) return bad();
    if (decimals == 1) fen *= 10;
  }
  return yuan * 100 + fen;
}

std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  for (auto& f : out) {
    while (!f.empty() && (f.back() == ' ' || f.back() == '\r')) f.pop_back();
    while (!f.empty() && f.front() == ' ') f.erase(0, 1);
  }
  return out;
}

}  // namespace

int64_t DayNumber(int64_t epoch, int utc_offset) {
  const int64_t t = epoch + utc_offset;
  return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

StatusOr<std::string> Analytics::Run(const AnalyticsQuery& q) {
  LEADS_ASSIGN_OR_RETURN(AccountIntel a, intel_.Load(q.account_id));
  std::map<std::string, Counts> groups;
  Counts total;
  auto key_of = [&](const LeadFacts& f) -> std::string {
    switch (q.group_by) {
      case Dimension::kDay: return FormatDateTime(f.create_time, q.utc_offset).substr(0, 10);
      case Dimension::kCampaign: return f.campaign_id;
      case Dimension::kAdgroup: return f.adgroup_id;
      case Dimension::kAd: return f.ad_id;
      case Dimension::kSource: return f.leads_source;
      case Dimension::kType: return f.leads_type;
    }
    return {};
  };
  LEADS_RETURN_IF_ERROR(store_.ScanLeadFacts(q.account_id, q.start, q.end, [&](const LeadFacts& f) {
    const int outcome = OutcomeOf(f.follow_tag);
    const bool converted = f.follow_tag == Name(FollowTag::kValidConverted);
    const bool dup = f.tags.find(";重复") != std::string::npos;
    const bool empty_number = HasTag(f.tags, kTagEmptyNumber), suspicious = HasTag(f.tags, kTagSuspicious);
    for (Counts* c : {&groups[key_of(f)], &total}) {
      ++c->leads;
      c->valid += outcome == 1;
      c->invalid += outcome == 0;
      c->converted += converted;
      c->duplicate += dup;
      c->empty_number += empty_number;
      c->suspicious += suspicious;
    }
  }));
  // Spend is per campaign and day: it applies to those groupings and the total.
  LEADS_ASSIGN_OR_RETURN(auto spend, store_.ListSpend(q.account_id, DayNumber(q.start, q.utc_offset),
                                                      DayNumber(q.end, q.utc_offset)));
  for (const auto& s : spend) {
    std::vector<Counts*> targets{&total};
    if (q.group_by == Dimension::kDay)
      targets.push_back(&groups[FormatDateTime(s.day * 86400 - q.utc_offset, q.utc_offset).substr(0, 10)]);
    if (q.group_by == Dimension::kCampaign) targets.push_back(&groups[s.campaign_id]);
    for (Counts* c : targets) {
      c->has_spend = true;
      c->spend_fen += s.spend_fen;
      if (s.revenue_fen) {
        c->has_revenue = true;
        c->revenue_fen += *s.revenue_fen;
      }
    }
  }
  boost::json::array rows;
  std::vector<std::pair<std::string, Counts>> ordered(groups.begin(), groups.end());
  if (q.group_by != Dimension::kDay)
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& x, const auto& y) { return x.second.leads > y.second.leads; });
  for (const auto& [k, c] : ordered) rows.push_back(Render(k, c, a.rules.value_per_conversion));
  return JsonText(boost::json::object{{"group_by", Name(q.group_by)},
                                                    {"start_time", FormatDateTime(q.start, q.utc_offset)},
                                                    {"end_time", FormatDateTime(q.end, q.utc_offset)},
                                                    {"rows", std::move(rows)},
                                                    {"total", Render("", total, a.rules.value_per_conversion)}});
}

StatusOr<std::vector<SpendRow>> ParseSpendCsv(std::string_view text, int utc_offset) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<SpendRow> rows;
  int col_date = -1, col_campaign = -1, col_spend = -1, col_revenue = -1;
  size_t line_no = 0, start = 0;
  std::map<std::pair<int64_t, std::string>, size_t> seen;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.empty() || line == "\r") continue;
    auto cells = SplitCsvLine(line);
    const std::string where = "line " + std::to_string(line_no);
    if (col_date < 0) {
      for (size_t i = 0; i < cells.size(); ++i) {
        const auto& h = cells[i];
        if (h == "date") col_date = static_cast<int>(i);
        else if (h == "campaign_id") col_campaign = static_cast<int>(i);
        else if (h == "spend") col_spend = static_cast<int>(i);
        else if (h == "revenue") col_revenue = static_cast<int>(i);
        else return InvalidArgument(ErrorCode::kSpendCsvInvalid, where + ": unknown column '" + h + "' (expected date, campaign_id, spend, revenue)");
      }
      if (col_date < 0 || col_campaign < 0 || col_spend < 0)
        return InvalidArgument(ErrorCode::kSpendCsvInvalid, where + ": the header must name date, campaign_id and spend");
      continue;
    }
    size_t header_cols = 0;
    for (int c : {col_date, col_campaign, col_spend, col_revenue}) header_cols += c >= 0;
    if (cells.size() != header_cols)
      return InvalidArgument(ErrorCode::kSpendCsvInvalid, where + ": expected " + std::to_string(header_cols) +
                                                              " columns, got " + std::to_string(cells.size()));
    SpendRow r;
    const std::string& date = cells[static_cast<size_t>(col_date)];
    auto t = date.size() == 10 ? ParseDateTime(date + " 00:00:00", utc_offset) : std::nullopt;
    if (!t) return InvalidArgument(ErrorCode::kSpendCsvInvalid, where + ": date: '" + date.substr(0, 30) + "' is not yyyy-mm-dd");
    r.day = DayNumber(*t, utc_offset);
    r.campaign_id = cells[static_cast<size_t>(col_campaign)];
    if (r.campaign_id.empty()) return InvalidArgument(ErrorCode::kSpendCsvInvalid, where + ": campaign_id: empty");
    if (r.campaign_id.size() > 256) return InvalidArgument(ErrorCode::kSpendCsvInvalid, where + ": campaign_id: too long");
    LEADS_ASSIGN_OR_RETURN(r.spend_fen, ParseFen(cells[static_cast<size_t>(col_spend)], where + ": spend"));
    if (col_revenue >= 0 && !cells[static_cast<size_t>(col_revenue)].empty()) {
      LEADS_ASSIGN_OR_RETURN(int64_t rev, ParseFen(cells[static_cast<size_t>(col_revenue)], where + ": revenue"));
      r.revenue_fen = rev;
    }
    auto [it, fresh] = seen.emplace(std::pair{r.day, r.campaign_id}, line_no);
    if (!fresh)
      return InvalidArgument(ErrorCode::kSpendCsvInvalid, where + ": campaign_id '" + r.campaign_id + "' on " + date +
                                                              " is already on line " + std::to_string(it->second));
    rows.push_back(std::move(r));
  }
  if (col_date < 0) return InvalidArgument(ErrorCode::kSpendCsvInvalid, "line 1: the file is empty (expected a header date,campaign_id,spend[,revenue])");
  if (rows.empty()) return InvalidArgument(ErrorCode::kSpendCsvInvalid, "line 2: no rows after the header");
  return rows;
}

}  // namespace leads::intel
