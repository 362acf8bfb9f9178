#include "service/demo_data.h"

#include "common/time_format.h"

namespace leads {
namespace {

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超"};
constexpr const char* kCities[] = {"北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆"};
constexpr const char* kAreas[] = {"深圳市南山区", "上海市浦东新区", "北京市朝阳区", "广州市天河区", "杭州市西湖区", "成都市高新区"};
constexpr const char* kTypes[] = {"LEADS_TYPE_FORM", "LEADS_TYPE_ONLINE_CONSULT", "LEADS_TYPE_MAKE_PHONE_CALL", "LEADS_TYPE_PHONE", "LEADS_TYPE_LOTTERY"};
constexpr const char* kSources[] = {"AD_PREVIEW", "XJ", "WECHAT_CANVAS", "INTERACTIVEPAGE", "CMS", "OUTER_TRAFFIC"};
constexpr const char* kGenders[] = {"GENDER_TYPE_MALE", "GENDER_TYPE_FEMALE", "GENDER_TYPE_UNKNOWN"};
constexpr const char* kProfessions[] = {"律师", "教师", "工程师", "医生", "设计师", "销售", "会计"};
constexpr const char* kCampaigns[] = {"春季促销计划", "品牌曝光计划", "新品试用计划", "周末特惠计划"};

template <size_t N>
const char* Pick(Random& r, const char* const (&arr)[N]) {
  return arr[r.Uniform(N)];
}

std::string Digits(Random& r, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + r.Uniform(10)));
  return s;
}

}  // namespace

std::vector<IncomingLead> GenerateLeads(Random& r, size_t n, int64_t now, int days, int utc_offset) {
  std::vector<IncomingLead> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Lead l;
    int64_t create = now - static_cast<int64_t>(r.Uniform(static_cast<uint64_t>(days) * 86400));
    int64_t action = create - static_cast<int64_t>(r.Uniform(120));
    std::string qq = std::to_string(10000000 + r.Uniform(899999999));
    size_t campaign = r.Uniform(4);
    l.Set(Field::kClickId, "wx" + r.Hex(20));
    l.Set(Field::kCampaignId, std::to_string(3000000 + campaign));
    l.Set(Field::kCampaignName, kCampaigns[campaign]);
    l.Set(Field::kAdgroupId, std::to_string(4000000 + r.Uniform(20)));
    l.Set(Field::kAdgroupName, std::string("广告组-") + Pick(r, kCities));
    l.Set(Field::kAdId, std::to_string(5000000 + r.Uniform(100)));
    l.Set(Field::kAdName, "创意-" + Digits(r, 3));
    l.Set(Field::kAdcreativeId, std::to_string(6000000 + r.Uniform(100)));
    l.Set(Field::kPageId, std::to_string(7000000 + r.Uniform(10)));
    l.Set(Field::kPageName, "落地页-留资表单");
    l.Set(Field::kPageUrl, "https://h5.example.com/page/" + r.Hex(8));
    l.Set(Field::kComponentId, std::to_string(8000 + r.Uniform(10)));
    l.Set(Field::kComponentName, "表单组件");
    l.Set(Field::kLeadsType, Pick(r, kTypes));
    l.Set(Field::kChatId, Digits(r, 10));
    l.Set(Field::kLeadsSource, Pick(r, kSources));
    l.Set(Field::kLeadsPotentialScore, std::to_string(r.Uniform(101)));
    l.Set(Field::kLeadsName, std::string(Pick(r, kSurnames)) + Pick(r, kGiven));
    l.Set(Field::kLeadsTel, "1" + std::to_string(3 + r.Uniform(7)) + Digits(r, 9));
    l.Set(Field::kTelLocation, Pick(r, kCities));
    l.Set(Field::kLeadsArea, Pick(r, kAreas));
    l.Set(Field::kLeadsEmail, qq + "@qq.com");
    l.Set(Field::kLeadsQq, qq);
    l.Set(Field::kLeadsWechat, "wxid_" + r.Hex(10));
    l.Set(Field::kLeadsGender, Pick(r, kGenders));
    l.Set(Field::kNationality, "中国");
    l.Set(Field::kWorkingYears, std::to_string(1 + r.Uniform(20)) + "年");
    l.Set(Field::kAge, std::to_string(20 + r.Uniform(40)) + "岁");
    l.Set(Field::kProfession, Pick(r, kProfessions));
    l.Set(Field::kAddress, std::string(Pick(r, kAreas)) + "科技园路" + std::to_string(1 + r.Uniform(200)) + "号");
    l.Set(Field::kBundle, "{\"爱好\":\"看书\",\"预算\":\"" + std::to_string(10 + r.Uniform(90)) + "万\"}");
    l.Set(Field::kLeadsCreateTime, FormatDateTime(create, utc_offset));
    l.Set(Field::kLeadsActionTime, FormatDateTime(action, utc_offset));
    l.Set(Field::kShopName, "旗舰店");
    l.Set(Field::kShopAddress, std::string(Pick(r, kAreas)) + "中心大道1号");
    l.Set(Field::kLayerFormContent, "{\"意向车型\":\"奥迪A3\",\"购车时间\":\"三个月内\"}");
    l.Set(Field::kNickName, std::string(Pick(r, kGiven)) + std::string(Pick(r, kGiven)));
    l.Set(Field::kIsBroadCastLeads, "否");
    l.Set(Field::kCustomQa, "{\"前置意向表单\":\"奥迪A3\"}");
    l.Set(Field::kLeadsComeFrom, "LEADS_SOURCE_TYPE_INTERNAL_TRAFFIC");
    out.push_back({std::move(l), "lead " + std::to_string(i) + ": "});
  }
  return out;
}

}  // namespace leads
