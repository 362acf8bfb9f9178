#include "console/labels.h"

#include <array>
#include <boost/json.hpp>
#include <utility>
#include <vector>

#include "model/enums.h"
#include "store/console_store.h"

namespace leads::console {
namespace {

struct FieldLabelRow {
  Field field;
  const char* zh;
  const char* en;
  const char* group;  // contact, lead, ad, follow, call, other
};

constexpr FieldLabelRow kFieldLabels[] = {
    {Field::kLeadsId, "线索ID", "Lead ID", "lead"},
    {Field::kClickId, "点击ID", "Click ID", "ad"},
    {Field::kAccountId, "账户ID", "Account ID", "lead"},
    {Field::kAccountType, "账户类型", "Account type", "lead"},
    {Field::kAdvertiserId, "广告主ID", "Advertiser ID", "lead"},
    {Field::kWechatAppid, "微信公众号APPID", "WeChat APPID", "lead"},
    {Field::kAgencyId, "服务商ID", "Agency ID", "lead"},
    {Field::kAgencyName, "服务商名称", "Agency name", "lead"},
    {Field::kWechatSpid, "微信服务商ID", "WeChat SPID", "lead"},
    {Field::kClaimAdvertiserId, "认领广告主ID", "Claiming advertiser ID", "lead"},
    {Field::kCampaignId, "推广计划ID", "Campaign ID", "ad"},
    {Field::kCampaignName, "推广计划名称", "Campaign", "ad"},
    {Field::kAdgroupId, "广告组ID", "Ad group ID", "ad"},
    {Field::kAdgroupName, "广告组名称", "Ad group", "ad"},
    {Field::kCreativeId, "创意ID", "Creative ID", "ad"},
    {Field::kCreativeName, "创意名称", "Creative", "ad"},
    {Field::kAdId, "广告ID", "Ad ID", "ad"},
    {Field::kAdName, "广告名称", "Ad", "ad"},
    {Field::kAdcreativeId, "广告创意ID", "Ad creative ID", "ad"},
    {Field::kAdcreativeName, "广告创意名称", "Ad creative", "ad"},
    {Field::kPageId, "落地页ID", "Page ID", "ad"},
    {Field::kComponentId, "组件ID", "Component ID", "ad"},
    {Field::kComponentName, "组件名称", "Component", "ad"},
    {Field::kPageName, "落地页名称", "Page", "ad"},
    {Field::kPageUrl, "落地页URL", "Page URL", "ad"},
    {Field::kLeadsType, "线索类型", "Lead type", "lead"},
    {Field::kLeadsSubType, "线索子类型", "Lead sub-type", "lead"},
    {Field::kChatId, "会话ID", "Chat ID", "lead"},
    {Field::kLeadsTags, "线索标签", "Tags", "lead"},
    {Field::kLeadsSource, "线索来源", "Source", "lead"},
    {Field::kLeadsSubSource, "线索子来源", "Sub-source", "lead"},
    {Field::kLeadsPotentialScore, "潜客评分", "Potential score", "lead"},
    {Field::kLeadsTouchTag, "触达状态", "Touch status", "follow"},
    {Field::kLeadsFollowTag, "跟进状态", "Follow-up status", "follow"},
    {Field::kLeadsName, "姓名", "Name", "contact"},
    {Field::kLeadsTel, "电话", "Phone", "contact"},
    {Field::kTelLocation, "号码归属地", "Phone location", "contact"},
    {Field::kLeadsArea, "所在地区", "Area", "contact"},
    {Field::kLeadsEmail, "邮箱", "Email", "contact"},
    {Field::kLeadsQq, "QQ", "QQ", "contact"},
    {Field::kLeadsWechat, "微信", "WeChat", "contact"},
    {Field::kLeadsGender, "性别", "Gender", "contact"},
    {Field::kNationality, "国籍", "Nationality", "contact"},
    {Field::kWorkingYears, "工作年限", "Working years", "contact"},
    {Field::kAge, "年龄", "Age", "contact"},
    {Field::kProfession, "职业", "Profession", "contact"},
    {Field::kIdNumber, "身份证号", "ID number", "contact"},
    {Field::kAddress, "详细地址", "Address", "contact"},
    {Field::kBundle, "其他信息", "More information", "form"},
    {Field::kLeadsCreateTime, "入库时间", "Entry time", "lead"},
    {Field::kLeadsActionTime, "提交时间", "Submission time", "lead"},
    {Field::kShopName, "门店名称", "Shop", "lead"},
    {Field::kShopAddress, "门店地址", "Shop address", "lead"},
    {Field::kCallMiddleNum, "中间号", "Middle number", "call"},
    {Field::kCallConsumerHotline, "客服热线", "Hotline", "call"},
    {Field::kCallTouchTag, "通话触达状态", "Call touch status", "call"},
    {Field::kCallDuration, "通话时长", "Call duration", "call"},
    {Field::kLeadsPoolId, "线索池ID", "Lead pool ID", "lead"},
    {Field::kCallRecordUrl, "通话录音", "Call recording", "call"},
    {Field::kLayerFormContent, "浮层表单内容", "Layer form", "form"},
    {Field::kNickName, "昵称", "Nickname", "contact"},
    {Field::kIsBroadCastLeads, "是否广播线索", "Broadcast lead", "lead"},
    {Field::kOwnerName, "负责人", "Owner", "follow"},
    {Field::kAllFollowRecords, "跟进记录", "Follow-up records", "follow"},
    {Field::kCustomQa, "自定义问答", "Custom Q&A", "form"},
    {Field::kLeadsResponseDuration, "响应时长(秒)", "Response time (s)", "follow"},
    {Field::kDynamicCreativeId, "动态创意ID", "Dynamic creative ID", "ad"},
    {Field::kDynamicCreativeName, "动态创意名称", "Dynamic creative", "ad"},
    {Field::kLeadsComeFrom, "流量来源", "Traffic origin", "lead"},
    {Field::kPageTools, "页面工具", "Page tools", "ad"},
};
static_assert(std::size(kFieldLabels) == kFieldCount, "a label for every field");

struct ValueLabelRow {
  std::string_view value;
  const char* zh;
  const char* en;
};

constexpr ValueLabelRow kLeadsType[] = {
    {"LEADS_TYPE_FORM", "表单预约", "Form"},
    {"LEADS_TYPE_ONLINE_CONSULT", "在线咨询", "Online consultation"},
    {"LEADS_TYPE_MAKE_PHONE_CALL", "普通电话", "Phone call"},
    {"LEADS_TYPE_PHONE", "智能电话", "Smart phone"},
    {"LEADS_TYPE_PROMOTION_COUPON", "发券", "Coupon"},
    {"LEADS_TYPE_INTELLIGENT_TOOL", "智能咨询", "Smart consultation"},
    {"LEADS_TYPE_LOTTERY", "抽奖", "Lottery"},
    {"LEADS_TYPE_LANDING_PAGE_CLICK", "落地页点击", "Landing page click"},
    {"LEADS_TYPE_ONE_CLICK_AUTHORIZE", "一键授权", "One-click authorisation"},
    {"LEADS_TYPE_PAGE_SCAN_CODE", "加企业微信客服", "WeCom service added"},
    {"LEADS_TYPE_PROMOTION_FOLLOW", "公众号关注", "Official account follow"},
    {"LEADS_TYPE_APPLY_WECHAT_AUTH", "个人微信加好友授权", "Personal WeChat friend"},
};
constexpr ValueLabelRow kLeadsSource[] = {
    {"OUTER_TRAFFIC", "其他", "Other"},
    {"OFFLINE", "外部导入", "Imported"},
    {"AD_PREVIEW", "广告创意", "Ad creative"},
    {"XJ", "蹊径落地页", "XJ landing page"},
    {"ONE_LEAF", "一叶智能", "One Leaf"},
    {"WECHAT_CANVAS", "微信原生推广页", "WeChat canvas"},
    {"XUNDA", "讯达小程序", "Xunda mini program"},
    {"INTERACTIVEPAGE", "互动落地页", "Interactive page"},
    {"JIAOPEITONG", "教培通", "Jiaopeitong"},
    {"YOUJU", "优居", "Youju"},
    {"YIXIN", "亦芯", "Yixin"},
    {"AITUI", "艾推", "Aitui"},
    {"CMS", "CMS落地页", "CMS page"},
    {"XJ_GUANFANG_H5", "官方落地页(H5)", "Official page (H5)"},
    {"XJ_GUANFANG_CANVAS", "官方落地页(原生)", "Official page (canvas)"},
};
constexpr ValueLabelRow kFollowTag[] = {
    {"LEADS_FOLLOW_TAG_DEFAULT", "未分配", "Unassigned"},
    {"LEADS_FOLLOW_TAG_ASSIGNED", "已分配待跟进", "Assigned, to follow up"},
    {"LEADS_FOLLOW_TAG_FOLLOWING", "跟进中", "Following up"},
    {"LEADS_FOLLOW_TAG_VALID", "已转换-潜在客户", "Converted: potential customer"},
    {"LEADS_FOLLOW_TAG_VALID_HIGH_INTENTION", "已转换-高意向客户", "Converted: high intention"},
    {"LEADS_FOLLOW_TAG_VALID_CONVERTED", "已转换-已成单", "Converted: deal closed"},
    {"LEADS_FOLLOW_TAG_INVALID_REPEAT", "无效-重复", "Invalid: duplicate"},
    {"LEADS_FOLLOW_TAG_INVALID_NOTSELF", "无效-非本人", "Invalid: not the person"},
    {"LEADS_FOLLOW_TAG_INVALID_NOTTOUCH", "无效-未接通", "Invalid: not reached"},
    {"LEADS_FOLLOW_TAG_INVALID_NOTINTENTION", "已转换-无意向", "Converted: no intention"},
    {"LEADS_FOLLOW_TAG_INVALID_REGION_MISMATCHED", "无效-定向外", "Invalid: outside the region"},
    {"LEADS_FOLLOW_TAG_INVALID_OTHER", "无效-其他", "Invalid: other"},
};
constexpr ValueLabelRow kTouchTag[] = {
    {"LEADS_TOUCH_TAG_NEVER_CONTACT", "待联系", "Not contacted"},
    {"LEADS_TOUCH_TAG_LOST_CALL_OTHERS", "未接通-其他", "Not reached: other"},
    {"LEADS_TOUCH_TAG_NO_RESPONSE", "未回应", "No response"},
    {"LEADS_TOUCH_TAG_RESPONSED", "已回应", "Responded"},
    {"LEADS_TOUCH_TAG_LOST_CALL_INVALIDNUM", "未接通-无效号码", "Not reached: invalid number"},
};
constexpr ValueLabelRow kGender[] = {
    {"GENDER_TYPE_UNKNOWN", "未知", "Unknown"},
    {"GENDER_TYPE_FEMALE", "女", "Female"},
    {"GENDER_TYPE_MALE", "男", "Male"},
};
constexpr ValueLabelRow kComeFrom[] = {
    {"LEADS_SOURCE_TYPE_OUTER_TRAFFIC", "外部流量", "External traffic"},
    {"LEADS_SOURCE_TYPE_INTERNAL_TRAFFIC", "广告投放", "Advertising"},
    {"LEADS_SOURCE_TYPE_AD_PREVIEW", "广告预览", "Ad preview"},
};
constexpr ValueLabelRow kAccountType[] = {
    {"ACCOUNT_TYPE_GDT", "广点通", "GDT"},
    {"ACCOUNT_TYPE_WECHAT", "微信", "WeChat"},
};
constexpr ValueLabelRow kIndustry[] = {
    {"none", "无行业体系", "No industry"},
    {"real_estate", "房产", "Real estate"},
    {"home", "家居", "Home furnishing"},
    {"medical", "医疗", "Medical"},
    {"franchise", "招商加盟", "Franchise"},
};
constexpr ValueLabelRow kScope[] = {
    {"forwarding", "线索数据转发", "Forwarding (pull & push)"},
    {"report", "线索数据回传", "Report"},
    {"intake", "线索导入", "Intake"},
};
constexpr ValueLabelRow kRole[] = {
    {"administrator", "管理员", "Administrator"},
    {"member", "成员", "Member"},
    {"agency", "服务商", "Agency"},
};

template <size_t N>
std::string_view Find(const ValueLabelRow (&rows)[N], std::string_view value, Lang lang) {
  for (const auto& r : rows)
    if (r.value == value) return lang == Lang::kZh ? r.zh : r.en;
  return {};
}

template <size_t N>
boost::json::array Rows(const ValueLabelRow (&rows)[N]) {
  boost::json::array out;
  for (const auto& r : rows) out.push_back(boost::json::object{{"value", r.value}, {"zh", r.zh}, {"en", r.en}});
  return out;
}

template <typename E>
boost::json::array Values() {
  boost::json::array out;
  for (const auto& [v, name] : AllValues<E>()) out.push_back(boost::json::object{{"value", name}});
  return out;
}

}  // namespace

std::string_view FieldLabel(Field f, Lang lang) {
  for (const auto& r : kFieldLabels)
    if (r.field == f) return lang == Lang::kZh ? r.zh : r.en;
  return Spec(f).pull_name;
}

std::string_view ValueLabel(Field f, std::string_view value, Lang lang) {
  switch (f) {
    case Field::kLeadsType: return Find(kLeadsType, value, lang);
    case Field::kLeadsSource: return Find(kLeadsSource, value, lang);
    case Field::kLeadsFollowTag: return Find(kFollowTag, value, lang);
    case Field::kLeadsTouchTag: return Find(kTouchTag, value, lang);
    case Field::kLeadsGender: return Find(kGender, value, lang);
    case Field::kLeadsComeFrom: return Find(kComeFrom, value, lang);
    case Field::kAccountType: return Find(kAccountType, value, lang);
    default: return {};
  }
}

std::string MetaJson() {
  boost::json::array fields;
  for (const auto& r : kFieldLabels)
    fields.push_back(boost::json::object{{"name", Spec(r.field).pull_name}, {"zh", r.zh}, {"en", r.en}, {"group", r.group}});
  boost::json::object enums{
      {"leads_type", Rows(kLeadsType)},         {"leads_source", Rows(kLeadsSource)},
      {"leads_follow_tag", Rows(kFollowTag)},   {"leads_touch_tag", Rows(kTouchTag)},
      {"leads_gender", Rows(kGender)},          {"leads_come_from", Rows(kComeFrom)},
      {"account_type", Rows(kAccountType)},     {"industry", Rows(kIndustry)},
      {"scope", Rows(kScope)},                  {"role", Rows(kRole)},
      {"leads_sub_type", Values<LeadsSubType>()}, {"leads_sub_source", Values<LeadsSubSource>()},
      {"convert_status", Values<ConvertStatus>()}, {"ineffect_reason", Values<IneffectReason>()},
  };
  return boost::json::serialize(boost::json::object{{"fields", std::move(fields)}, {"enums", std::move(enums)}});
}

}  // namespace leads::console
