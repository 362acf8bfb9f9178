// Console user administration (`leadsd user add|passwd|grant|ungrant|list`
// and the demo user): username and password rules, hashing, grants.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace leads::console {

struct NewUser {
  std::string username;
  std::string display_name;
  ConsoleRole role = ConsoleRole::kMember;
  std::string agency_id;          // agency users
  std::vector<int64_t> accounts;  // granted at once (each must exist)
};

// 1-64 characters of letters, digits and . _ @ -.
Status CheckUsername(std::string_view username);

// Creates the user with an argon2id hash of `password` (policy-checked).
StatusOr<ConsoleUser> AddUser(Store& store, const Clock& clock, const NewUser& u, const std::string& password);
// Replaces the password and ends every session of the user.
Status SetPassword(Store& store, const Clock& clock, const std::string& username, const std::string& password);
Status Grant(Store& store, const std::string& username, int64_t account_id);
Status Ungrant(Store& store, const std::string& username, int64_t account_id);

// A password from a stream: its first line, without the line end.
StatusOr<std::string> ReadPassword(std::istream& in, std::string_view what);

}  // namespace leads::console
