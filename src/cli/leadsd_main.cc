// leadsd: the platform server and its admin commands. Thin: parse flags,
// call the store or a service, print. The command shapes are a stable
// interface (README, "Command line").
#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <malloc.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/exit_status.h"
#include "cli/intel_commands.h"
#include "cli/push_commands.h"
#include "cli/serve_config.h"
#include "common/error_codes.h"
#include "common/time_format.h"
#include "console/demo_seed.h"
#include "console/users.h"
#include "server/app.h"
#include "service/credentials.h"
#include "service/demo_data.h"
#include "service/import_service.h"
#include "service/intake_service.h"
#include "service/lead_file.h"
#include "store/store.h"

namespace leads {
namespace {

using cli::Fail;

std::unique_ptr<Store> OpenOrDie(const std::string& url, int* rc) {
  auto s = OpenStore(url);
  if (!s.ok()) {
    *rc = Fail(s.status());
    return nullptr;
  }
  return std::move(s).value();
}

boost::json::object CredentialJson(const Credential& c, bool with_secret) {
  boost::json::object o{{"token", c.token}, {"account_id", c.account_id}, {"scope", Name(c.scope)},
                        {"created_at", FormatDateTime(c.created_at, kChinaOffsetSeconds)}};
  if (c.revoked_at) o["revoked_at"] = FormatDateTime(*c.revoked_at, kChinaOffsetSeconds);
  if (with_secret) o["secret"] = c.secret;
  return o;
}

boost::json::object AccountJson(const Account& a) {
  return {{"account_id", a.account_id},       {"account_type", Name(a.account_type)},
          {"wechat_appid", a.wechat_appid},   {"agency_id", a.agency_id},
          {"agency_name", a.agency_name},     {"industry", Name(a.industry)},
          {"leads_status_system_option", std::stoi(std::string(Name(a.status_system)))},
          {"push_url", a.push_url},           {"push_algorithm", Name(a.push_algorithm)}};
}

template <typename E>
CLI::Validator EnumValidator() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        return Parse<E>(v) ? std::string() : "unknown value '" + v + "'";
      },
      "", "");
}

void PrintCodes() {
  std::cout << "| code | HTTP | meaning |\n|---|---|---|\n";
  for (const auto& e : kErrorCodeTable)
    std::cout << "| " << e.code << " | " << e.http_status << " | " << e.summary << " |\n";
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"leadsd — leads platform server (wire-compatible with the Tencent Ads leads platform)"};
  app.require_subcommand(1);
  std::string db = "sqlite:./leads.db";
  int rc = 0;
  SystemClock clock;
  SystemRandom random;

  // serve: every setting from the table in cli/serve_config.h (config
  // file < LEADSD_* environment < flags).
  AppConfig cfg;
  auto* serve = app.add_subcommand("serve", "run the platform server");
  cli::ServeConfig serve_config;
  serve_config.AddFlags(*serve);

  // config
  auto* config = app.add_subcommand("config", "leadsd serve's settings");
  config->require_subcommand(1);
  auto* config_print = config->add_subcommand("print", "print the effective settings of `leadsd serve` with these "
                                                       "flags, file and environment (secrets redacted)");
  cli::ServeConfig print_config;
  print_config.AddFlags(*config_print);
  auto* config_keys = config->add_subcommand("keys", "print every setting as a Markdown table");

  // demo
  std::string demo_db = "sqlite:./leads-demo.db", demo_listen = "127.0.0.1:8080";
  size_t demo_leads = 500;
  auto* demo = app.add_subcommand("demo", "create a demo account, credentials and leads, then serve");
  demo->add_option("--db", demo_db, "store URL")->capture_default_str();
  demo->add_option("--listen", demo_listen, "HOST:PORT")->capture_default_str();
  demo->add_option("--leads", demo_leads, "demo leads to create on first run")->capture_default_str();

  // migrate
  auto* migrate = app.add_subcommand("migrate", "create or upgrade the schema");
  migrate->add_option("--db", db, "store URL")->capture_default_str();

  // account
  auto* account = app.add_subcommand("account", "manage advertiser accounts");
  account->require_subcommand(1);
  Account acc;
  std::string acc_type = "GDT", industry = "none", push_alg = "SHA1";
  std::optional<std::string> push_url, u_industry, u_push_alg, u_appid;
  auto* acc_add = account->add_subcommand("add", "add an account");
  acc_add->add_option("--db", db, "store URL")->capture_default_str();
  acc_add->add_option("--account-id", acc.account_id, "account id")->required()->check(CLI::PositiveNumber);
  acc_add->add_option("--account-type", acc_type, "GDT|WECHAT")->check(CLI::IsMember({"GDT", "WECHAT", "ACCOUNT_TYPE_GDT", "ACCOUNT_TYPE_WECHAT"}));
  acc_add->add_option("--industry", industry, "none|real_estate|home|medical|franchise")->check(EnumValidator<Industry>());
  acc_add->add_option("--push-url", acc.push_url, "where new leads are pushed (https://...)");
  acc_add->add_option("--push-algorithm", push_alg, "SHA1|SHA256 for push signatures")->check(CLI::IsMember({"SHA1", "SHA256"}));
  acc_add->add_option("--wechat-appid", acc.wechat_appid, "WeChat account APPID");
  acc_add->add_option("--agency-id", acc.agency_id, "agency (服务商) id");
  acc_add->add_option("--agency-name", acc.agency_name, "agency (服务商) name");
  int64_t show_id = 0;
  auto* acc_update = account->add_subcommand("update", "change an account's settings");
  acc_update->add_option("--db", db, "store URL")->capture_default_str();
  acc_update->add_option("--account-id", show_id, "account id")->required();
  acc_update->add_option("--push-url", push_url, "new push URL ('' to stop pushing)");
  acc_update->add_option("--industry", u_industry, "industry")->check(EnumValidator<Industry>());
  acc_update->add_option("--push-algorithm", u_push_alg, "SHA1|SHA256")->check(CLI::IsMember({"SHA1", "SHA256"}));
  acc_update->add_option("--wechat-appid", u_appid, "WeChat account APPID");
  auto* acc_list = account->add_subcommand("list", "list accounts (JSON Lines)");
  acc_list->add_option("--db", db, "store URL")->capture_default_str();
  auto* acc_show = account->add_subcommand("show", "show one account");
  acc_show->add_option("--db", db, "store URL")->capture_default_str();
  acc_show->add_option("--account-id", show_id, "account id")->required();

  // token
  auto* token = app.add_subcommand("token", "manage credential pairs");
  token->require_subcommand(1);
  int64_t tok_account = 0, grant_account = 0;
  std::string scope = "forwarding", tok;
  auto* tok_issue = token->add_subcommand("issue", "issue a (token, secret) pair; the secret is shown only now");
  tok_issue->add_option("--db", db, "store URL")->capture_default_str();
  tok_issue->add_option("--account-id", tok_account, "account id")->required();
  tok_issue->add_option("--scope", scope, "forwarding|report|intake")->required()->check(EnumValidator<Scope>());
  auto* tok_list = token->add_subcommand("list", "list an account's tokens (never secrets)");
  tok_list->add_option("--db", db, "store URL")->capture_default_str();
  tok_list->add_option("--account-id", tok_account, "account id")->required();
  auto* tok_revoke = token->add_subcommand("revoke", "revoke a token");
  tok_revoke->add_option("--db", db, "store URL")->capture_default_str();
  tok_revoke->add_option("--token", tok, "token")->required();
  auto* tok_rotate = token->add_subcommand("rotate", "issue a new pair like TOKEN's; the old keeps working until revoked");
  tok_rotate->add_option("--db", db, "store URL")->capture_default_str();
  tok_rotate->add_option("--token", tok, "token")->required();
  auto* tok_grant = token->add_subcommand("grant", "let a token (an agency's) act for another account");
  tok_grant->add_option("--db", db, "store URL")->capture_default_str();
  tok_grant->add_option("--token", tok, "token")->required();
  tok_grant->add_option("--account-id", grant_account, "account id")->required();

  // leads
  auto* leads_cmd = app.add_subcommand("leads", "lead intake");
  leads_cmd->require_subcommand(1);
  std::string file;
  int64_t import_account = 0;
  auto* import = leads_cmd->add_subcommand("import", "import a .jsonl or .csv file (all or nothing)");
  import->add_option("--db", db, "store URL")->capture_default_str();
  import->add_option("--account-id", import_account, "account id")->required();
  size_t import_batch = 5000;
  import->add_option("--batch", import_batch, "leads per batch (memory against speed; still one transaction)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{100000}));
  import->add_option("FILE", file, "leads file (.jsonl or .csv)")->required();

  // user (console users)
  auto* user = app.add_subcommand("user", "manage console users (password on standard input or --password-file)");
  user->require_subcommand(1);
  console::NewUser nu;
  std::string role = "member", password_file;
  int64_t user_account = 0;
  auto* user_add = user->add_subcommand("add", "add a console user");
  user_add->add_option("--db", db, "store URL")->capture_default_str();
  user_add->add_option("--username", nu.username, "sign-in name")->required();
  user_add->add_option("--role", role, "administrator|member|agency")->check(EnumValidator<ConsoleRole>())->capture_default_str();
  user_add->add_option("--display-name", nu.display_name, "name shown in the console and in follow records");
  user_add->add_option("--agency-id", nu.agency_id, "agency users: serve every account with this agency_id");
  user_add->add_option("--account-id", nu.accounts, "grant these accounts (repeatable)");
  user_add->add_option("--password-file", password_file, "read the password from this file's first line")->check(CLI::ExistingFile);
  auto* user_passwd = user->add_subcommand("passwd", "set a user's password (ends the user's sessions)");
  user_passwd->add_option("--db", db, "store URL")->capture_default_str();
  user_passwd->add_option("--username", nu.username, "sign-in name")->required();
  user_passwd->add_option("--password-file", password_file, "read the password from this file's first line")->check(CLI::ExistingFile);
  auto* user_grant = user->add_subcommand("grant", "let a user work in an account");
  user_grant->add_option("--db", db, "store URL")->capture_default_str();
  user_grant->add_option("--username", nu.username, "sign-in name")->required();
  user_grant->add_option("--account-id", user_account, "account id")->required();
  auto* user_ungrant = user->add_subcommand("ungrant", "take an account away from a user");
  user_ungrant->add_option("--db", db, "store URL")->capture_default_str();
  user_ungrant->add_option("--username", nu.username, "sign-in name")->required();
  user_ungrant->add_option("--account-id", user_account, "account id")->required();
  auto* user_list = user->add_subcommand("list", "list console users (JSON Lines; never password hashes)");
  user_list->add_option("--db", db, "store URL")->capture_default_str();

  auto* codes = app.add_subcommand("codes", "print the error-code table (Markdown)");
  cli::PushCommands push_commands(app);
  cli::IntelCommands intel_commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (*codes) {
    PrintCodes();
    return 0;
  }
  if (*config_keys) {
    std::cout << cli::ServeConfig::KeysTable();
    return 0;
  }
  if (*config_print) {
    if (Status s = print_config.Resolve(cfg, cli::Environment()); !s.ok()) return Fail(s);
    if (!print_config.file().empty()) std::cout << "# config file: " << print_config.file() << "\n";
    std::cout << cli::ServeConfig::Print(cfg);
    return 0;
  }
  if (*serve) {
    if (Status s = serve_config.Resolve(cfg, cli::Environment()); !s.ok()) return Fail(s);
    ConfigureLogging(cfg.log);
    if (!serve_config.file().empty()) spdlog::info("config file: {}", serve_config.file());
    App server(cfg);
    Status s = server.Start();
    if (!s.ok()) return Fail(s);
    if (!server.MetricsUrl().empty()) std::cout << "leadsd metrics on " << server.MetricsUrl() << "/metrics\n";
    std::cout << "leadsd listening on " << server.Url() << std::endl;
    server.Run();
    spdlog::info("leadsd stopped");
    return 0;
  }
  if (*demo) {
    auto store = OpenOrDie(demo_db, &rc);
    if (!store) return rc;
    constexpr int64_t kDemoAccount = 10001;
    std::vector<Credential> issued;
    std::string demo_password;
    if (!store->GetAccount(kDemoAccount).ok()) {
      Account a;
      a.account_id = kDemoAccount;
      a.industry = Industry::kRealEstate;
      a.created_at = clock.NowSeconds();
      if (Status s = store->CreateAccount(a); !s.ok()) return Fail(s);
      for (Scope sc : {Scope::kForwarding, Scope::kReport, Scope::kIntake}) {
        auto c = IssueCredential(*store, *store, random, clock, kDemoAccount, sc);
        if (!c.ok()) return Fail(c.status());
        issued.push_back(*c);
      }
      intel::IntelService intel(*store, *store, *store, clock);
      IntakeService intake(*store, *store, clock, kChinaOffsetSeconds, &intel);
      auto ids = intake.Ingest(kDemoAccount, GenerateLeads(random, demo_leads, clock.NowSeconds(), 30, kChinaOffsetSeconds));
      if (!ids.ok()) return Fail(ids.status());
      if (Status s = console::SeedDemoActivity(*store, random, clock, kDemoAccount, *ids, kChinaOffsetSeconds); !s.ok())
        return Fail(s);
      demo_password = random.Hex(16);
      console::NewUser du;
      du.username = "demo";
      du.display_name = "演示用户";
      du.role = ConsoleRole::kAdministrator;
      if (auto u = console::AddUser(*store, clock, du, demo_password); !u.ok()) return Fail(u.status());
      std::ofstream(demo_db.substr(7) + ".credentials.json")
          << boost::json::serialize(boost::json::array{CredentialJson(issued[0], true), CredentialJson(issued[1], true),
                                                       CredentialJson(issued[2], true),
                                                       boost::json::object{{"console_user", "demo"},
                                                                           {"console_password", demo_password}}});
    } else {
      std::ifstream in(demo_db.substr(7) + ".credentials.json");
      std::string text((std::istreambuf_iterator<char>(in)), {});
      boost::system::error_code ec;
      auto v = boost::json::parse(text, ec);
      if (!ec && v.is_array())
        for (auto& o : v.as_array()) {
          if (o.as_object().contains("console_password")) {
            demo_password = std::string(o.at("console_password").as_string());
            continue;
          }
          issued.push_back({std::string(o.at("token").as_string()), std::string(o.at("secret").as_string()),
                            kDemoAccount, *Parse<Scope>(std::string(o.at("scope").as_string())), 0, std::nullopt});
        }
    }
    store.reset();
    cfg.db_url = demo_db;
    cfg.listen = demo_listen;
    ConfigureLogging(cfg.log);
    App server(cfg);
    Status s = server.Start();
    if (!s.ok()) return Fail(s);
    std::cout << "leadsd demo listening on " << server.Url() << "\n"
              << "  database:   " << demo_db << "\n  account_id: " << kDemoAccount << "\n";
    for (const auto& c : issued)
      std::cout << "  " << Name(c.scope) << " token: " << c.token << "  secret: " << c.secret << "\n";
    if (!issued.empty()) {
      std::cout << "\nTry it (signs with the forwarding pair, SHA256, new scheme):\n"
                << "  T=" << issued[0].token << " S=" << issued[0].secret
                << "; TS=$(date +%s); N=$(head -c8 /dev/urandom | od -An -tx1 | tr -d ' \\n'); "
                << "SIG=$(printf '%s,%s,%s,%s' $T $TS $N $(printf '%s.%s.%s' $T $TS $S | sha256sum | cut -d' ' -f1) | base64 -w0); "
                << "curl -s -H \"X-Signature: $SIG\" -H 'X-Signature-Algorithm: SHA256' '" << server.Url()
                << "/api/mv1/leads/list?start_time=2020-01-01&end_time=2030-12-31&page_size=2'\n";
    }
    if (!demo_password.empty())
      std::cout << "\nConsole: " << server.Url() << "/console/  (username: demo  password: " << demo_password
                << ")\n";
    std::cout << std::flush;
    server.Run();
    return 0;
  }

  if (push_commands.selected()) return push_commands.Run(clock, random);
  if (intel_commands.selected()) return intel_commands.Run(clock);

  auto store = OpenOrDie(db, &rc);
  if (!store) return rc;
  if (*migrate) {
    std::cout << "{\"migrated\":true}\n";
    return 0;
  }
  if (*user_add || *user_passwd) {
    std::string password;
    if (!password_file.empty()) {
      std::ifstream in(password_file);
      auto p = console::ReadPassword(in, "--password-file");
      if (!p.ok()) return Fail(p.status());
      password = *p;
    } else {
      auto p = console::ReadPassword(std::cin, "standard input");
      if (!p.ok()) return Fail(p.status());
      password = *p;
    }
    if (*user_passwd) {
      if (Status s = console::SetPassword(*store, clock, nu.username, password); !s.ok()) return Fail(s);
      std::cout << "{\"password_set\":" << boost::json::serialize(boost::json::value(nu.username)) << "}\n";
      return 0;
    }
    nu.role = *Parse<ConsoleRole>(role);
    auto u = console::AddUser(*store, clock, nu, password);
    if (!u.ok()) return Fail(u.status());
    boost::json::array accounts;
    for (int64_t a : nu.accounts) accounts.push_back(a);
    std::cout << boost::json::serialize(boost::json::object{{"user_id", u->user_id}, {"username", u->username},
                                                            {"role", Name(u->role)}, {"agency_id", u->agency_id},
                                                            {"accounts", std::move(accounts)}})
              << "\n";
    return 0;
  }
  if (*user_grant || *user_ungrant) {
    Status s = *user_grant ? console::Grant(*store, nu.username, user_account)
                           : console::Ungrant(*store, nu.username, user_account);
    if (!s.ok()) return Fail(s);
    std::cout << "{\"" << (*user_grant ? "granted" : "ungranted") << "\":" << user_account << "}\n";
    return 0;
  }
  if (*user_list) {
    auto users = store->ListConsoleUsers();
    if (!users.ok()) return Fail(users.status());
    for (const auto& u : *users) {
      auto grants = store->ConsoleGrants(u.user_id);
      if (!grants.ok()) return Fail(grants.status());
      boost::json::array accounts;
      for (int64_t a : *grants) accounts.push_back(a);
      std::cout << boost::json::serialize(boost::json::object{{"user_id", u.user_id}, {"username", u.username},
                                                              {"display_name", u.display_name}, {"role", Name(u.role)},
                                                              {"agency_id", u.agency_id}, {"accounts", std::move(accounts)}})
                << "\n";
    }
    return 0;
  }
  if (*acc_add) {
    acc.account_type = *ParseAccountTypeShort(acc_type);
    acc.industry = *Parse<Industry>(industry);
    acc.push_algorithm = *Parse<SignatureAlgorithm>(push_alg);
    acc.created_at = clock.NowSeconds();
    if (Status s = store->CreateAccount(acc); !s.ok()) return Fail(s);
    std::cout << boost::json::serialize(AccountJson(acc)) << "\n";
    return 0;
  }
  if (*acc_update) {
    auto a = store->GetAccount(show_id);
    if (!a.ok()) return Fail(a.status());
    if (push_url) a->push_url = *push_url;
    if (u_industry) a->industry = *Parse<Industry>(*u_industry);
    if (u_push_alg) a->push_algorithm = *Parse<SignatureAlgorithm>(*u_push_alg);
    if (u_appid) a->wechat_appid = *u_appid;
    if (Status s = store->UpdateAccount(*a); !s.ok()) return Fail(s);
    std::cout << boost::json::serialize(AccountJson(*a)) << "\n";
    return 0;
  }
  if (*acc_list) {
    auto all = store->ListAccounts();
    if (!all.ok()) return Fail(all.status());
    for (const auto& a : *all) std::cout << boost::json::serialize(AccountJson(a)) << "\n";
    return 0;
  }
  if (*acc_show) {
    auto a = store->GetAccount(show_id);
    if (!a.ok()) return Fail(a.status());
    std::cout << boost::json::serialize(AccountJson(*a)) << "\n";
    return 0;
  }
  if (*tok_issue || *tok_rotate) {
    auto c = *tok_issue ? IssueCredential(*store, *store, random, clock, tok_account, *Parse<Scope>(scope))
                        : RotateCredential(*store, *store, random, clock, tok);
    if (!c.ok()) return Fail(c.status());
    std::cout << boost::json::serialize(boost::json::object{{"token", c->token}, {"secret", c->secret}}) << "\n";
    return 0;
  }
  if (*tok_list) {
    auto all = store->ListCredentials(tok_account);
    if (!all.ok()) return Fail(all.status());
    for (const auto& c : *all) std::cout << boost::json::serialize(CredentialJson(c, false)) << "\n";
    return 0;
  }
  if (*tok_revoke) {
    if (Status s = store->RevokeCredential(tok, clock.NowSeconds()); !s.ok()) return Fail(s);
    std::cout << "{\"revoked\":\"" << tok << "\"}\n";
    return 0;
  }
  if (*tok_grant) {
    auto c = store->FindCredential(tok);
    if (!c.ok()) return Fail(c.status());
    if (auto a = store->GetAccount(grant_account); !a.ok()) return Fail(a.status());
    if (Status s = store->GrantAccount(tok, grant_account); !s.ok()) return Fail(s);
    std::cout << "{\"granted\":" << grant_account << "}\n";
    return 0;
  }
  if (*import) {
    auto reader = LeadFileReader::Open(file);
    if (!reader.ok()) return Fail(reader.status());
    intel::IntelService intel(*store, *store, *store, clock);
    IntakeService intake(*store, *store, clock, kChinaOffsetSeconds, &intel);
    ImportService importer(*store, *store, intake, clock, &intel, import_batch);
    auto n = importer.Import(import_account, **reader);
    if (!n.ok()) return Fail(n.status());
    std::cout << "{\"imported\":" << *n << "}\n";
    return 0;
  }
  return 0;
}

}  // namespace leads

int main(int argc, char** argv) {
  // Responses of ~100 KB are allocated and freed per request; with glibc's
  // defaults each free trims the heap and the next response faults its
  // pages in again (11% of a list request's CPU, measured with perf).
  // Keep up to 8 MB of free heap per arena and serve blocks below 1 MB from
  // the heap (docs/PERFORMANCE.md).
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  spdlog::set_default_logger(spdlog::stderr_color_mt("leadsd"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  return leads::Main(argc, argv);
}
