// The platform's request signature (API.md §3), shared by the server's
// verifier, the push sender and the client library's signer.
//
//   new: base64(token "," timestamp "," nonce "," H(token "." timestamp "." secret))
//   old: base64(token "," timestamp "," H(token "." timestamp "." secret))
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "model/enums.h"

namespace leads {

// Lowercase hex digest of `data`.
std::string HexDigest(SignatureAlgorithm alg, std::string_view data);

// Lowercase hex HMAC-SHA256 of `data` keyed with `key`.
std::string HmacSha256Hex(std::string_view key, std::string_view data);

// X-Signature values.
std::string SignNew(SignatureAlgorithm alg, std::string_view token, int64_t timestamp,
                    std::string_view nonce, std::string_view secret);
std::string SignOld(SignatureAlgorithm alg, std::string_view token, int64_t timestamp,
                    std::string_view secret);

// A decoded X-Signature. `nonce` is set for the new scheme only.
struct ParsedSignature {
  std::string token;
  std::string timestamp;  // as sent; validated by the verifier
  std::optional<std::string> nonce;
  std::string digest;
};

// Decodes the header: base64, then 3 or 4 comma-separated parts.
StatusOr<ParsedSignature> ParseSignature(std::string_view header);

// Parses X-Signature-Algorithm case-insensitively; absent ("") is SHA1.
StatusOr<SignatureAlgorithm> ParseAlgorithmHeader(std::string_view header);

// The body-integrity header our pushes carry (push issue, point 0):
// hex HMAC-SHA256(secret, timestamp "." delivery_id "." body).
std::string BodySignature(std::string_view secret, int64_t timestamp, std::string_view delivery_id,
                          std::string_view body);

}  // namespace leads
