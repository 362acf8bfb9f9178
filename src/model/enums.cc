#include "model/enums.h"

#include <string>

namespace leads {

std::optional<AccountType> ParseAccountTypeShort(std::string_view s) {
  if (auto full = Parse<AccountType>(s)) return full;
  if (s == "GDT") return AccountType::kGdt;
  if (s == "WECHAT") return AccountType::kWechat;
  return std::nullopt;
}

std::optional<IneffectReason> ParseIneffectReason(std::string_view s) {
  if (auto r = Parse<IneffectReason>(s)) return r;
  std::string fixed(s);
  static constexpr std::string_view kTypo = "LEADS_INEFFECT_REASION_";
  if (fixed.starts_with(kTypo)) fixed = "LEADS_INEFFECT_REASON_" + fixed.substr(kTypo.size());
  if (fixed == "LEADS_INEFFECT_REASON_UNKNOWN") fixed = "LEADS_INEFFECT_REASON_UNKOWN";
  return Parse<IneffectReason>(fixed);
}

}  // namespace leads
