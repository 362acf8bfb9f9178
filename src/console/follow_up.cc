#include "console/follow_up.h"

#include <boost/json.hpp>

#include "common/encoding.h"
#include "common/time_format.h"
#include "model/enums.h"
#include "service/report_service.h"

namespace leads::console {
namespace {

Status CheckText(std::string_view field, std::string_view v, size_t max) {
  if (!IsValidUtf8(v)) return InvalidArgument(ErrorCode::kInvalidUtf8, std::string(field) + ": not valid UTF-8");
  if (v.size() > max)
    return InvalidArgument(ErrorCode::kInvalidValue, std::string(field) + ": longer than " + std::to_string(max) + " bytes");
  for (unsigned char c : v)
    if (c < 0x20 && c != '\n' && c != '\t')
      return InvalidArgument(ErrorCode::kInvalidValue, std::string(field) + ": contains control characters");
  return Status::Ok();
}

}  // namespace

StatusOr<Lead> FollowUpService::Apply(int64_t account_id, int64_t leads_id, const FollowUpChange& ch,
                                      const std::string& actor) {
  if (ch.follow_tag && !Parse<FollowTag>(*ch.follow_tag))
    return InvalidArgument(ErrorCode::kUnknownEnum, "follow_tag: unknown enum value '" + ch.follow_tag->substr(0, 64) + "'");
  if (ch.touch_tag && !Parse<TouchTag>(*ch.touch_tag))
    return InvalidArgument(ErrorCode::kUnknownEnum, "touch_tag: unknown enum value '" + ch.touch_tag->substr(0, 64) + "'");
  if (ch.owner_name) LEADS_RETURN_IF_ERROR(CheckText("owner_name", *ch.owner_name, 64));
  LEADS_RETURN_IF_ERROR(CheckText("record", ch.record, 2000));
  if (!ch.follow_tag && !ch.touch_tag && !ch.owner_name && ch.record.empty())
    return InvalidArgument(ErrorCode::kMissingParameter, "follow_tag, touch_tag, owner_name or record: give at least one");
  const int64_t now = clock_.NowSeconds();
  const std::string when = FormatDateTime(now, offset_);
  return store_.UpdateLead(
      account_id, leads_id, "follow_up",
      [&](Lead& lead) -> StatusOr<std::string> {
        boost::json::object changes;
        auto change = [&](Field f, const std::string& key, const std::string& to) {
          const std::string from = lead.Get(f);
          if (from == to) return;
          changes[key] = boost::json::object{{"from", from}, {"to", to}};
          lead.Set(f, to);
        };
        std::optional<std::string> follow = ch.follow_tag;
        if (ch.owner_name && !ch.owner_name->empty() && !follow &&
            lead.Get(Field::kLeadsFollowTag) == Name(FollowTag::kDefault))
          follow = std::string(Name(FollowTag::kAssigned));
        if (ch.owner_name) change(Field::kOwnerName, "owner_name", *ch.owner_name);
        if (follow) change(Field::kLeadsFollowTag, "leads_follow_tag", *follow);
        if (ch.touch_tag) change(Field::kLeadsTouchTag, "leads_touch_tag", *ch.touch_tag);
        if (changes.empty() && ch.record.empty()) return std::string();
        std::vector<std::pair<std::string, std::string>> rec{{"by", actor}};
        for (const auto& kv : changes)
          rec.emplace_back(std::string(kv.key()), std::string(kv.value().at("to").as_string()));
        if (!ch.record.empty()) rec.emplace_back("content", ch.record);
        lead.Set(Field::kAllFollowRecords, AppendFollowRecord(lead.Get(Field::kAllFollowRecords), when, "console", rec));
        boost::json::object detail{{"by", actor}};
        if (!changes.empty()) detail["changes"] = std::move(changes);
        if (!ch.record.empty()) detail["record"] = ch.record;
        return boost::json::serialize(detail);
      },
      now);
}

}  // namespace leads::console
