// Wall-clock times on the wire: "yyyy-mm-dd HH:MM:SS" and "yyyy-mm-dd" in a
// fixed zone (China Standard Time, UTC+8, unless a deployment configures
// another offset), and 10-digit epoch seconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leads {

inline constexpr int kChinaOffsetSeconds = 8 * 3600;

// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

// "yyyy-mm-dd HH:MM:SS" in the zone `offset` seconds east of UTC -> epoch
// seconds. Rejects anything else, including impossible dates (2025-02-30).
std::optional<int64_t> ParseDateTime(std::string_view s, int offset);

// "yyyy-mm-dd" -> epoch seconds of 00:00:00 that day in the zone.
std::optional<int64_t> ParseDate(std::string_view s, int offset);

// A list range bound: "yyyy-mm-dd" or exactly 10 decimal digits (epoch
// seconds). For an end bound (`end` true) a date means the whole day, i.e.
// 23:59:59 of that day; epoch seconds are inclusive as given.
std::optional<int64_t> ParseRangeBound(std::string_view s, bool end, int offset);

// epoch seconds -> "yyyy-mm-dd HH:MM:SS" in the zone.
std::string FormatDateTime(int64_t epoch, int offset);

}  // namespace leads
