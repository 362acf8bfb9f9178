// A lead and its field schema (API.md §6).
//
// One table (LEADS_FIELD_LIST) names every field once: its push name, its
// pull name, its JSON type in each direction and the enum or format its value
// must have. Parsing, validation and both renderings are driven by it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>

#include "common/status.h"

namespace leads {

// JSON type of a field on the wire.
enum class JsonKind {
  kString,
  kInt,          // a JSON number; an empty value renders as 0
  kIntOptional,  // a JSON number; omitted when empty
};

// What a field's value must look like.
enum class FieldCheck {
  kText, kInt, kDateTime,
  kAccountType, kLeadsType, kLeadsSubType, kLeadsSource, kLeadsSubSource,
  kTouchTag, kFollowTag, kGender, kComeFrom,
};

// X(id, push_name, pull_name, push_kind, pull_kind, check, in_push)
#define LEADS_FIELD_LIST(X)                                                                     \
  X(kLeadsId, "leads_id", "leads_id", kInt, kInt, kInt, true)                                   \
  X(kClickId, "click_id", "click_id", kString, kString, kText, true)                            \
  X(kAccountId, "account_id", "account_id", kInt, kInt, kInt, true)                             \
  X(kAccountType, "account_type", "account_type", kString, kString, kAccountType, true)         \
  X(kAdvertiserId, "advertiser_id", "advertiser_id", kString, kString, kText, true)             \
  X(kWechatAppid, "wechat_appid", "wechat_appid", kString, kString, kText, true)                \
  X(kAgencyId, "agency_id", "agency_id", kString, kString, kText, true)                         \
  X(kAgencyName, "agency_name", "agency_name", kString, kString, kText, true)                   \
  X(kWechatSpid, "wechat_spid", "wechat_spid", kString, kString, kText, true)                   \
  X(kClaimAdvertiserId, "claim_advertiser_id", "claim_advertiser_id", kInt, kInt, kInt, true)   \
  X(kCampaignId, "campaign_id", "campaign_id", kString, kString, kText, true)                   \
  X(kCampaignName, "campaign_name", "campaign_name", kString, kString, kText, true)             \
  X(kAdgroupId, "adgroup_id", "adgroup_id", kString, kString, kText, true)                      \
  X(kAdgroupName, "adgroup_name", "adgroup_name", kString, kString, kText, true)                \
  X(kCreativeId, "creative_id", "creative_id", kString, kString, kText, true)                   \
  X(kCreativeName, "creative_name", "creative_name", kString, kString, kText, true)             \
  X(kAdId, "ad_id", "ad_id", kString, kString, kText, true)                                     \
  X(kAdName, "ad_name", "ad_name", kString, kString, kText, true)                               \
  X(kAdcreativeId, "adcreative_id", "adcreative_id", kString, kString, kText, true)             \
  X(kAdcreativeName, "adcreative_name", "adcreative_name", kString, kString, kText, true)       \
  X(kPageId, "page_id", "page_id", kString, kString, kText, true)                               \
  X(kComponentId, "component_id", "component_id", kString, kString, kText, true)                \
  X(kComponentName, "component_name", "component_name", kString, kString, kText, true)          \
  X(kPageName, "page_name", "page_name", kString, kString, kText, true)                         \
  X(kPageUrl, "page_url", "page_url", kString, kString, kText, true)                            \
  X(kLeadsType, "leads_type", "leads_type", kString, kString, kLeadsType, true)                 \
  X(kLeadsSubType, "leads_sub_type", "leads_sub_type", kString, kString, kLeadsSubType, true)   \
  X(kChatId, "chat_id", "chat_id", kString, kString, kText, true)                               \
  X(kLeadsTags, "leads_tags", "leads_tags", kString, kString, kText, true)                      \
  X(kLeadsSource, "leads_source", "leads_source", kString, kString, kLeadsSource, true)         \
  X(kLeadsSubSource, "leads_sub_source", "leads_sub_source", kString, kString, kLeadsSubSource, true) \
  X(kLeadsPotentialScore, "leads_potential_score", "leads_potential_score", kString, kString, kText, true) \
  X(kLeadsTouchTag, "leads_touch_tag", "leads_touch_tag", kString, kString, kTouchTag, true)    \
  X(kLeadsFollowTag, "leads_follow_tag", "leads_follow_tag", kString, kString, kFollowTag, true) \
  X(kLeadsName, "leads_name", "leads_name", kString, kString, kText, true)                      \
  X(kLeadsTel, "leads_tel", "leads_tel", kString, kString, kText, true)                         \
  X(kTelLocation, "tel_location", "tel_location", kString, kString, kText, true)                \
  X(kLeadsArea, "leads_area", "leads_area", kString, kString, kText, true)                      \
  X(kLeadsEmail, "leads_email", "leads_email", kString, kString, kText, true)                   \
  X(kLeadsQq, "leads_qq", "leads_qq", kString, kString, kText, true)                            \
  X(kLeadsWechat, "leads_wechat", "leads_wechat", kString, kString, kText, true)                \
  X(kLeadsGender, "leads_gender", "leads_gender", kString, kString, kGender, true)              \
  X(kNationality, "nationality", "leads_nationality", kString, kString, kText, true)            \
  X(kWorkingYears, "working_years", "leads_working_years", kString, kString, kText, true)       \
  X(kAge, "age", "leads_age", kString, kString, kText, true)                                    \
  X(kProfession, "profession", "leads_profession", kString, kString, kText, true)               \
  X(kIdNumber, "id_number", "leads_id_number", kString, kString, kText, true)                   \
  X(kAddress, "address", "leads_address", kString, kString, kText, true)                        \
  X(kBundle, "bundle", "bundle", kString, kString, kText, true)                                 \
  X(kLeadsCreateTime, "leads_create_time", "leads_create_time", kString, kString, kDateTime, true) \
  X(kLeadsActionTime, "leads_action_time", "leads_action_time", kString, kString, kDateTime, true) \
  X(kShopName, "shop_name", "shop_name", kString, kString, kText, true)                         \
  X(kShopAddress, "shop_address", "shop_address", kString, kString, kText, true)                \
  X(kCallMiddleNum, "call_middle_num", "call_middle_num", kString, kString, kText, true)        \
  X(kCallConsumerHotline, "call_consumer_hotline", "call_consumer_hotline", kString, kString, kText, true) \
  X(kCallTouchTag, "call_touch_tag", "call_touch_tag", kString, kString, kText, true)           \
  X(kCallDuration, "call_duration", "call_duration", kString, kString, kText, true)             \
  X(kLeadsPoolId, "leads_pool_id", "leads_pool_id", kString, kString, kText, true)              \
  X(kCallRecordUrl, "call_record_url", "call_record_url", kString, kString, kText, true)        \
  X(kLayerFormContent, "layer_form_content", "layer_form_content", kString, kString, kText, true) \
  X(kNickName, "nick_name", "nick_name", kString, kString, kText, true)                         \
  X(kIsBroadCastLeads, "is_broad_cast_leads", "is_broad_cast_leads", kString, kString, kText, true) \
  X(kOwnerName, "owner_name", "owner_name", kString, kString, kText, true)                      \
  X(kAllFollowRecords, "all_follow_records", "all_follow_records", kString, kString, kText, true) \
  X(kCustomQa, "custom_qa", "custom_qa", kString, kString, kText, true)                         \
  X(kLeadsResponseDuration, "leads_response_duration", "leads_response_duration", kIntOptional, kIntOptional, kInt, true) \
  X(kDynamicCreativeId, "dynamic_creative_id", "dynamic_creative_id", kInt, kString, kInt, true) \
  X(kDynamicCreativeName, "dynamic_creative_name", "dynamic_creative_name", kString, kString, kText, true) \
  X(kLeadsComeFrom, "leads_come_from", "leads_come_from", kString, kString, kComeFrom, false)   \
  X(kPageTools, "page_tools", "page_tools", kString, kString, kText, false)

#define LEADS_FIELD_ID_(id, push, pull, pk, lk, check, in_push) id,
enum class Field { LEADS_FIELD_LIST(LEADS_FIELD_ID_) kCount };
#undef LEADS_FIELD_ID_

inline constexpr size_t kFieldCount = static_cast<size_t>(Field::kCount);

struct FieldSpec {
  Field field;
  std::string_view push_name;
  std::string_view pull_name;
  JsonKind push_kind;
  JsonKind pull_kind;
  FieldCheck check;
  bool in_push;  // false: pull-only (leads_come_from, page_tools)
};

// The schema, in the document's push order.
const std::array<FieldSpec, kFieldCount>& FieldTable();
const FieldSpec& Spec(Field f);
// Looks a field up by its push or its pull name; nullptr if unknown.
const FieldSpec* FindField(std::string_view name);

// Longest value accepted for one field, in bytes.
inline constexpr size_t kMaxFieldBytes = 64 * 1024;

// A lead: one string value per field ("" = not set). Integer fields hold
// their decimal text; times hold "yyyy-mm-dd HH:MM:SS".
class Lead {
 public:
  const std::string& Get(Field f) const { return values_[static_cast<size_t>(f)]; }
  void Set(Field f, std::string v) { values_[static_cast<size_t>(f)] = std::move(v); }

  // Renders the pull list item (pull names, pull types; §6).
  std::string RenderPull() const;
  // Renders the push body (push names, push types; §6).
  std::string RenderPush() const;

 private:
  std::array<std::string, kFieldCount> values_;
};

// Checks `value` against the field's rule. On failure the message names the
// field (`where` is prefixed, e.g. "line 3: "). `value` must already be valid
// UTF-8: callers validate their input once, as a whole.
Status CheckFieldValue(const FieldSpec& spec, std::string_view value, std::string_view where);

// Reads a lead from a JSON object holding push or pull names. Unknown names,
// wrong JSON types and invalid values are errors naming the field. Accepts
// strings for every field, and integers for string or integer fields; null
// means "not set".
StatusOr<Lead> LeadFromJson(const boost::json::object& obj, std::string_view where);

// Reads a lead back from the document a store keeps (its pull JSON);
// Internal when the document is not a valid lead.
StatusOr<Lead> ParseStoredLead(std::string_view doc);

}  // namespace leads
