#include "push/retry_schedule.h"

#include <charconv>

namespace leads::push {
namespace {

constexpr int64_t kMaxWait = 30 * 86400;
constexpr size_t kMaxEntries = 100;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Unit(int64_t s) {
  if (s == 0) return "0";
  if (s % 86400 == 0) return std::to_string(s / 86400) + "d";
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

}  // namespace

RetrySchedule RetrySchedule::Default() {
  return RetrySchedule({0, 10, 60, 300, 1800, 7200, 21600, 43200, 86400});
}

StatusOr<RetrySchedule> RetrySchedule::Parse(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument(ErrorCode::kInvalidValue, "--push-schedule: " + why);
  };
  std::vector<int64_t> waits;
  size_t pos = 0;
  for (;;) {
    size_t comma = text.find(',', pos);
    std::string_view item = Trim(text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (item.empty()) return bad("empty entry in '" + std::string(text) + "'");
    int64_t mult = 1;
    switch (item.back()) {
      case 's': mult = 1; item.remove_suffix(1); break;
      case 'm': mult = 60; item.remove_suffix(1); break;
      case 'h': mult = 3600; item.remove_suffix(1); break;
      case 'd': mult = 86400; item.remove_suffix(1); break;
      default: break;
    }
    int64_t v = -1;
    auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || p != item.data() + item.size() || v < 0 || v > kMaxWait / mult)
      return bad("'" + std::string(item) + "' is not a wait of 0 to 30 days (seconds, or with s, m, h, d)");
    waits.push_back(v * mult);
    if (waits.size() > kMaxEntries) return bad("more than 100 attempts");
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (waits.front() != 0) return bad("the first attempt is immediate: the first entry must be 0");
  return RetrySchedule(std::move(waits));
}

std::optional<int64_t> RetrySchedule::WaitAfter(int failed) const {
  if (failed < 1 || failed >= attempts()) return std::nullopt;
  return waits_[static_cast<size_t>(failed)];
}

std::string RetrySchedule::ToString() const {
  std::string out;
  for (size_t i = 0; i < waits_.size(); ++i) {
    if (i) out += ',';
    out += Unit(waits_[i]);
  }
  return out;
}

int64_t WithJitter(int64_t wait_seconds, Random& random) {
  if (wait_seconds < 60) return wait_seconds;
  return wait_seconds + static_cast<int64_t>(random.Uniform(static_cast<uint64_t>(wait_seconds / 10) + 1));
}

}  // namespace leads::push
