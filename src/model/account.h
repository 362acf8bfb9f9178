// Accounts and their credentials.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/enums.h"

namespace leads {

struct Account {
  int64_t account_id = 0;
  AccountType account_type = AccountType::kGdt;
  std::string wechat_appid;
  std::string agency_id;
  std::string agency_name;
  Industry industry = Industry::kNone;
  StatusSystem status_system = StatusSystem::kStandard;
  std::string push_url;  // empty: no push
  SignatureAlgorithm push_algorithm = SignatureAlgorithm::kSha1;
  int64_t created_at = 0;
};

// A (token, secret) pair. The secret is needed to verify signatures, so it
// is stored; it is shown once when issued and never logged or listed.
struct Credential {
  std::string token;
  std::string secret;
  int64_t account_id = 0;
  Scope scope = Scope::kForwarding;
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
};

}  // namespace leads
