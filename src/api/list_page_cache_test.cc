#include "api/list_page_cache.h"

#include <gtest/gtest.h>

namespace leads::api {
namespace {

std::shared_ptr<const std::string> Body(size_t n, char c = 'x') { return std::make_shared<const std::string>(n, c); }

TEST(ListPageCacheTest, ServesOnlyTheGenerationItWasStoredAt) {
  ListPageCache cache(1 << 20);
  EXPECT_EQ(cache.Find("a", 1), nullptr);
  cache.Put("a", 7, Body(100, 'p'));
  auto hit = cache.Find("a", 7);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(*hit, std::string(100, 'p'));
  EXPECT_EQ(cache.Find("b", 7), nullptr);
  // A changed account: the entry is dropped, not served.
  EXPECT_EQ(cache.Find("a", 8), nullptr);
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(cache.Find("a", 7), nullptr);
}

TEST(ListPageCacheTest, PutReplacesTheEntryForAKey) {
  ListPageCache cache(1 << 20);
  cache.Put("a", 1, Body(10, '1'));
  cache.Put("a", 2, Body(20, '2'));
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.Find("a", 1), nullptr);
  cache.Put("a", 2, Body(20, '2'));
  ASSERT_NE(cache.Find("a", 2), nullptr);
  EXPECT_EQ(*cache.Find("a", 2), std::string(20, '2'));
}

TEST(ListPageCacheTest, EvictsTheLeastRecentlyUsedBeyondTheBound) {
  ListPageCache cache(80 * 1024);  // bodies up to 10 KiB are kept
  for (int i = 0; i < 7; ++i) cache.Put("k" + std::to_string(i), 1, Body(9 * 1024));
  ASSERT_NE(cache.Find("k0", 1), nullptr);  // k0 is now the most recent
  cache.Put("k7", 1, Body(9 * 1024));
  cache.Put("k8", 1, Body(9 * 1024));
  EXPECT_LE(cache.bytes(), 80u * 1024);
  EXPECT_NE(cache.Find("k0", 1), nullptr);
  EXPECT_EQ(cache.Find("k1", 1), nullptr);  // the least recently used went first
  EXPECT_NE(cache.Find("k8", 1), nullptr);
}

TEST(ListPageCacheTest, KeepsNoBodyAboveAnEighthOfTheBound) {
  ListPageCache cache(80 * 1024);
  cache.Put("big", 1, Body(11 * 1024));
  EXPECT_EQ(cache.Find("big", 1), nullptr);
  ListPageCache off(0);
  off.Put("a", 1, Body(1));
  EXPECT_EQ(off.Find("a", 1), nullptr);
  EXPECT_EQ(off.bytes(), 0u);
}

}  // namespace
}  // namespace leads::api
