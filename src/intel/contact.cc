#include "intel/contact.h"

#include <cctype>

namespace leads::intel {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

std::string Trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

std::string FoldFullwidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 == 0xEF && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      // U+FF01..U+FF3F: EF BC 81..BF; U+FF40..U+FF5E: EF BD 80..9E.
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) {
        out.push_back(static_cast<char>(0x21 + (b2 - 0x81)));
        i += 2;
        continue;
      }
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) {
        out.push_back(static_cast<char>(0x60 + (b2 - 0x80)));
        i += 2;
        continue;
      }
    }
    if (b0 == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {  // U+3000 ideographic space
      out.push_back(' ');
      i += 2;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

Phone NormalizePhone(std::string_view raw) {
  Phone p;
  std::string folded = FoldFullwidth(raw);
  std::string s;
  s.reserve(folded.size());
  for (char c : folded) {
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t') continue;
    s.push_back(c);
  }
  if (s.empty()) return p;
  bool international = false;
  if (s[0] == '+') {
    s.erase(0, 1);
    international = true;
  } else if (s.starts_with("00")) {
    s.erase(0, 2);
    international = true;
  }
  p.digits = s;
  if (!AllDigits(s)) {
    p.kind = PhoneKind::kInvalid;
    return p;
  }
  if (international) {
    if (s.starts_with("86")) {
      s.erase(0, 2);
      // International format drops a landline's trunk 0 (+86 10 6234 5678);
      // some write it anyway (+86 010 …). Mobiles and 400/800 have none.
      const bool mobile = s.size() == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9';
      const bool service = s.size() == 10 && (s.starts_with("400") || s.starts_with("800"));
      if (!mobile && !service && !s.empty() && s[0] != '0') s = std::string(1, '0') + s;
    } else {
      p.kind = s.size() >= 7 && s.size() <= 15 && s[0] != '0' ? PhoneKind::kInternational : PhoneKind::kInvalid;
      return p;
    }
  } else if (s.size() == 13 && s.starts_with("861") && s[3] >= '3') {
    s.erase(0, 2);  // 86 13800138000 without the +
  }
  p.digits = s;
  if (s.size() == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9') {
    p.kind = PhoneKind::kMobile;
  } else if (s.size() == 10 && (s.starts_with("400") || s.starts_with("800"))) {
    p.kind = PhoneKind::kService;
  } else if (s.size() >= 10 && s.size() <= 12 && s[0] == '0' && s[1] != '0') {
    // Two-digit area codes (010, 02x) take 8-digit numbers: 11 digits; the
    // others (0xxx) 7 or 8: 11 or 12 digits. 10 digits: 0xxx + 7 digits.
    const bool short_area = s[1] == '1' || s[1] == '2';
    p.kind = (short_area ? s.size() == 11 : (s.size() == 11 || s.size() == 12 || s.size() == 10))
                 ? PhoneKind::kLandline
                 : PhoneKind::kInvalid;
  } else {
    p.kind = PhoneKind::kInvalid;
  }
  return p;
}

std::string NormalizeWechat(std::string_view raw) { return Lower(Trim(FoldFullwidth(raw))); }

std::string NormalizeQq(std::string_view raw) {
  std::string s;
  for (char c : FoldFullwidth(raw))
    if (c >= '0' && c <= '9') s.push_back(c);
  return s.size() >= 5 ? s : std::string();
}

std::string NormalizeEmail(std::string_view raw) { return Lower(Trim(FoldFullwidth(raw))); }

bool PlausibleEmail(std::string_view e) {
  const size_t at = e.find('@');
  if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view domain = e.substr(at + 1);
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
  for (char c : e)
    if (std::isspace(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string MakeKey(char kind, std::string_view value) {
  std::string k;
  k.reserve(value.size() + 2);
  k.push_back(kind);
  k.push_back(':');
  k.append(value);
  return k;
}

}  // namespace leads::intel
