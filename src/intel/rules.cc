#include "intel/rules.h"
#include "intel/json_text.h"

#include <algorithm>
#include <boost/json.hpp>

namespace leads::intel {
namespace {

Status TypeError(std::string_view key, std::string_view want) {
  return InvalidArgument(ErrorCode::kWrongType, "rules." + std::string(key) + ": must be " + std::string(want));
}

StatusOr<int64_t> IntIn(const boost::json::value& v, std::string_view key, int64_t lo, int64_t hi) {
  if (!v.is_int64() && !v.is_uint64()) return TypeError(key, "an integer");
  const int64_t x = v.is_int64() ? v.as_int64() : static_cast<int64_t>(std::min<uint64_t>(v.as_uint64(), INT64_MAX));
  if (x < lo || x > hi)
    return InvalidArgument(ErrorCode::kInvalidValue, "rules." + std::string(key) + ": must be " + std::to_string(lo) +
                                                         ".." + std::to_string(hi) + ", got " + std::to_string(x));
  return x;
}

StatusOr<double> NumberIn(const boost::json::value& v, std::string_view key, double lo, double hi) {
  if (!v.is_number()) return TypeError(key, "a number");
  const double x = v.to_number<double>();
  if (!(x >= lo && x <= hi))
    return InvalidArgument(ErrorCode::kInvalidValue, "rules." + std::string(key) + ": out of range");
  return x;
}

}  // namespace

std::string DuplicateTag(int64_t n) { return "重复" + std::to_string(n) + "条"; }

bool IsIntelTag(std::string_view t) {
  if (t == kTagEmptyNumber || t == kTagSuspicious) return true;
  constexpr std::string_view kPre = "重复", kSuf = "条";
  if (!t.starts_with(kPre) || !t.ends_with(kSuf) || t.size() <= kPre.size() + kSuf.size()) return false;
  for (char c : t.substr(kPre.size(), t.size() - kPre.size() - kSuf.size()))
    if (c < '0' || c > '9') return false;
  return true;
}

std::string_view TagOf(ReasonCode c) {
  switch (c) {
    case ReasonCode::kDuplicate: return "重复";
    case ReasonCode::kPhoneFormat:
    case ReasonCode::kPhoneRepeat:
    case ReasonCode::kPhoneSequence:
    case ReasonCode::kPhonePlaceholder: return kTagEmptyNumber;
    default: return kTagSuspicious;
  }
}

bool Rules::Enabled(ReasonCode c) const { return std::find(disabled.begin(), disabled.end(), c) == disabled.end(); }

StatusOr<Rules> ParseRules(std::string_view json, const Rules& base) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec) return InvalidArgument(ErrorCode::kBodyNotJson, "rules: not valid JSON (" + ec.message() + ")");
  if (!v.is_object()) return InvalidArgument(ErrorCode::kBodyNotObject, "rules: must be a JSON object");
  Rules r = base;
  for (const auto& [k, val] : v.get_object()) {
    const std::string_view key = k;
    if (key == "enabled") {
      if (!val.is_bool()) return TypeError(key, "true or false");
      r.enabled = val.get_bool();
    } else if (key == "duplicate_window_days") {
      LEADS_ASSIGN_OR_RETURN(r.duplicate_window_days, IntIn(val, key, 0, 3650));
    } else if (key == "phone_repeat_run") {
      LEADS_ASSIGN_OR_RETURN(r.phone_repeat_run, IntIn(val, key, 3, 20));
    } else if (key == "phone_sequence_run") {
      LEADS_ASSIGN_OR_RETURN(r.phone_sequence_run, IntIn(val, key, 3, 20));
    } else if (key == "placeholder_numbers") {
      if (!val.is_array()) return TypeError(key, "an array of strings");
      r.placeholder_numbers.clear();
      for (const auto& e : val.get_array()) {
        if (!e.is_string()) return TypeError(key, "an array of strings");
        r.placeholder_numbers.emplace_back(e.get_string());
      }
    } else if (key == "click_burst_count") {
      LEADS_ASSIGN_OR_RETURN(r.click_burst_count, IntIn(val, key, 2, 1000000));
    } else if (key == "click_burst_seconds") {
      LEADS_ASSIGN_OR_RETURN(r.click_burst_seconds, IntIn(val, key, 1, 86400));
    } else if (key == "page_burst_min") {
      LEADS_ASSIGN_OR_RETURN(r.page_burst_min, IntIn(val, key, 1, 100000000));
    } else if (key == "page_burst_factor") {
      LEADS_ASSIGN_OR_RETURN(r.page_burst_factor, NumberIn(val, key, 1.0, 1000.0));
    } else if (key == "min_fill_ms") {
      LEADS_ASSIGN_OR_RETURN(r.min_fill_ms, IntIn(val, key, 0, 600000));
    } else if (key == "fill_ms_per_char") {
      LEADS_ASSIGN_OR_RETURN(r.fill_ms_per_char, IntIn(val, key, 0, 10000));
    } else if (key == "value_per_conversion") {
      LEADS_ASSIGN_OR_RETURN(r.value_per_conversion, NumberIn(val, key, 0, 1e12));
    } else if (key == "disabled") {
      if (!val.is_array()) return TypeError(key, "an array of reason codes");
      r.disabled.clear();
      for (const auto& e : val.get_array()) {
        auto c = e.is_string() ? Parse<ReasonCode>(std::string_view(e.get_string())) : std::nullopt;
        if (!c)
          return InvalidArgument(ErrorCode::kUnknownEnum,
                                 "rules.disabled: '" + (e.is_string() ? std::string(e.get_string()) : boost::json::serialize(e)) +
                                     "' is not a reason code");
        r.disabled.push_back(*c);
      }
    } else {
      return InvalidArgument(ErrorCode::kUnknownField, "rules." + std::string(key) + ": unknown field");
    }
  }
  return r;
}

std::string PrintRules(const Rules& r) {
  boost::json::array placeholders, disabled;
  for (const auto& p : r.placeholder_numbers) placeholders.emplace_back(p);
  for (auto c : r.disabled) disabled.emplace_back(Name(c));
  boost::json::object o{{"enabled", r.enabled},
                        {"duplicate_window_days", r.duplicate_window_days},
                        {"phone_repeat_run", r.phone_repeat_run},
                        {"phone_sequence_run", r.phone_sequence_run},
                        {"placeholder_numbers", std::move(placeholders)},
                        {"click_burst_count", r.click_burst_count},
                        {"click_burst_seconds", r.click_burst_seconds},
                        {"page_burst_min", r.page_burst_min},
                        {"page_burst_factor", r.page_burst_factor},
                        {"min_fill_ms", r.min_fill_ms},
                        {"fill_ms_per_char", r.fill_ms_per_char},
                        {"disabled", std::move(disabled)},
                        {"value_per_conversion", r.value_per_conversion}};
  return JsonText(o);
}

}  // namespace leads::intel
