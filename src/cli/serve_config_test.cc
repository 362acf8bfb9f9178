#include "cli/serve_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

namespace leads::cli {
namespace {

// Parses `args` (after "serve") into a ServeConfig and resolves it.
Status ResolveWith(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                   AppConfig& cfg) {
  CLI::App app;
  ServeConfig sc;
  sc.AddFlags(app);
  std::vector<std::string> rev(args.rbegin(), args.rend());
  app.parse(rev);
  return sc.Resolve(cfg, env);
}

std::string WriteFile(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ServeConfig, ParsesKeyValueLinesWithCommentsAndQuotes) {
  auto e = ParseConfigText("# a comment\n\n  listen = 0.0.0.0:9000  \nmetrics_token = \" abc \"\r\npush=false", "f");
  ASSERT_TRUE(e.ok()) << e.status().message();
  ASSERT_EQ(e->size(), 3u);
  EXPECT_EQ((*e)[0].key, "listen");
  EXPECT_EQ((*e)[0].value, "0.0.0.0:9000");
  EXPECT_EQ((*e)[0].line, 3);
  EXPECT_EQ((*e)[1].value, " abc ");
  EXPECT_EQ((*e)[2].key, "push");
  EXPECT_EQ((*e)[2].line, 5);
}

TEST(ServeConfig, FileErrorsNameTheFileLineAndKey) {
  auto unknown = ParseConfigText("listen = a:1\n\nlisten_port = 8080\n", "leadsd.conf");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message().rfind("leadsd.conf:3: unknown key 'listen_port'", 0), 0u)
      << unknown.status().message();
  auto twice = ParseConfigText("db = sqlite:a\ndb = sqlite:b\n", "c");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.status().message(), "c:2: db already set on line 1");
  auto noeq = ParseConfigText("threads 4\n", "c");
  ASSERT_FALSE(noeq.ok());
  EXPECT_EQ(noeq.status().message(), "c:1: expected 'key = value', got 'threads 4'");

  AppConfig cfg;
  std::string path = WriteFile("bad.conf", "threads = 2\npush_concurrency = 0\n");
  Status s = ResolveWith({"--config", path}, {}, cfg);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), path + ":2: push_concurrency: must be an integer from 1 to 10000, got '0'");
  s = ResolveWith({"--config", "/nonexistent/leadsd.conf"}, {}, cfg);
  EXPECT_FALSE(s.ok());
}

TEST(ServeConfig, PrecedenceDefaultFileEnvironmentFlags) {
  std::string path = WriteFile("p.conf",
                               "listen = 10.0.0.1:1\nthreads = 3\nbody_limit = 4096\nrate_limit = 5/10\n"
                               "access_log = true\nlog_format = json\n");
  AppConfig cfg;
  Status s = ResolveWith({"--config", path, "--listen", "127.0.0.1:3", "--no-push"},
                         {{"LEADSD_LISTEN", "127.0.0.1:2"}, {"LEADSD_THREADS", "7"}, {"HOME", "/root"}}, cfg);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(cfg.listen, "127.0.0.1:3");         // flag over environment over file
  EXPECT_EQ(cfg.http.threads, 7u);              // environment over file
  EXPECT_EQ(cfg.http.body_limit, 4096u);        // file over default
  EXPECT_EQ(cfg.http.header_limit, 16u << 10);  // default
  EXPECT_EQ(cfg.rate_limits.all.rate, 5);
  EXPECT_EQ(cfg.rate_limits.all.burst, 10);
  EXPECT_TRUE(cfg.log.access_log);
  EXPECT_EQ(cfg.log.format, LogFormat::kJson);
  EXPECT_FALSE(cfg.push.enabled);
  // LEADSD_CONFIG names the file when --config does not.
  AppConfig cfg2;
  ASSERT_TRUE(ResolveWith({}, {{"LEADSD_CONFIG", path}}, cfg2).ok());
  EXPECT_EQ(cfg2.http.threads, 3u);
}

TEST(ServeConfig, BadEnvironmentAndFlagValuesNameTheirSource) {
  AppConfig cfg;
  Status s = ResolveWith({}, {{"LEADSD_ACCESS_LOG", "maybe"}}, cfg);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "LEADSD_ACCESS_LOG: access_log: must be true or false (yes/no, on/off, 1/0), got 'maybe'");
  s = ResolveWith({"--read-timeout-ms", "5"}, {}, cfg);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "--read-timeout-ms: read_timeout_ms: must be an integer from 100 to 600000, got '5'");
  s = ResolveWith({"--rate-limit", "lots"}, {}, cfg);
  EXPECT_FALSE(s.ok());
}

TEST(ServeConfig, PrintRedactsSecretsAndRoundTrips) {
  AppConfig cfg;
  cfg.metrics_token = "0123456789abcdef0123";
  cfg.db_url = "postgresql://leads:hunter2@db:5432/leads?password=x&sslmode=require";
  std::string text = ServeConfig::Print(cfg);
  EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
  EXPECT_EQ(text.find("0123456789abcdef0123"), std::string::npos) << text;
  EXPECT_NE(text.find("metrics_token = <redacted>\n"), std::string::npos) << text;
  EXPECT_NE(text.find("db = postgresql://leads:***@db:5432/leads?password=***&sslmode=require\n"), std::string::npos);
  // The defaults, printed, are a valid config file that changes nothing.
  AppConfig defaults;
  std::string path = WriteFile("print.conf", ServeConfig::Print(defaults));
  AppConfig back;
  ASSERT_TRUE(ResolveWith({"--config", path}, {}, back).ok());
  EXPECT_EQ(ServeConfig::Print(back), ServeConfig::Print(defaults));
}

// Every key is documented in docs/DEPLOYMENT.md's settings table, which is
// `leadsd config keys` verbatim.
TEST(ServeConfig, DeploymentDocListsEveryKey) {
  std::ifstream in(std::string(LEADS_SOURCE_DIR) + "/docs/DEPLOYMENT.md");
  std::string doc((std::istreambuf_iterator<char>(in)), {});
  ASSERT_FALSE(doc.empty());
  EXPECT_NE(doc.find(ServeConfig::KeysTable()), std::string::npos)
      << "docs/DEPLOYMENT.md must contain `leadsd config keys`'s output:\n"
      << ServeConfig::KeysTable();
}

TEST(ServeConfig, ShippedDefaultConfigIsValid) {
  AppConfig cfg;
  Status s = ResolveWith({"--config", std::string(LEADS_SOURCE_DIR) + "/packaging/leadsd.conf"}, {}, cfg);
  EXPECT_TRUE(s.ok()) << s.message();
}

}  // namespace
}  // namespace leads::cli
