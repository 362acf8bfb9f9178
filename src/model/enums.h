// The platform's enums (API.md §7) and our own closed sets, each with one
// parse/print table (see enum_table.h).
#pragma once

#include "model/enum_table.h"

namespace leads {

// §7.1
#define LEADS_ACCOUNT_TYPE_LIST(X) X(kGdt, "ACCOUNT_TYPE_GDT") X(kWechat, "ACCOUNT_TYPE_WECHAT")
LEADS_DEFINE_ENUM(AccountType, LEADS_ACCOUNT_TYPE_LIST);

// §7.2
#define LEADS_LEADS_TYPE_LIST(X)                                                         \
  X(kForm, "LEADS_TYPE_FORM") X(kOnlineConsult, "LEADS_TYPE_ONLINE_CONSULT")             \
  X(kMakePhoneCall, "LEADS_TYPE_MAKE_PHONE_CALL") X(kPhone, "LEADS_TYPE_PHONE")          \
  X(kPromotionCoupon, "LEADS_TYPE_PROMOTION_COUPON")                                     \
  X(kIntelligentTool, "LEADS_TYPE_INTELLIGENT_TOOL") X(kLottery, "LEADS_TYPE_LOTTERY")   \
  X(kLandingPageClick, "LEADS_TYPE_LANDING_PAGE_CLICK")                                  \
  X(kOneClickAuthorize, "LEADS_TYPE_ONE_CLICK_AUTHORIZE")                                \
  X(kPageScanCode, "LEADS_TYPE_PAGE_SCAN_CODE")                                          \
  X(kPromotionFollow, "LEADS_TYPE_PROMOTION_FOLLOW")                                     \
  X(kApplyWechatAuth, "LEADS_TYPE_APPLY_WECHAT_AUTH")
LEADS_DEFINE_ENUM(LeadsType, LEADS_LEADS_TYPE_LIST);

// §7.3
#define LEADS_GENDER_LIST(X) \
  X(kUnknown, "GENDER_TYPE_UNKNOWN") X(kFemale, "GENDER_TYPE_FEMALE") X(kMale, "GENDER_TYPE_MALE")
LEADS_DEFINE_ENUM(Gender, LEADS_GENDER_LIST);

// §7.4
#define LEADS_COME_FROM_LIST(X)                          \
  X(kOuterTraffic, "LEADS_SOURCE_TYPE_OUTER_TRAFFIC")    \
  X(kInternalTraffic, "LEADS_SOURCE_TYPE_INTERNAL_TRAFFIC") \
  X(kAdPreview, "LEADS_SOURCE_TYPE_AD_PREVIEW")
LEADS_DEFINE_ENUM(ComeFrom, LEADS_COME_FROM_LIST);

// §7.5 (standard and industry systems together; see status_system.h for
// which values each system allows)
#define LEADS_CONVERT_STATUS_LIST(X)                                              \
  X(kDeprecated, "LEADS_CONVERT_STATUS_DEPRECATED")                               \
  X(kPotentialCustomer, "LEADS_CONVERT_STATUS_POTENTIAL_CUSTOMER")                \
  X(kHighIntentionCustomer, "LEADS_CONVERT_STATUS_HIGH_INTENTION_CUSTOMER")       \
  X(kTransCompleted, "LEADS_CONVERT_STATUS_TRANS_COMPLETED")                      \
  X(kVisitStore, "LEADS_CONVERT_STATUS_VISIT_STORE")                              \
  X(kLoseVisitStore, "LEADS_CONVERT_STATUS_LOSE_VISIT_STORE")                     \
  X(kLosePurchase, "LEADS_CONVERT_STATUS_LOSE_PURCHASE")                          \
  X(kLoseIntention, "LEADS_CONVERT_STATUS_LOSE_INTENTION")                        \
  X(kLongtermIntention, "LEADS_CONVERT_STATUS_LONGTERM_INTENTION")                \
  X(kAddWeixin, "LEADS_CONVERT_STATUS_ADD_WEIXIN")                                \
  X(kHighIntention, "LEADS_CONVERT_STATUS_HIGH_INTENTION")
LEADS_DEFINE_ENUM(ConvertStatus, LEADS_CONVERT_STATUS_LIST);

// §7.6 (canonical spellings; see ParseIneffectReason for the accepted typos)
#define LEADS_INEFFECT_REASON_LIST(X)                                             \
  X(kEmpty, "LEADS_INEFFECT_REASON_EMPTY")                                        \
  X(kIdentityMismatched, "LEADS_INEFFECT_REASON_IDENTITY_MISMATCHED")             \
  X(kRegionMismatched, "LEADS_INEFFECT_REASON_REGION_MISMATCHED")                 \
  X(kDataDuplication, "LEADS_INEFFECT_REASON_DATA_DUPLICATION")                   \
  X(kTelNotConnected, "LEADS_INEFFECT_REASON_TEL_NOT_CONNECTED")                  \
  X(kNoIntention, "LEADS_INEFFECT_REASON_NO_INTENTION")                           \
  X(kUnknown, "LEADS_INEFFECT_REASON_UNKOWN")                                     \
  X(kProductMismatched, "LEADS_INEFFECT_REASON_PRODUCT_MISMATCHED")               \
  X(kSuspended, "LEADS_INEFFECT_REASON_SUSPENDED")                                \
  X(kOffline, "LEADS_INEFFECT_REASON_OFFLINE")                                    \
  X(kAbusive, "LEADS_INEFFECT_REASON_ABUSIVE")                                    \
  X(kVicious, "LEADS_INEFFECT_REASON_VICIOUS")                                    \
  X(kCompetitor, "LEADS_INEFFECT_REASON_COMPETITOR")                              \
  X(kLongterm, "LEADS_INEFFECT_REASON_LONGTERM")                                  \
  X(kOther, "LEADS_INEFFECT_REASON_OTHER")                                        \
  X(kDataDuplicationInTencent, "LEADS_INEFFECT_REASON_DATA_DUPLICATION_IN_TENCENT")
LEADS_DEFINE_ENUM(IneffectReason, LEADS_INEFFECT_REASON_LIST);

// §7.7
#define LEADS_SOURCE_LIST(X)                                                        \
  X(kOuterTraffic, "OUTER_TRAFFIC") X(kOffline, "OFFLINE") X(kAdPreview, "AD_PREVIEW") \
  X(kXj, "XJ") X(kOneLeaf, "ONE_LEAF") X(kWechatCanvas, "WECHAT_CANVAS")               \
  X(kXunda, "XUNDA") X(kInteractivePage, "INTERACTIVEPAGE")                            \
  X(kJiaopeitong, "JIAOPEITONG") X(kYouju, "YOUJU") X(kYixin, "YIXIN")                 \
  X(kAitui, "AITUI") X(kCms, "CMS") X(kXjGuanfangH5, "XJ_GUANFANG_H5")                 \
  X(kXjGuanfangCanvas, "XJ_GUANFANG_CANVAS")
LEADS_DEFINE_ENUM(LeadsSource, LEADS_SOURCE_LIST);

// §7.8
#define LEADS_FOLLOW_TAG_LIST(X)                                                  \
  X(kDefault, "LEADS_FOLLOW_TAG_DEFAULT") X(kAssigned, "LEADS_FOLLOW_TAG_ASSIGNED") \
  X(kFollowing, "LEADS_FOLLOW_TAG_FOLLOWING") X(kValid, "LEADS_FOLLOW_TAG_VALID")   \
  X(kValidHighIntention, "LEADS_FOLLOW_TAG_VALID_HIGH_INTENTION")                 \
  X(kValidConverted, "LEADS_FOLLOW_TAG_VALID_CONVERTED")                          \
  X(kInvalidRepeat, "LEADS_FOLLOW_TAG_INVALID_REPEAT")                            \
  X(kInvalidNotself, "LEADS_FOLLOW_TAG_INVALID_NOTSELF")                          \
  X(kInvalidNottouch, "LEADS_FOLLOW_TAG_INVALID_NOTTOUCH")                        \
  X(kInvalidNotintention, "LEADS_FOLLOW_TAG_INVALID_NOTINTENTION")                \
  X(kInvalidRegionMismatched, "LEADS_FOLLOW_TAG_INVALID_REGION_MISMATCHED")       \
  X(kInvalidOther, "LEADS_FOLLOW_TAG_INVALID_OTHER")
LEADS_DEFINE_ENUM(FollowTag, LEADS_FOLLOW_TAG_LIST);

// §7.10
#define LEADS_TOUCH_TAG_LIST(X)                                                   \
  X(kNeverContact, "LEADS_TOUCH_TAG_NEVER_CONTACT")                               \
  X(kLostCallOthers, "LEADS_TOUCH_TAG_LOST_CALL_OTHERS")                          \
  X(kNoResponse, "LEADS_TOUCH_TAG_NO_RESPONSE") X(kResponsed, "LEADS_TOUCH_TAG_RESPONSED") \
  X(kLostCallInvalidnum, "LEADS_TOUCH_TAG_LOST_CALL_INVALIDNUM")
LEADS_DEFINE_ENUM(TouchTag, LEADS_TOUCH_TAG_LIST);

// §7.11 (spellings as the document lists them)
#define LEADS_SUB_TYPE_LIST(X)                                                    \
  X(kFormUnknown, "FORM_SUBMITUNKNOWN") X(kFormSubmit, "FORM_SUBMITFORM_SUBMIT")  \
  X(kFormLeaveMessage, "FORM_SUBMITLEAVE_MESSAGE_CONSULT")                        \
  X(kFormLeaveInformation, "FORM_SUBMITLEAVE_INFORMATION_CONSULT")                \
  X(kFormPhoneConsult, "FORM_SUBMITPHONE_CONSULT")                                \
  X(kOcaUnknown, "ONE_CLICK_AUTHORIZEUNKNOWN")                                    \
  X(kOcaFormSubmit, "ONE_CLICK_AUTHORIZEFORM_SUBMIT")                             \
  X(kOcaPhoneConsult, "ONE_CLICK_AUTHORIZEPHONE_CONSULT")                         \
  X(kOcaClickForm, "ONE_CLICK_AUTHORIZECLICK_FORM")                               \
  X(kOcaClickConsult, "ONE_CLICK_AUTHORIZECLICK_CONSULT")                         \
  X(kOcaClickCall, "ONE_CLICK_AUTHORIZECLICK_CALL")                               \
  X(kToolFirstTalk, "INTELLIGENT_TOOLFIRST_TALK")                                 \
  X(kToolLeaveInformation, "INTELLIGENT_TOOL__LEAVE_INFORMATION")
LEADS_DEFINE_ENUM(LeadsSubType, LEADS_SUB_TYPE_LIST);

// §7.12
#define LEADS_SUB_SOURCE_LIST(X)                                                  \
  X(kOfflineLeadsPlatform, "OFFLINE_LEADS_PLATFORM")                              \
  X(kOfflineMarketingApi, "OFFLINE_MARKETING_API")                                \
  X(kOfflineDefeatLeads, "OFFLINE_DEFEAT_LEADS")                                  \
  X(kCrawlerWeddingPhoto, "OFFLINE_CRAWLER_WEDDING_PHOTO")                        \
  X(kCrawlerEducation, "OFFLINE_CRAWLER_EDUCATION")                               \
  X(kCrawlerTravel, "OFFLINE_CRAWLER_TRAVEL")                                     \
  X(kCrawlerYujianIncrease, "OFFLINE_CRAWLER_YUJIAN_INCREASE")                    \
  X(kCrawlerDailyClothing, "OFFLINE_CRAWLER_DAILY_CLOTHING")                      \
  X(kCrawlerVideoNumber, "OFFLINE_CRAWLER_VIDEO_NUMBER")                          \
  X(kOfflineExternalApi, "OFFLINE_EXTERNAL_API")                                  \
  X(kXuanjingQcc, "OFFLINE_XUANJING_QCC") X(kXuanjingDdAd, "OFFLINE_XUANJING_DD_AD") \
  X(kXuanjingDdDh, "OFFLINE_XUANJING_DD_DH") X(kXuanjingDdPoi, "OFFLINE_XUANJING_DD_POI") \
  X(kXuanjingMm, "OFFLINE_XUANJING_MM") X(kXuanjingDt, "OFFLINE_XUANJING_DT")     \
  X(kXuanjingHx, "OFFLINE_XUANJING_HX") X(kXuanjingGddt, "OFFLINE_XUANJING_GDDT") \
  X(kXuanjingGz, "OFFLINE_XUANJING_GZ") X(kXuanjingCm1, "OFFLINE_XUANJING_CM1")   \
  X(kXuanjingCm2, "OFFLINE_XUANJING_CM2") X(kXuanjingCm3, "OFFLINE_XUANJING_CM3") \
  X(kXundaUnknown, "XUNDA_UNKNOWN") X(kXundaChexunda, "XUNDA_CHEXUNDA")           \
  X(kXundaFangxunda, "XUNDA_FANGXUNDA") X(kXundaJiaxunda, "XUNDA_JIAXUNDA")       \
  X(kZijixChengzijianzhan, "ZIJIX_CHENGZIJIANZHAN") X(kZijixExternal, "ZIJIX_EXTERNAL") \
  X(kZijixDouyin, "ZIJIX_DOUYIN") X(kZijixJuliang, "ZIJIX_JULIANG")               \
  X(kZijixYundian, "ZIJIX_YUNDIAN") X(kZijixXingtu, "ZIJIX_XINGTU")               \
  X(kZijixHuokebao, "ZIJIX_HUOKEBAO") X(kZijixZhuxiaobang, "ZIJIX_ZHUXIAOBANG")
LEADS_DEFINE_ENUM(LeadsSubSource, LEADS_SUB_SOURCE_LIST);

// §7.13
#define LEADS_INTENTION_SCORE_LIST(X)                                             \
  X(kLevel1, "LEADS_INTENTION_SCORE_LEVEL_1") X(kLevel2, "LEADS_INTENTION_SCORE_LEVEL_2") \
  X(kLevel3, "LEADS_INTENTION_SCORE_LEVEL_3") X(kLevel4, "LEADS_INTENTION_SCORE_LEVEL_4") \
  X(kLevel5, "LEADS_INTENTION_SCORE_LEVEL_5") X(kLevel6, "LEADS_INTENTION_SCORE_LEVEL_6")
LEADS_DEFINE_ENUM(IntentionScore, LEADS_INTENTION_SCORE_LIST);

// Our own sets.
#define LEADS_INDUSTRY_LIST(X) \
  X(kNone, "none") X(kRealEstate, "real_estate") X(kHome, "home") X(kMedical, "medical") X(kFranchise, "franchise")
LEADS_DEFINE_ENUM(Industry, LEADS_INDUSTRY_LIST);

// A credential's scope: which interfaces its token may call.
#define LEADS_SCOPE_LIST(X) X(kForwarding, "forwarding") X(kReport, "report") X(kIntake, "intake")
LEADS_DEFINE_ENUM(Scope, LEADS_SCOPE_LIST);

// §5.3's leads_status_system_option (wire values 1 and 2).
#define LEADS_STATUS_SYSTEM_LIST(X) X(kStandard, "1") X(kIndustry, "2")
LEADS_DEFINE_ENUM(StatusSystem, LEADS_STATUS_SYSTEM_LIST);

// §3's X-Signature-Algorithm (parsed case-insensitively by auth).
#define LEADS_SIGNATURE_ALGORITHM_LIST(X) X(kSha1, "SHA1") X(kSha256, "SHA256")
LEADS_DEFINE_ENUM(SignatureAlgorithm, LEADS_SIGNATURE_ALGORITHM_LIST);

// Short CLI spellings of AccountType (GDT|WECHAT).
std::optional<AccountType> ParseAccountTypeShort(std::string_view s);

// §5.2 resolution: accepts the canonical spelling, the document's
// `REASION` typo, and both `UNKOWN` and `UNKNOWN`.
std::optional<IneffectReason> ParseIneffectReason(std::string_view s);

}  // namespace leads
