// Console passwords: argon2id hashes (libsodium crypto_pwhash_str, its
// "interactive" cost) and the password policy.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace leads::console {

// InvalidArgument (kPasswordPolicy) unless `password` is 10–1024 bytes of
// valid UTF-8 and not one character repeated.
Status CheckPasswordPolicy(std::string_view password);

// An argon2id hash in libsodium's encoded form ("$argon2id$v=19$...").
StatusOr<std::string> HashPassword(std::string_view password);

// True when `password` matches `hash` (constant time in the password).
bool VerifyPassword(const std::string& hash, std::string_view password);

// True when `hash` was made with weaker parameters than HashPassword uses now.
bool NeedsRehash(const std::string& hash);

}  // namespace leads::console
