// End-to-end test harness: runs the real leadsd binary on 127.0.0.1 with a
// fresh SQLite file, speaks HTTP/1.1 to it over a raw socket (so tests can
// also send malformed, slow or oversized requests), and runs admin commands.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace leads::e2e {

// A temporary directory removed with its contents at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs `argv` (argv[0] resolved against PATH unless absolute), waits, and
// captures stdout and stderr. Kills it after `timeout`.
CommandResult Run(const std::vector<std::string>& argv,
                  std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Path of the leadsd binary under test.
std::string LeadsdPath();

// A running child process whose stdout's first line is read at start.
class Process {
 public:
  Process() = default;
  Process(const Process&) = delete;
  ~Process();  // SIGKILLs a still-running child
  // Starts argv and waits until a stdout line contains `ready` (or fails).
  bool Start(const std::vector<std::string>& argv, const std::string& ready,
             std::chrono::milliseconds timeout = std::chrono::seconds(20));
  const std::string& ready_line() const { return ready_line_; }
  void Signal(int sig);
  // Waits for exit; returns the exit status (or -signal), nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  // Everything the child wrote to stdout and stderr so far (including the
  // output up to the ready line, on the first call).
  std::string DrainOutput();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string ready_line_;
  std::string pending_;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;  // de-chunked; not decompressed
  std::string Header(const std::string& lower_name) const;
  // The body as JSON (throws on malformed JSON).
  boost::json::value Json() const;
};

// One TCP connection (keep-alive).
class HttpConnection {
 public:
  explicit HttpConnection(uint16_t port);
  ~HttpConnection();
  bool connected() const { return fd_ >= 0; }
  // Sends raw bytes.
  bool SendRaw(const std::string& bytes);
  // Reads one response; nullopt on close or timeout.
  std::optional<HttpResponse> Read(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // True when the peer closed the connection (reads EOF within timeout).
  bool WaitClosed(std::chrono::milliseconds timeout);
  // Builds and sends a request, then reads the response.
  std::optional<HttpResponse> Request(const std::string& method, const std::string& target,
                                      const std::map<std::string, std::string>& headers = {},
                                      const std::string& body = "");

 private:
  int fd_ = -1;
  std::string buf_;
  bool head_only_ = false;  // the response to a HEAD has no body
};

struct Credential {
  std::string token, secret;
};

// The store the tests run on: SQLite (a file in the test's directory), or
// PostgreSQL when LEADS_TEST_BACKEND=postgres, with LEADS_TEST_PG (or the
// file named by LEADS_TEST_PG_URL_FILE) giving the URL of a cluster's
// maintenance database (scripts/with-postgres.sh, scripts/pg-cluster.sh).
bool UsePostgres();
// A uniquely named PostgreSQL database of that cluster, dropped (with its
// connections) at destruction.
class PgDatabase {
 public:
  // On the cluster whose maintenance database is `admin_url` (default: the
  // tests' cluster, above).
  explicit PgDatabase(std::string admin_url = "");
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string admin_url_, name_, url_;
};

// Several servers on one database (multi-instance tests).
struct SharedDb {
  std::string url;
};

// A leadsd server on a fresh database, with helpers for admin commands.
class Server {
 public:
  // Creates the database in `dir` (kept across Restart), or a fresh
  // PostgreSQL database when the tests run on PostgreSQL; a second Server on
  // the same `dir` shares it (both backends).
  explicit Server(const TempDir& dir, std::vector<std::string> extra_args = {});
  // On an existing database (another server's).
  Server(const TempDir& dir, SharedDb db, std::vector<std::string> extra_args = {});
  ~Server();
  bool Start();
  // SIGTERM and wait; returns the exit status (nullopt: had to SIGKILL).
  std::optional<int> Stop();
  void Kill();          // SIGKILL and wait
  bool Restart() { Stop(); return Start(); }
  uint16_t port() const { return port_; }
  const std::string& db_url() const { return db_url_; }
  Process& process() { return proc_; }

  // `leadsd ARGS... --db URL`.
  CommandResult Admin(std::vector<std::string> args) const;
  // Adds an account (extra flags appended).
  void AddAccount(int64_t account_id, std::vector<std::string> flags = {}) const;
  Credential Issue(int64_t account_id, const std::string& scope) const;
  // Imports leads (JSON Lines text) and returns the number imported.
  int Import(int64_t account_id, const std::string& jsonl) const;

  // Signed requests (new scheme, SHA256 unless `alg` says otherwise).
  std::optional<HttpResponse> Get(const std::string& target, const Credential& c,
                                  const std::string& alg = "SHA256");
  std::optional<HttpResponse> Post(const std::string& target, const Credential& c, const std::string& body,
                                   const std::string& alg = "SHA256");
  // Unsigned / hand-built request on a fresh connection.
  std::optional<HttpResponse> Send(const std::string& method, const std::string& target,
                                   const std::map<std::string, std::string>& headers = {},
                                   const std::string& body = "");

 private:
  std::unique_ptr<PgDatabase> pg_;  // owned database on PostgreSQL
  std::string dir_, db_url_;
  std::vector<std::string> extra_;
  Process proc_;
  uint16_t port_ = 0;
};

// A fresh random nonce (16 hex chars).
std::string Nonce();
// X-Signature headers for the new scheme at `timestamp` (0: now).
std::map<std::string, std::string> SignedHeaders(const Credential& c, const std::string& alg = "SHA256",
                                                 int64_t timestamp = 0, const std::string& nonce = "");

// `n` JSON Lines leads with distinct leads_tel, leads_create_time spread
// over the day before `now_epoch` (0: a fixed day, 2024-05-01).
std::string MakeLeadsJsonl(int n, int64_t base_epoch = 0, int64_t step_seconds = 1);

}  // namespace leads::e2e
