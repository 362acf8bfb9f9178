#include "common/encoding.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace leads {
namespace {

// Every special byte at every position of strings around the 8-byte word
// size, next to multi-byte UTF-8, must round-trip through a JSON parser.
TEST(EncodingTest, JsonStringEscapesAtEveryPosition) {
  const std::string specials[] = {"\"", "\\", "\n", "\x01", "\x1f", "\t"};
  for (size_t len = 0; len < 20; ++len) {
    for (size_t pos = 0; pos < len; ++pos) {
      for (const auto& sp : specials) {
        std::string s(len, 'a');
        s.replace(pos, 1, sp);
        s += "线索";
        std::string out;
        AppendJsonString(out, s);
        auto v = boost::json::parse(out);
        ASSERT_EQ(v.as_string(), s) << len << " " << pos;
      }
    }
  }
  std::string plain;
  AppendJsonString(plain, "线索管理平台 abc ~\x7f");
  EXPECT_EQ(plain, "\"线索管理平台 abc ~\x7f\"");
}

TEST(EncodingTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("线索 ok"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe7\xba"));          // truncated
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));   // emoji
}

TEST(EncodingTest, Base64StrictDecoding) {
  EXPECT_EQ(Base64Decode(Base64Encode("token,1,abc,def")).value(), "token,1,abc,def");
  EXPECT_EQ(Base64Decode("YQ==").value(), "a");
  EXPECT_FALSE(Base64Decode("YQ="));
  EXPECT_FALSE(Base64Decode("Y=Q="));
  EXPECT_FALSE(Base64Decode("YQ==YQ=="));
  EXPECT_FALSE(Base64Decode(""));
}

}  // namespace
}  // namespace leads
