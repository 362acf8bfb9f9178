#include "push/push_url.h"

#include <gtest/gtest.h>

namespace leads::push {
namespace {

TEST(PushUrl, HttpsWithDefaultsAndSafeDisplay) {
  auto u = ParsePushUrl("https://User:Pass@Example.COM/leads/in?token=s3cret", false);
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "example.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->endpoint, "https://example.com:443");
  EXPECT_EQ(u->display, "https://example.com/leads/in");
  EXPECT_EQ(u->url, "https://User:Pass@Example.COM/leads/in?token=s3cret") << "sent as configured";
}

TEST(PushUrl, PortsAndIpv6) {
  auto u = ParsePushUrl("https://127.0.0.1:8443", false);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->endpoint, "https://127.0.0.1:8443");
  EXPECT_EQ(u->display, "https://127.0.0.1:8443/");
  auto v6 = ParsePushUrl("https://[::1]:9000/p", false);
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->endpoint, "https://[::1]:9000");
  // Same endpoint however spelled.
  EXPECT_EQ(ParsePushUrl("HTTPS://A.example:443/x", false)->endpoint, ParsePushUrl("https://a.example/y", false)->endpoint);
}

TEST(PushUrl, PlainHttpOnlyWhenAllowed) {
  auto u = ParsePushUrl("http://127.0.0.1:8080/p?key=secret", false);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.status().message().find("--allow-http-push"), std::string::npos);
  EXPECT_EQ(u.status().message().find("secret"), std::string::npos) << "never echoes the query";
  auto ok = ParsePushUrl("http://127.0.0.1:8080/p", true);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->endpoint, "http://127.0.0.1:8080");
}

TEST(PushUrl, Rejects) {
  for (const char* bad : {"", "example.com/push", "ftp://example.com/", "https:///path", "https://", "not a url",
                          "https://host:0/"})
    EXPECT_FALSE(ParsePushUrl(bad, true).ok()) << bad;
}

}  // namespace
}  // namespace leads::push
