// The client's signer: a thin typed face over auth/signature.h, which the
// server's verifier and the push sender share.
#include "leads/signer.h"

#include <chrono>

#include "auth/signature.h"
#include "common/clock.h"

namespace leads::client {
namespace {

SignatureAlgorithm ToInternal(Algorithm a) {
  return a == Algorithm::kSha1 ? SignatureAlgorithm::kSha1 : SignatureAlgorithm::kSha256;
}

}  // namespace

std::string_view AlgorithmName(Algorithm alg) { return alg == Algorithm::kSha1 ? "SHA1" : "SHA256"; }

std::optional<Algorithm> ParseAlgorithm(std::string_view name) {
  auto eq = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(a[i])) != b[i]) return false;
    return true;
  };
  if (eq(name, "SHA1")) return Algorithm::kSha1;
  if (eq(name, "SHA256")) return Algorithm::kSha256;
  return std::nullopt;
}

std::string Sign(Scheme scheme, Algorithm alg, std::string_view token, std::string_view secret, int64_t timestamp,
                 std::string_view nonce) {
  return scheme == Scheme::kNew ? SignNew(ToInternal(alg), token, timestamp, nonce, secret)
                                : SignOld(ToInternal(alg), token, timestamp, secret);
}

Signer::Signer(Credentials credentials, Algorithm alg, Scheme scheme, std::function<int64_t()> now,
               std::function<std::string()> nonce)
    : credentials_(std::move(credentials)), alg_(alg), scheme_(scheme), now_(std::move(now)), nonce_(std::move(nonce)) {
  if (!now_) now_ = [] { return SystemClock().NowSeconds(); };
  if (!nonce_) nonce_ = [] { return SystemRandom().Hex(32); };
}

SignatureHeaders Signer::Sign() const {
  return SignAt(now_(), scheme_ == Scheme::kNew ? nonce_() : std::string());
}

SignatureHeaders Signer::SignAt(int64_t timestamp, std::string_view nonce) const {
  return {client::Sign(scheme_, alg_, credentials_.token, credentials_.secret, timestamp, nonce),
          std::string(AlgorithmName(alg_))};
}

}  // namespace leads::client
