#include "auth/rate_limiter.h"

#include <charconv>
#include <cmath>
#include <functional>

#include "common/error_codes.h"

namespace leads {
namespace {

StatusOr<double> ParseNumber(std::string_view text, std::string_view what) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v >= 0) || v > 1e9)
    return InvalidArgument(ErrorCode::kInvalidValue,
                           std::string(what) + " must be a non-negative number, got '" + std::string(text) + "'");
  return v;
}

}  // namespace

StatusOr<RateLimit> ParseRateLimit(std::string_view text) {
  RateLimit l;
  size_t slash = text.find('/');
  LEADS_ASSIGN_OR_RETURN(l.rate, ParseNumber(text.substr(0, slash), "rate"));
  if (slash != std::string_view::npos) {
    LEADS_ASSIGN_OR_RETURN(l.burst, ParseNumber(text.substr(slash + 1), "burst"));
    if (l.rate > 0 && l.burst < 1)
      return InvalidArgument(ErrorCode::kInvalidValue, "burst must be at least 1, got '" + std::string(text) + "'");
  }
  return l;
}

StatusOr<std::unordered_map<std::string, RateLimit>> ParseRateLimitOverrides(std::string_view text) {
  std::unordered_map<std::string, RateLimit> out;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return InvalidArgument(ErrorCode::kInvalidValue,
                             "expected TOKEN=RATE[/BURST], got '" + std::string(item.substr(0, 40)) + "'");
    LEADS_ASSIGN_OR_RETURN(RateLimit l, ParseRateLimit(item.substr(eq + 1)));
    out[std::string(item.substr(0, eq))] = l;
  }
  return out;
}

StatusOr<std::unordered_map<int64_t, RateLimit>> ParseAccountRateLimits(std::string_view text) {
  LEADS_ASSIGN_OR_RETURN(auto by_name, ParseRateLimitOverrides(text));
  std::unordered_map<int64_t, RateLimit> out;
  for (const auto& [name, limit] : by_name) {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
    if (ec != std::errc() || end != name.data() + name.size() || id <= 0)
      return InvalidArgument(ErrorCode::kInvalidValue, "expected ACCOUNT_ID=RATE[/BURST], got account '" + name + "'");
    out[id] = limit;
  }
  return out;
}

bool RateLimiter::enabled() const {
  if (options_.all.enabled()) return true;
  for (const auto& [t, l] : options_.tokens)
    if (l.enabled()) return true;
  for (const auto& [a, l] : options_.accounts)
    if (l.enabled()) return true;
  return false;
}

const RateLimit& RateLimiter::LimitFor(std::string_view token, int64_t account_id) const {
  if (!options_.tokens.empty())
    if (auto it = options_.tokens.find(std::string(token)); it != options_.tokens.end()) return it->second;
  if (!options_.accounts.empty())
    if (auto it = options_.accounts.find(account_id); it != options_.accounts.end()) return it->second;
  return options_.all;
}

int64_t RateLimiter::Acquire(std::string_view token, int64_t account_id) {
  const RateLimit& limit = LimitFor(token, account_id);
  if (!limit.enabled()) return 0;
  const double burst = limit.burst > 0 ? limit.burst : std::max(1.0, limit.rate);
  const int64_t now = clock_.MonotonicMicros();
  Shard& shard = shards_[std::hash<std::string_view>{}(token) % kShards];
  std::lock_guard lock(shard.mu);
  auto [it, fresh] = shard.buckets.try_emplace(std::string(token));
  Bucket& b = it->second;
  b.limit = &limit;  // for Sweep
  if (fresh) {
    b.tokens = burst;
  } else {
    b.tokens = std::min(burst, b.tokens + static_cast<double>(now - b.at_us) * limit.rate / 1e6);
  }
  b.at_us = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil((1.0 - b.tokens) / limit.rate)));
}

size_t RateLimiter::Sweep() {
  const int64_t now = clock_.MonotonicMicros();
  size_t left = 0;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
      const RateLimit& limit = it->second.limit ? *it->second.limit : options_.all;
      const double burst = limit.burst > 0 ? limit.burst : std::max(1.0, limit.rate);
      bool full = !limit.enabled() ||
                  it->second.tokens + static_cast<double>(now - it->second.at_us) * limit.rate / 1e6 >= burst;
      it = full ? shard.buckets.erase(it) : std::next(it);
    }
    left += shard.buckets.size();
  }
  return left;
}

}  // namespace leads
