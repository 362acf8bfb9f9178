#include "console/lead_filter.h"

#include <charconv>

#include "common/encoding.h"
#include "common/time_format.h"
#include "model/enums.h"

namespace leads::console {
namespace {

constexpr size_t kMaxValues = 20;
constexpr size_t kMaxText = 128;

std::string_view Get(const api::QueryParams& q, std::string_view name) {
  auto it = q.find(name);
  return it == q.end() ? std::string_view() : std::string_view(it->second);
}

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t c = s.find(',');
    std::string_view part = s.substr(0, c);
    if (!part.empty()) out.emplace_back(part);
    s = c == std::string_view::npos ? std::string_view() : s.substr(c + 1);
  }
  return out;
}

template <typename E>
StatusOr<std::vector<std::string>> EnumList(const api::QueryParams& q, std::string_view name) {
  auto values = SplitComma(Get(q, name));
  if (values.size() > kMaxValues)
    return InvalidArgument(ErrorCode::kInvalidValue, std::string(name) + ": at most 20 values");
  for (const auto& v : values)
    if (!Parse<E>(v))
      return InvalidArgument(ErrorCode::kUnknownEnum,
                             std::string(name) + ": unknown enum value '" + v.substr(0, 64) + "'");
  return values;
}

StatusOr<std::string> Text(const api::QueryParams& q, std::string_view name) {
  std::string_view v = Get(q, name);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.size() > kMaxText)
    return InvalidArgument(ErrorCode::kInvalidValue, std::string(name) + ": longer than 128 bytes");
  return std::string(v);
}

StatusOr<std::optional<int64_t>> Time(const api::QueryParams& q, std::string_view name, bool end, int offset) {
  std::string_view v = Get(q, name);
  if (v.empty()) return std::optional<int64_t>();
  if (auto t = ParseDateTime(v, offset)) return std::optional<int64_t>(*t);
  if (auto t = ParseRangeBound(v, end, offset)) return std::optional<int64_t>(*t);
  return InvalidArgument(ErrorCode::kInvalidTime, std::string(name) + ": must be yyyy-mm-dd or yyyy-mm-dd HH:MM:SS, got '" +
                                                      std::string(v.substr(0, 40)) + "'");
}

std::optional<int64_t> ToInt(std::string_view s) {
  int64_t v;
  if (s.empty() || s.size() > 18) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string CursorText(const LeadCursor& c) {
  return std::to_string(c.time) + "." + std::to_string(c.create_time) + "." + std::to_string(c.leads_id);
}

StatusOr<LeadCursor> ParseCursor(std::string_view text) {
  auto bad = [] { return InvalidArgument(ErrorCode::kInvalidValue, "cursor: not a cursor of this list"); };
  size_t a = text.find('.');
  if (a == std::string_view::npos) return bad();
  size_t b = text.find('.', a + 1);
  if (b == std::string_view::npos) return bad();
  auto t = ToInt(text.substr(0, a)), c = ToInt(text.substr(a + 1, b - a - 1)), id = ToInt(text.substr(b + 1));
  if (!t || !c || !id) return bad();
  return LeadCursor{*t, *c, *id};
}

StatusOr<LeadSearch> ReadLeadFilter(const api::QueryParams& q, int64_t account_id, int utc_offset) {
  LeadSearch s;
  s.account_id = account_id;
  std::string_view tt = Get(q, "time_type");
  if (tt == "action" || tt == "0") s.by_action_time = true;
  else if (!(tt.empty() || tt == "create" || tt == "1"))
    return InvalidArgument(ErrorCode::kInvalidValue, "time_type: must be create or action");
  LEADS_ASSIGN_OR_RETURN(s.start, Time(q, "start", false, utc_offset));
  LEADS_ASSIGN_OR_RETURN(s.end, Time(q, "end", true, utc_offset));
  if (s.start && s.end && *s.start > *s.end)
    return InvalidArgument(ErrorCode::kTimeRangeReversed, "start: is after end");
  {
    LEADS_ASSIGN_OR_RETURN(auto v, EnumList<LeadsType>(q, "leads_type"));
    s.equals.emplace_back(LeadColumn::kLeadsType, std::move(v));
  }
  {
    LEADS_ASSIGN_OR_RETURN(auto v, EnumList<LeadsSource>(q, "leads_source"));
    s.equals.emplace_back(LeadColumn::kLeadsSource, std::move(v));
  }
  {
    LEADS_ASSIGN_OR_RETURN(auto v, EnumList<FollowTag>(q, "follow_tag"));
    s.equals.emplace_back(LeadColumn::kFollowTag, std::move(v));
  }
  {
    LEADS_ASSIGN_OR_RETURN(auto v, EnumList<TouchTag>(q, "touch_tag"));
    s.equals.emplace_back(LeadColumn::kTouchTag, std::move(v));
  }
  static constexpr std::pair<std::string_view, LeadColumn> kTextColumns[] = {
      {"owner_name", LeadColumn::kOwnerName}, {"campaign_id", LeadColumn::kCampaignId},
      {"adgroup_id", LeadColumn::kAdgroupId}, {"ad_id", LeadColumn::kAdId}};
  for (const auto& [name, col] : kTextColumns) {
    auto v = Text(q, name);
    if (!v.ok()) return v.status();
    if (v->empty()) continue;
    std::vector<std::string> values(1);
    if (!(col == LeadColumn::kOwnerName && *v == "~")) values[0] = *v;
    s.equals.emplace_back(col, std::move(values));
  }
  LEADS_ASSIGN_OR_RETURN(s.tag, Text(q, "tag"));
  LEADS_ASSIGN_OR_RETURN(s.query, Text(q, "q"));
  if (std::string_view sort = Get(q, "sort"); !sort.empty()) {
    auto v = Parse<LeadSort>(sort);
    if (!v) return InvalidArgument(ErrorCode::kUnknownEnum, "sort: must be create_desc, create_asc, action_desc or action_asc");
    s.sort = *v;
  }
  if (std::string_view cursor = Get(q, "cursor"); !cursor.empty()) {
    LEADS_ASSIGN_OR_RETURN(auto c, ParseCursor(cursor));
    s.after = c;
  }
  LEADS_ASSIGN_OR_RETURN(auto size, api::QueryInt(q, "page_size", 1, 200));
  s.limit = size.value_or(50);
  return s;
}

}  // namespace leads::console
