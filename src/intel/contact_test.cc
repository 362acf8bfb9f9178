#include <gtest/gtest.h>

#include "intel/contact.h"
#include "intel/keyboard_mash.h"
#include "intel/number_quality.h"

namespace leads::intel {
namespace {

TEST(Phone, FormattedMainlandNumbersNormaliseToElevenDigits) {
  for (const char* raw : {"13912345670", "+86 139 1234 5670", "+86-139-1234-5670", "0086 13912345670", "86 13912345670",
                          "139-1234-5670", "(+86)13912345670", "\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x99" "12345670",
                          "\xEF\xBC\x8B" "86 13912345670"}) {
    Phone p = NormalizePhone(raw);
    EXPECT_EQ(p.kind, PhoneKind::kMobile) << raw;
    EXPECT_EQ(p.digits, "13912345670") << raw;
  }
}

TEST(Phone, KindsAndEdges) {
  EXPECT_EQ(NormalizePhone("").kind, PhoneKind::kNone);
  EXPECT_EQ(NormalizePhone("010-62345678").kind, PhoneKind::kLandline);
  EXPECT_EQ(NormalizePhone("0755 2345 6789").kind, PhoneKind::kLandline);
  EXPECT_EQ(NormalizePhone("0571-8765432").kind, PhoneKind::kLandline);  // 7-digit local number
  EXPECT_EQ(NormalizePhone("+86 10 6234 5678").kind, PhoneKind::kLandline);  // international form drops the trunk 0
  EXPECT_EQ(NormalizePhone("+86 10 6234 5678").digits, NormalizePhone("010-62345678").digits);
  EXPECT_EQ(NormalizePhone("400-810-8888").kind, PhoneKind::kService);
  EXPECT_EQ(NormalizePhone("+852 9123 4567").kind, PhoneKind::kInternational);
  EXPECT_EQ(NormalizePhone("001 415 555 0132").kind, PhoneKind::kInternational);
  EXPECT_EQ(NormalizePhone("+1 415 555 0132").digits, "14155550132");
  EXPECT_EQ(NormalizePhone("12912345678").kind, PhoneKind::kInvalid);  // 12x is no mobile prefix
  EXPECT_EQ(NormalizePhone("1391234567").kind, PhoneKind::kInvalid);   // 10 digits
  EXPECT_EQ(NormalizePhone("62345678").kind, PhoneKind::kInvalid);     // no area code
  EXPECT_EQ(NormalizePhone("139abc45670").kind, PhoneKind::kInvalid);
  EXPECT_EQ(NormalizePhone("+86").kind, PhoneKind::kInvalid);
}

TEST(Contacts, Normalise) {
  EXPECT_EQ(NormalizeWechat("  WXID_Abc "), "wxid_abc");
  EXPECT_EQ(NormalizeQq("QQ: 12345 678"), "12345678");
  EXPECT_EQ(NormalizeQq("1234"), "");
  EXPECT_EQ(NormalizeEmail(" Zhang.San@Example.COM "), "zhang.san@example.com");
  EXPECT_TRUE(PlausibleEmail("a@b.cn"));
  EXPECT_FALSE(PlausibleEmail("a@b"));
  EXPECT_FALSE(PlausibleEmail("@b.cn"));
  EXPECT_FALSE(PlausibleEmail("a@@b.cn"));
}

std::vector<ReasonCode> Check(const char* raw, const Rules& rules = {}) {
  std::vector<Reason> out;
  CheckNumber(NormalizePhone(raw), rules, out);
  std::vector<ReasonCode> codes;
  for (auto& r : out) codes.push_back(r.code);
  return codes;
}

TEST(NumberQuality, Rules) {
  EXPECT_TRUE(Check("13912345670").empty());   // ascending run of 7 (1234567): under 8
  EXPECT_TRUE(Check("+86 139 1234 5670").empty());
  EXPECT_TRUE(Check("+852 9123 4567").empty());  // foreign, not suspect for that
  EXPECT_TRUE(Check("").empty());
  EXPECT_EQ(Check("62345678"), std::vector{ReasonCode::kPhoneFormat});
  EXPECT_EQ(Check("13877777777"), std::vector{ReasonCode::kPhoneRepeat});      // 8 sevens
  EXPECT_TRUE(Check("13810000000").empty());                                    // 7 zeros: a real number
  EXPECT_EQ(Check("13901234567"), std::vector{ReasonCode::kPhoneSequence});    // 01234567
  EXPECT_EQ(Check("13987654321"), std::vector{ReasonCode::kPhoneSequence});    // descending
  EXPECT_EQ(Check("138-0013-8000"), std::vector{ReasonCode::kPhonePlaceholder});
  auto all = Check("+86 12345678901");  // not a mobile, ascending run, placeholder
  EXPECT_NE(std::find(all.begin(), all.end(), ReasonCode::kPhoneFormat), all.end());
  EXPECT_NE(std::find(all.begin(), all.end(), ReasonCode::kPhoneSequence), all.end());
  Rules r;
  r.placeholder_numbers = {"139 1111 2222"};
  r.phone_repeat_run = 4;
  EXPECT_NE(Check("13911112222", r).size(), 0u);
  r.disabled = {ReasonCode::kPhoneRepeat, ReasonCode::kPhonePlaceholder};
  EXPECT_TRUE(Check("13911112222", r).empty());
  EXPECT_EQ(LongestRepeatRun("1222234"), 4);
  EXPECT_EQ(LongestSequenceRun("9876012"), 4);
}

TEST(KeyboardMash, Detects) {
  for (const char* s : {"asdfgh", "qwerty", "jjjjjj", "sdfsdf", "zxcvbnm", "xkcdqzt", "啊啊啊", "ASDF GHJK"})
    EXPECT_TRUE(MashReason(s, false).has_value()) << s;
  for (const char* s : {"测试", "test", "123456"}) EXPECT_TRUE(MashReason(s, true).has_value()) << s;
  for (const char* s : {"张伟", "王小明", "Zhang Wei", "Christopher", "Li Na", "maria garcia", "欧阳娜娜", "100-200万", "是"})
    EXPECT_FALSE(MashReason(s, true).has_value()) << s;
}

TEST(KeyboardMash, JsonStringValues) {
  std::vector<std::string> got;
  JsonStringValues(R"([{"question":"预算","answer":"a\"b"},{"q":"x"}])", 10,
                   [&](std::string_view v) { got.emplace_back(v); });
  EXPECT_EQ(got, (std::vector<std::string>{"预算", "a\"b", "x"}));
}

}  // namespace
}  // namespace leads::intel
