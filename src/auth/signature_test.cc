#include "auth/signature.h"

#include <gtest/gtest.h>

#include "common/encoding.h"

namespace leads {
namespace {

// API.md §3 test vectors.
constexpr char kToken[] = "100000000000000001";
constexpr char kSecret[] = "0123456789abcdef0123456789abcdef";
constexpr int64_t kTs = 1732838400;
constexpr char kNonce[] = "f3b1c0de9a7e4d2b8c6a5e4f3d2c1b0a";

TEST(SignatureTest, NewSha1Vector) {
  EXPECT_EQ(SignNew(SignatureAlgorithm::kSha1, kToken, kTs, kNonce, kSecret),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZjNiMWMwZGU5YTdlNGQyYjhjNmE1ZTRmM2QyYzFiMGEsZDZjMDJhZDNmODEyYTA4MWIyOGU0OTMyZTJkOTUwOTRiMzcyZmQ3OA==");
}

TEST(SignatureTest, OldSha1Vector) {
  EXPECT_EQ(SignOld(SignatureAlgorithm::kSha1, kToken, kTs, kSecret),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZDZjMDJhZDNmODEyYTA4MWIyOGU0OTMyZTJkOTUwOTRiMzcyZmQ3OA==");
}

TEST(SignatureTest, NewSha256Vector) {
  EXPECT_EQ(SignNew(SignatureAlgorithm::kSha256, kToken, kTs, kNonce, kSecret),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZjNiMWMwZGU5YTdlNGQyYjhjNmE1ZTRmM2QyYzFiMGEsZDc0YjMyMzEwMWVhYjNlZTQ3YzEzNzljZDVkMWQ1NGI2NjU2YTBiMzMxZjk1NTFkYTlmNWJkNjJiOGZlMzRhMA==");
}

TEST(SignatureTest, OldSha256Vector) {
  EXPECT_EQ(SignOld(SignatureAlgorithm::kSha256, kToken, kTs, kSecret),
            "MTAwMDAwMDAwMDAwMDAwMDAxLDE3MzI4Mzg0MDAsZDc0YjMyMzEwMWVhYjNlZTQ3YzEzNzljZDVkMWQ1NGI2NjU2YTBiMzMxZjk1NTFkYTlmNWJkNjJiOGZlMzRhMA==");
}

TEST(SignatureTest, Digests) {
  std::string seed = std::string(kToken) + ".1732838400." + kSecret;
  EXPECT_EQ(HexDigest(SignatureAlgorithm::kSha1, seed), "d6c02ad3f812a081b28e4932e2d95094b372fd78");
  EXPECT_EQ(HexDigest(SignatureAlgorithm::kSha256, seed),
            "d74b323101eab3ee47c1379cd5d1d54b6656a0b331f9551da9f5bd62b8fe34a0");
}

TEST(SignatureTest, ParsesBothSchemes) {
  auto n = ParseSignature(SignNew(SignatureAlgorithm::kSha1, kToken, kTs, kNonce, kSecret));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->token, kToken);
  EXPECT_EQ(n->timestamp, "1732838400");
  EXPECT_EQ(n->nonce.value_or(""), kNonce);
  EXPECT_EQ(n->digest, "d6c02ad3f812a081b28e4932e2d95094b372fd78");
  auto o = ParseSignature(SignOld(SignatureAlgorithm::kSha1, kToken, kTs, kSecret));
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->nonce.has_value());
}

TEST(SignatureTest, RejectsMalformed) {
  EXPECT_EQ(ParseSignature("").status().code(), Code(ErrorCode::kSignatureMissing));
  EXPECT_EQ(ParseSignature("!!!notbase64").status().code(), Code(ErrorCode::kSignatureMalformed));
  EXPECT_EQ(ParseSignature(Base64Encode("a,b")).status().code(), Code(ErrorCode::kSignatureMalformed));
  EXPECT_EQ(ParseSignature(Base64Encode("a,b,c,d,e")).status().code(), Code(ErrorCode::kSignatureMalformed));
  EXPECT_EQ(ParseSignature(Base64Encode(",1732838400,abc")).status().code(), Code(ErrorCode::kSignatureMalformed));
  EXPECT_EQ(ParseSignature(std::string(2000, 'A')).status().code(), Code(ErrorCode::kSignatureMalformed));
}

TEST(SignatureTest, AlgorithmHeaderIsCaseInsensitiveAndDefaultsToSha1) {
  EXPECT_EQ(*ParseAlgorithmHeader(""), SignatureAlgorithm::kSha1);
  EXPECT_EQ(*ParseAlgorithmHeader("sha256"), SignatureAlgorithm::kSha256);
  EXPECT_EQ(*ParseAlgorithmHeader("Sha1"), SignatureAlgorithm::kSha1);
  EXPECT_EQ(ParseAlgorithmHeader("MD5").status().code(), Code(ErrorCode::kAlgorithmUnsupported));
}

TEST(SignatureTest, BodySignatureCoversEveryPart) {
  auto base = BodySignature("s", 1, "d", "{}");
  EXPECT_EQ(base.size(), 64u);
  EXPECT_NE(base, BodySignature("s", 2, "d", "{}"));
  EXPECT_NE(base, BodySignature("s", 1, "e", "{}"));
  EXPECT_NE(base, BodySignature("s", 1, "d", "{ }"));
  EXPECT_NE(base, BodySignature("t", 1, "d", "{}"));
}

}  // namespace
}  // namespace leads
