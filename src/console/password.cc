#include "console/password.h"

#include <sodium.h>

#include "common/encoding.h"

namespace leads::console {
namespace {

constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

bool SodiumReady() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

}  // namespace

Status CheckPasswordPolicy(std::string_view p) {
  if (p.size() < 10 || p.size() > 1024)
    return InvalidArgument(ErrorCode::kPasswordPolicy, "password: must be 10 to 1024 characters long");
  if (!IsValidUtf8(p)) return InvalidArgument(ErrorCode::kInvalidUtf8, "password: not valid UTF-8");
  if (p.find_first_not_of(p[0]) == std::string_view::npos)
    return InvalidArgument(ErrorCode::kPasswordPolicy, "password: must not be one character repeated");
  return Status::Ok();
}

StatusOr<std::string> HashPassword(std::string_view password) {
  if (!SodiumReady()) return Internal(ErrorCode::kInternal, "libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Internal(ErrorCode::kInternal, "password hashing ran out of memory");
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (!SodiumReady() || hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(const std::string& hash) {
  return crypto_pwhash_str_needs_rehash(hash.c_str(), kOps, kMem) != 0;
}

}  // namespace leads::console
