#include "auth/signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>

#include "common/encoding.h"

namespace leads {

namespace {
// OpenSSL 3 looks an algorithm up again on every EVP_sha1()/EVP_sha256()
// digest (an "implicit fetch", ~60k instructions); fetch each once.
const EVP_MD* Md(SignatureAlgorithm alg) {
  static EVP_MD* const kSha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return alg == SignatureAlgorithm::kSha1 ? kSha1 : kSha256;
}
}  // namespace

std::string HexDigest(SignatureAlgorithm alg, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, Md(alg), nullptr);
  return HexLower(std::string_view(reinterpret_cast<char*>(md), len));
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(Md(SignatureAlgorithm::kSha256), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
  return HexLower(std::string_view(reinterpret_cast<char*>(md), len));
}

namespace {
std::string Seed(std::string_view token, int64_t ts, std::string_view secret) {
  std::string s;
  s.reserve(token.size() + secret.size() + 16);
  s.append(token).append(".").append(std::to_string(ts)).append(".").append(secret);
  return s;
}
}  // namespace

std::string SignNew(SignatureAlgorithm alg, std::string_view token, int64_t timestamp,
                    std::string_view nonce, std::string_view secret) {
  std::string plain;
  plain.append(token).append(",").append(std::to_string(timestamp)).append(",").append(nonce);
  plain.append(",").append(HexDigest(alg, Seed(token, timestamp, secret)));
  return Base64Encode(plain);
}

std::string SignOld(SignatureAlgorithm alg, std::string_view token, int64_t timestamp,
                    std::string_view secret) {
  std::string plain;
  plain.append(token).append(",").append(std::to_string(timestamp));
  plain.append(",").append(HexDigest(alg, Seed(token, timestamp, secret)));
  return Base64Encode(plain);
}

StatusOr<ParsedSignature> ParseSignature(std::string_view header) {
  if (header.empty()) return Unauthenticated(ErrorCode::kSignatureMissing, "X-Signature header missing");
  if (header.size() > 1024)
    return Unauthenticated(ErrorCode::kSignatureMalformed, "X-Signature longer than 1024 bytes");
  auto plain = Base64Decode(header);
  if (!plain) return Unauthenticated(ErrorCode::kSignatureMalformed, "X-Signature is not valid base64");
  std::string_view p(*plain);
  std::string_view parts[5];
  size_t n = 0;
  while (n < 5) {
    size_t comma = p.find(',');
    parts[n++] = p.substr(0, comma);
    if (comma == std::string_view::npos) break;
    p.remove_prefix(comma + 1);
  }
  if (n != 3 && n != 4)
    return Unauthenticated(ErrorCode::kSignatureMalformed,
                           "X-Signature must decode to 3 (old) or 4 (new) comma-separated parts, got " +
                               std::string(n >= 5 ? "more than 4" : std::to_string(n)));
  ParsedSignature out;
  out.token = parts[0];
  out.timestamp = parts[1];
  if (n == 4) out.nonce = std::string(parts[2]);
  out.digest = parts[n - 1];
  if (out.token.empty()) return Unauthenticated(ErrorCode::kSignatureMalformed, "X-Signature: token part is empty");
  return out;
}

StatusOr<SignatureAlgorithm> ParseAlgorithmHeader(std::string_view header) {
  if (header.empty()) return SignatureAlgorithm::kSha1;
  std::string upper;
  for (char c : header) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (auto a = Parse<SignatureAlgorithm>(upper)) return *a;
  return Unauthenticated(ErrorCode::kAlgorithmUnsupported,
                         "X-Signature-Algorithm must be SHA1 or SHA256");
}

std::string BodySignature(std::string_view secret, int64_t timestamp, std::string_view delivery_id,
                          std::string_view body) {
  std::string data;
  data.reserve(body.size() + delivery_id.size() + 16);
  data.append(std::to_string(timestamp)).append(".").append(delivery_id).append(".").append(body);
  return HmacSha256Hex(secret, data);
}

}  // namespace leads
