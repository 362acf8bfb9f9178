#include "common/time_format.h"

#include <cstdio>

namespace leads {
namespace {

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Parses "yyyy-mm-dd" at the start of `s` into epoch days.
std::optional<int64_t> ParseDays(std::string_view s) {
  int y, m, d;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) return std::nullopt;
  if (y < 1970 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> ParseDate(std::string_view s, int offset) {
  if (s.size() != 10) return std::nullopt;
  auto days = ParseDays(s);
  if (!days) return std::nullopt;
  return *days * 86400 - offset;
}

std::optional<int64_t> ParseDateTime(std::string_view s, int offset) {
  if (s.size() != 19 || s[10] != ' ' || s[13] != ':' || s[16] != ':') return std::nullopt;
  auto days = ParseDays(s.substr(0, 10));
  int hh, mm, ss;
  if (!days || !Digits(s, 11, 2, &hh) || !Digits(s, 14, 2, &mm) || !Digits(s, 17, 2, &ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return *days * 86400 + hh * 3600 + mm * 60 + ss - offset;
}

std::optional<int64_t> ParseRangeBound(std::string_view s, bool end, int offset) {
  if (s.size() == 10 && s[4] != '-') {
    int64_t v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    return v;
  }
  auto start = ParseDate(s, offset);
  if (!start) return std::nullopt;
  return end ? *start + 86399 : *start;
}

std::string FormatDateTime(int64_t epoch, int offset) {
  int64_t t = epoch + offset;
  int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int64_t secs = t - days * 86400;
  // civil_from_days (Howard Hinnant)
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02d:%02d:%02d", static_cast<long long>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

}  // namespace leads
