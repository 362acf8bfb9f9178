#include "auth/authenticator.h"

#include "auth/signature.h"
#include "common/encoding.h"

namespace leads {

StatusOr<Principal> Authenticator::Authenticate(std::string_view signature, std::string_view algorithm,
                                                Scope required) {
  LEADS_ASSIGN_OR_RETURN(ParsedSignature sig, ParseSignature(signature));
  LEADS_ASSIGN_OR_RETURN(SignatureAlgorithm alg, ParseAlgorithmHeader(algorithm));
  if (!sig.nonce && !options_.allow_old_scheme)
    return Unauthenticated(ErrorCode::kOldSchemeDisabled,
                           "X-Signature: the old three-part scheme is disabled; sign with a nonce");
  bool digits = sig.timestamp.size() == 10;
  for (char c : sig.timestamp) digits = digits && c >= '0' && c <= '9';
  if (!digits)
    return Unauthenticated(ErrorCode::kTimestampMalformed, "X-Signature: timestamp must be 10-digit epoch seconds");
  const int64_t ts = std::stoll(sig.timestamp);
  const int64_t now = clock_.NowSeconds();
  if (ts > now + options_.window_seconds || ts < now - options_.window_seconds)
    return Unauthenticated(ErrorCode::kTimestampOutOfWindow,
                           "X-Signature: timestamp " + sig.timestamp + " is more than " +
                               std::to_string(options_.window_seconds) + " s from server time " +
                               std::to_string(now));
  if (sig.nonce && (sig.nonce->empty() || sig.nonce->size() > 32))
    return Unauthenticated(ErrorCode::kNonceInvalid, "X-Signature: nonce must be 1-32 characters, got " +
                                                         std::to_string(sig.nonce->size()));
  auto cred = credentials_.FindCredential(sig.token);
  if (!cred.ok()) {
    if (cred.status().reason() == Reason::kNotFound)
      return Unauthenticated(ErrorCode::kTokenUnknown, "X-Signature: unknown token");
    return cred.status();
  }
  if (cred->revoked_at) return Unauthenticated(ErrorCode::kTokenRevoked, "X-Signature: token was revoked");
  std::string seed = sig.token + "." + sig.timestamp + "." + cred->secret;
  std::string expected = HexDigest(alg, seed);
  std::string got = sig.digest;
  for (char& ch : got) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!ConstantTimeEquals(expected, got))
    return Unauthenticated(ErrorCode::kSignatureMismatch,
                           "X-Signature: digest does not match (algorithm " + std::string(Name(alg)) + ")");
  if (cred->scope != required)
    return PermissionDenied(ErrorCode::kScopeMismatch, "X-Signature: token has scope '" +
                                                           std::string(Name(cred->scope)) + "', this interface needs '" +
                                                           std::string(Name(required)) + "'");
  if (sig.nonce) {
    LEADS_ASSIGN_OR_RETURN(bool fresh, nonces_.RecordNonce(sig.token, *sig.nonce, now));
    if (!fresh) return Unauthenticated(ErrorCode::kNonceReplayed, "X-Signature: nonce was already used");
  }
  return Principal{std::move(cred).value(), !sig.nonce};
}

Status Authenticator::CheckAccount(const Principal& p, int64_t account_id) {
  LEADS_ASSIGN_OR_RETURN(bool ok, credentials_.TokenAllowsAccount(p.credential, account_id));
  if (!ok)
    return PermissionDenied(ErrorCode::kAccountNotPermitted,
                            "account_id: token is not allowed for account " + std::to_string(account_id));
  return Status::Ok();
}

}  // namespace leads
