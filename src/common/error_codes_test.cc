#include "common/error_codes.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace leads {
namespace {

TEST(ErrorCodesTest, CodesAreUniqueAndInTheirRanges) {
  std::set<int> seen;
  for (const auto& e : kErrorCodeTable) {
    EXPECT_TRUE(seen.insert(e.code).second) << e.code;
    bool in_range = e.code == 0 || (e.code >= 1100 && e.code <= 1199) || (e.code >= 2000 && e.code <= 2199);
    EXPECT_TRUE(in_range) << e.code;
    EXPECT_FALSE(e.summary.empty());
  }
}

// The README's error table must list exactly the codes of the table.
TEST(ErrorCodesTest, ReadmeTableMatches) {
  std::ifstream in(LEADS_SOURCE_DIR "/README.md");
  ASSERT_TRUE(in) << "README.md not found";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string readme = ss.str();
  for (const auto& e : kErrorCodeTable) {
    std::string row = "| " + std::to_string(e.code) + " | " + std::to_string(e.http_status) + " | " +
                      std::string(e.summary) + " |";
    EXPECT_NE(readme.find(row), std::string::npos) << "README lacks the row: " << row;
  }
}

}  // namespace
}  // namespace leads
