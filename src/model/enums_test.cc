#include "model/enums.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "model/status_system.h"

namespace leads {
namespace {

template <typename E>
void ExpectRoundTrip(size_t expected_count) {
  const auto& table = AllValues<E>();
  EXPECT_EQ(table.size(), expected_count) << EnumTraits<E>::kTypeName;
  std::set<std::string_view> names;
  for (const auto& [value, name] : table) {
    EXPECT_FALSE(name.empty());
    EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
    EXPECT_EQ(Name(value), name);
    ASSERT_TRUE(Parse<E>(name).has_value()) << name;
    EXPECT_EQ(*Parse<E>(name), value);
  }
  EXPECT_FALSE(Parse<E>("").has_value());
  EXPECT_FALSE(Parse<E>("NOT_A_VALUE").has_value());
}

TEST(EnumsTest, EveryEnumParsesAndPrints) {
  ExpectRoundTrip<AccountType>(2);
  ExpectRoundTrip<LeadsType>(12);
  ExpectRoundTrip<Gender>(3);
  ExpectRoundTrip<ComeFrom>(3);
  ExpectRoundTrip<ConvertStatus>(11);
  ExpectRoundTrip<IneffectReason>(16);
  ExpectRoundTrip<LeadsSource>(15);
  ExpectRoundTrip<FollowTag>(12);
  ExpectRoundTrip<TouchTag>(5);
  ExpectRoundTrip<LeadsSubType>(13);
  ExpectRoundTrip<LeadsSubSource>(34);
  ExpectRoundTrip<IntentionScore>(6);
  ExpectRoundTrip<Industry>(5);
  ExpectRoundTrip<Scope>(3);
  ExpectRoundTrip<StatusSystem>(2);
  ExpectRoundTrip<SignatureAlgorithm>(2);
}

TEST(EnumsTest, ParsingIsCaseSensitive) {
  EXPECT_FALSE(Parse<LeadsType>("leads_type_form"));
  EXPECT_TRUE(Parse<LeadsType>("LEADS_TYPE_FORM"));
}

TEST(EnumsTest, IneffectReasonAcceptsTheDocumentsTypos) {
  EXPECT_EQ(ParseIneffectReason("LEADS_INEFFECT_REASION_TEL_NOT_CONNECTED"), IneffectReason::kTelNotConnected);
  EXPECT_EQ(ParseIneffectReason("LEADS_INEFFECT_REASON_UNKOWN"), IneffectReason::kUnknown);
  EXPECT_EQ(ParseIneffectReason("LEADS_INEFFECT_REASON_UNKNOWN"), IneffectReason::kUnknown);
  EXPECT_EQ(ParseIneffectReason("LEADS_INEFFECT_REASION_UNKNOWN"), IneffectReason::kUnknown);
  EXPECT_EQ(Name(IneffectReason::kUnknown), "LEADS_INEFFECT_REASON_UNKOWN");  // canonical = §7
  EXPECT_FALSE(ParseIneffectReason("LEADS_INEFFECT_REASION_NOPE"));
}

TEST(EnumsTest, AccountTypeShortNames) {
  EXPECT_EQ(ParseAccountTypeShort("GDT"), AccountType::kGdt);
  EXPECT_EQ(ParseAccountTypeShort("WECHAT"), AccountType::kWechat);
  EXPECT_FALSE(ParseAccountTypeShort("gdt"));
}

TEST(StatusSystemTest, StandardSystemAllowsOnlyStandardValues) {
  for (auto i : {Industry::kNone, Industry::kMedical}) {
    EXPECT_TRUE(ConvertAllowed(ConvertStatus::kHighIntentionCustomer, StatusSystem::kStandard, i));
    EXPECT_FALSE(ConvertAllowed(ConvertStatus::kVisitStore, StatusSystem::kStandard, i));
    EXPECT_TRUE(ReasonAllowed(IneffectReason::kUnknown, StatusSystem::kStandard, i));
    EXPECT_FALSE(ReasonAllowed(IneffectReason::kSuspended, StatusSystem::kStandard, i));
  }
}

TEST(StatusSystemTest, IndustryTablesFollowTheDocument) {
  auto I = StatusSystem::kIndustry;
  EXPECT_TRUE(ConvertAllowed(ConvertStatus::kLoseIntention, I, Industry::kRealEstate));
  EXPECT_FALSE(ConvertAllowed(ConvertStatus::kLoseIntention, I, Industry::kHome));
  EXPECT_TRUE(ConvertAllowed(ConvertStatus::kAddWeixin, I, Industry::kMedical));
  EXPECT_FALSE(ConvertAllowed(ConvertStatus::kAddWeixin, I, Industry::kFranchise));
  EXPECT_TRUE(ConvertAllowed(ConvertStatus::kHighIntention, I, Industry::kFranchise));
  EXPECT_FALSE(ConvertAllowed(ConvertStatus::kHighIntentionCustomer, I, Industry::kFranchise));
  EXPECT_TRUE(ReasonAllowed(IneffectReason::kDataDuplicationInTencent, I, Industry::kMedical));
  EXPECT_FALSE(ReasonAllowed(IneffectReason::kDataDuplicationInTencent, I, Industry::kHome));
  EXPECT_FALSE(ReasonAllowed(IneffectReason::kVicious, I, Industry::kFranchise));
  EXPECT_FALSE(ReasonAllowed(IneffectReason::kUnknown, I, Industry::kHome));
  // Industry option on an account without an industry falls back to standard.
  EXPECT_TRUE(ConvertAllowed(ConvertStatus::kPotentialCustomer, I, Industry::kNone));
  EXPECT_FALSE(ConvertAllowed(ConvertStatus::kVisitStore, I, Industry::kNone));
}

TEST(StatusSystemTest, FollowTagMapping) {
  EXPECT_EQ(FollowTagFor(ConvertStatus::kPotentialCustomer, std::nullopt), FollowTag::kValid);
  EXPECT_EQ(FollowTagFor(ConvertStatus::kHighIntention, std::nullopt), FollowTag::kValidHighIntention);
  EXPECT_EQ(FollowTagFor(ConvertStatus::kTransCompleted, std::nullopt), FollowTag::kValidConverted);
  EXPECT_EQ(FollowTagFor(ConvertStatus::kAddWeixin, std::nullopt), FollowTag::kFollowing);
  EXPECT_EQ(FollowTagFor(ConvertStatus::kDeprecated, IneffectReason::kDataDuplicationInTencent), FollowTag::kInvalidRepeat);
  EXPECT_EQ(FollowTagFor(ConvertStatus::kLosePurchase, IneffectReason::kSuspended), FollowTag::kInvalidNottouch);
  EXPECT_EQ(FollowTagFor(ConvertStatus::kDeprecated, IneffectReason::kNoIntention), FollowTag::kInvalidNotintention);
  EXPECT_EQ(FollowTagFor(ConvertStatus::kDeprecated, IneffectReason::kRegionMismatched), FollowTag::kInvalidRegionMismatched);
  EXPECT_EQ(FollowTagFor(ConvertStatus::kDeprecated, std::nullopt), FollowTag::kInvalidOther);
  EXPECT_EQ(FollowTagFor(ConvertStatus::kDeprecated, IneffectReason::kAbusive), FollowTag::kInvalidOther);
}

}  // namespace
}  // namespace leads
