#include "model/status_system.h"

namespace leads {
namespace {

using CS = ConvertStatus;
using IR = IneffectReason;

// Columns: real estate, home, medical, franchise.
struct ConvertRow { CS s; bool allowed[4]; };
constexpr ConvertRow kIndustryConvert[] = {
    {CS::kDeprecated, {true, true, true, true}},
    {CS::kPotentialCustomer, {true, true, true, true}},
    {CS::kVisitStore, {true, true, true, true}},
    {CS::kTransCompleted, {true, true, true, true}},
    {CS::kLoseVisitStore, {true, true, false, false}},
    {CS::kLosePurchase, {true, true, false, false}},
    {CS::kLoseIntention, {true, false, false, false}},
    {CS::kLongtermIntention, {false, false, true, false}},
    {CS::kAddWeixin, {false, false, true, false}},
    {CS::kHighIntention, {false, false, true, true}},
};

struct ReasonRow { IR r; bool allowed[4]; };
constexpr ReasonRow kIndustryReason[] = {
    {IR::kEmpty, {true, true, true, true}},
    {IR::kSuspended, {true, true, true, true}},
    {IR::kOffline, {true, true, true, true}},
    {IR::kTelNotConnected, {true, true, true, true}},
    {IR::kAbusive, {true, true, true, true}},
    {IR::kVicious, {true, true, true, false}},
    {IR::kCompetitor, {true, true, true, false}},
    {IR::kIdentityMismatched, {true, true, true, true}},
    {IR::kNoIntention, {true, true, true, true}},
    {IR::kProductMismatched, {true, true, true, true}},
    {IR::kLongterm, {true, true, true, false}},
    {IR::kRegionMismatched, {true, true, true, true}},
    {IR::kDataDuplication, {true, true, true, true}},
    {IR::kOther, {true, true, true, true}},
    {IR::kDataDuplicationInTencent, {false, false, true, false}},
};

constexpr CS kStandardConvert[] = {CS::kDeprecated, CS::kPotentialCustomer,
                                   CS::kHighIntentionCustomer, CS::kTransCompleted};
constexpr IR kStandardReason[] = {IR::kEmpty, IR::kIdentityMismatched, IR::kRegionMismatched,
                                  IR::kDataDuplication, IR::kTelNotConnected, IR::kNoIntention,
                                  IR::kUnknown, IR::kProductMismatched};

int Column(Industry i) {
  switch (i) {
    case Industry::kRealEstate: return 0;
    case Industry::kHome: return 1;
    case Industry::kMedical: return 2;
    case Industry::kFranchise: return 3;
    case Industry::kNone: break;
  }
  return -1;
}

bool UsesIndustry(StatusSystem system, Industry industry) {
  return system == StatusSystem::kIndustry && Column(industry) >= 0;
}

}  // namespace

bool ConvertAllowed(ConvertStatus s, StatusSystem system, Industry industry) {
  if (!UsesIndustry(system, industry)) {
    for (CS c : kStandardConvert)
      if (c == s) return true;
    return false;
  }
  for (const auto& row : kIndustryConvert)
    if (row.s == s) return row.allowed[Column(industry)];
  return false;
}

bool ReasonAllowed(IneffectReason r, StatusSystem system, Industry industry) {
  if (!UsesIndustry(system, industry)) {
    for (IR c : kStandardReason)
      if (c == r) return true;
    return false;
  }
  for (const auto& row : kIndustryReason)
    if (row.r == r) return row.allowed[Column(industry)];
  return false;
}

FollowTag FollowTagFor(ConvertStatus s, std::optional<IneffectReason> r) {
  switch (s) {
    case CS::kPotentialCustomer: return FollowTag::kValid;
    case CS::kHighIntentionCustomer:
    case CS::kHighIntention: return FollowTag::kValidHighIntention;
    case CS::kTransCompleted: return FollowTag::kValidConverted;
    case CS::kVisitStore:
    case CS::kLongtermIntention:
    case CS::kAddWeixin: return FollowTag::kFollowing;
    case CS::kDeprecated:
    case CS::kLoseVisitStore:
    case CS::kLosePurchase:
    case CS::kLoseIntention: break;
  }
  if (!r) return FollowTag::kInvalidOther;
  switch (*r) {
    case IR::kDataDuplication:
    case IR::kDataDuplicationInTencent: return FollowTag::kInvalidRepeat;
    case IR::kIdentityMismatched: return FollowTag::kInvalidNotself;
    case IR::kTelNotConnected:
    case IR::kEmpty:
    case IR::kSuspended:
    case IR::kOffline: return FollowTag::kInvalidNottouch;
    case IR::kNoIntention: return FollowTag::kInvalidNotintention;
    case IR::kRegionMismatched: return FollowTag::kInvalidRegionMismatched;
    default: return FollowTag::kInvalidOther;
  }
}

}  // namespace leads
