// Contact normalisation: phone numbers, WeChat ids, QQ numbers and e-mail
// addresses reduced to the form two submissions of the same person share,
// and the key under which duplicates are looked up.
//
// Phone numbers: fullwidth digits and '+' become ASCII; spaces (also the
// ideographic space), dashes, dots and parentheses go; a leading +86, 0086
// or 86 (before an 11-digit mobile) is the mainland's own code and goes too.
// Then:
//   mobile        1[3-9] and 9 more digits (11 digits)
//   landline      0 + area code (2-3 digits, 010/02x/0xxx) + 7-8 digits: 10-12 digits
//   service       400/800 + 7 digits (company hotlines)
//   international + or 00 followed by a country code other than 86, 7-15
//                 digits in all (E.164); foreign numbers are not suspect
//                 for being foreign
//   invalid       anything else (no area code, too short or long, letters)
#pragma once

#include <string>
#include <string_view>

#include "model/enum_table.h"

namespace leads {
#define LEADS_PHONE_KIND_LIST(X) \
  X(kNone, "none") X(kMobile, "mobile") X(kLandline, "landline") X(kService, "service") \
  X(kInternational, "international") X(kInvalid, "invalid")
LEADS_DEFINE_ENUM(PhoneKind, LEADS_PHONE_KIND_LIST);
}  // namespace leads

namespace leads::intel {


struct Phone {
  PhoneKind kind = PhoneKind::kNone;
  // The digits after normalisation (international numbers keep their
  // country code, without + or 00). Empty for kNone.
  std::string digits;
};

// Fullwidth ASCII (U+FF01..U+FF5E) to ASCII, the ideographic space to a
// space; other text unchanged.
std::string FoldFullwidth(std::string_view s);

Phone NormalizePhone(std::string_view raw);

// WeChat ids compare case-insensitively, QQ numbers by their digits,
// e-mail addresses case-insensitively with surrounding space removed.
// Each returns "" when nothing usable is left.
std::string NormalizeWechat(std::string_view raw);
std::string NormalizeQq(std::string_view raw);
std::string NormalizeEmail(std::string_view raw);
// Whether a normalised e-mail has the shape local@domain.tld.
bool PlausibleEmail(std::string_view email);

// Key kinds of the lead_keys index: the contact kinds (duplicates) and the
// click id (bursts). A key is "<kind letter>:<normalised value>".
inline constexpr char kKeyPhone = 'p', kKeyWechat = 'w', kKeyQq = 'q', kKeyEmail = 'e', kKeyClick = 'c';
std::string MakeKey(char kind, std::string_view value);

}  // namespace leads::intel
