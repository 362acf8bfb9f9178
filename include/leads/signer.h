// leads client library: the platform's request signature (API.md §3).
//
//   new (default): base64(token "," timestamp "," nonce "," H(token "." timestamp "." secret))
//   old:           base64(token "," timestamp "," H(token "." timestamp "." secret))
//
// H is the lowercase hex SHA256 (default) or SHA1 digest. Send the result as
// `X-Signature` together with `X-Signature-Algorithm`. A new-scheme
// signature is good for one request (its nonce is single-use) within 300 s.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace leads::client {

enum class Algorithm { kSha1, kSha256 };
enum class Scheme { kNew, kOld };

// "SHA1" / "SHA256".
std::string_view AlgorithmName(Algorithm alg);
// Case-insensitive "SHA1" / "SHA256"; nullopt otherwise.
std::optional<Algorithm> ParseAlgorithm(std::string_view name);

// A (token, secret) pair: forwarding (pull, push) or report (the POSTs).
struct Credentials {
  std::string token{};
  std::string secret{};
  bool empty() const { return token.empty() || secret.empty(); }
};

// The two request headers.
struct SignatureHeaders {
  std::string signature{};  // X-Signature
  std::string algorithm{};  // X-Signature-Algorithm
};

// The X-Signature value for explicit inputs (deterministic; `nonce` is
// ignored by the old scheme).
std::string Sign(Scheme scheme, Algorithm alg, std::string_view token, std::string_view secret, int64_t timestamp,
                 std::string_view nonce);

class Signer {
 public:
  // `now` returns epoch seconds and `nonce` a fresh nonce (1–32 chars);
  // both default to the system clock and a CSPRNG (32 hex characters).
  explicit Signer(Credentials credentials, Algorithm alg = Algorithm::kSha256, Scheme scheme = Scheme::kNew,
                  std::function<int64_t()> now = {}, std::function<std::string()> nonce = {});

  // Headers for one request, signed now with a fresh nonce.
  SignatureHeaders Sign() const;
  // Headers for explicit inputs.
  SignatureHeaders SignAt(int64_t timestamp, std::string_view nonce) const;

  const std::string& token() const { return credentials_.token; }
  Algorithm algorithm() const { return alg_; }
  Scheme scheme() const { return scheme_; }

 private:
  Credentials credentials_;
  Algorithm alg_;
  Scheme scheme_;
  std::function<int64_t()> now_;
  std::function<std::string()> nonce_;
};

}  // namespace leads::client
