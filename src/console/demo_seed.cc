#include "console/demo_seed.h"

#include <boost/json.hpp>

#include "console/follow_up.h"
#include "model/enums.h"

namespace leads::console {
namespace {

constexpr const char* kOwners[] = {"张经理", "李顾问", "王销售", "赵主管"};
constexpr const char* kTags[] = {"高意向", "回访", "VIP", "老客户", "周末看房"};
constexpr const char* kNotes[] = {"电话沟通，客户对三居室感兴趣", "已加微信，约周末到店", "客户预算有限，继续跟进",
                                  "未接通，明天再打", "客户已签约"};

struct Outcome {
  FollowTag follow;
  TouchTag touch;
  int weight;
};
constexpr Outcome kOutcomes[] = {
    {FollowTag::kAssigned, TouchTag::kNeverContact, 20},
    {FollowTag::kFollowing, TouchTag::kResponsed, 20},
    {FollowTag::kValid, TouchTag::kResponsed, 16},
    {FollowTag::kValidHighIntention, TouchTag::kResponsed, 9},
    {FollowTag::kValidConverted, TouchTag::kResponsed, 5},
    {FollowTag::kInvalidNottouch, TouchTag::kLostCallOthers, 8},
    {FollowTag::kInvalidRepeat, TouchTag::kResponsed, 4},
    {FollowTag::kInvalidNotself, TouchTag::kResponsed, 3},
    {FollowTag::kInvalidNotintention, TouchTag::kNoResponse, 4},
    {FollowTag::kInvalidRegionMismatched, TouchTag::kResponsed, 2},
    {FollowTag::kInvalidOther, TouchTag::kLostCallInvalidnum, 2},
};

}  // namespace

Status SeedDemoActivity(Store& store, Random& random, const Clock& clock, int64_t account_id,
                        const std::vector<int64_t>& ids, int utc_offset) {
  FollowUpService follow(store, clock, utc_offset);
  int total_weight = 0;
  for (const auto& o : kOutcomes) total_weight += o.weight;
  for (int64_t id : ids) {
    if (random.Uniform(100) < 30) {
      std::string tags = kTags[random.Uniform(std::size(kTags))];
      if (random.Uniform(3) == 0) tags += std::string(";") + kTags[random.Uniform(std::size(kTags))];
      LEADS_RETURN_IF_ERROR(store
                                .UpdateLead(account_id, id, "import",
                                            [&](Lead& l) -> StatusOr<std::string> {
                                              l.Set(Field::kLeadsTags, tags);
                                              return boost::json::serialize(
                                                  boost::json::object{{"by", "demo"}, {"leads_tags", tags}});
                                            },
                                            clock.NowSeconds())
                                .status());
    }
    if (random.Uniform(100) >= 60) continue;  // 40% stay unassigned
    int pick = static_cast<int>(random.Uniform(static_cast<uint64_t>(total_weight)));
    const Outcome* o = &kOutcomes[0];
    for (const auto& c : kOutcomes) {
      if (pick < c.weight) {
        o = &c;
        break;
      }
      pick -= c.weight;
    }
    FollowUpChange ch;
    ch.owner_name = kOwners[random.Uniform(std::size(kOwners))];
    ch.follow_tag = std::string(Name(o->follow));
    ch.touch_tag = std::string(Name(o->touch));
    if (random.Uniform(2) == 0) ch.record = kNotes[random.Uniform(std::size(kNotes))];
    LEADS_RETURN_IF_ERROR(follow.Apply(account_id, id, ch, "演示数据").status());
  }
  return Status::Ok();
}

}  // namespace leads::console
