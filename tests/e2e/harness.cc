#include "tests/e2e/harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

#include "auth/signature.h"
#include "common/time_format.h"

extern char** environ;

namespace leads::e2e {
namespace {

using Clock = std::chrono::steady_clock;

int64_t Now() { return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count(); }

// Reads what is available from fd into out until `done(out)` or timeout.
bool ReadUntil(int fd, std::string& out, const std::function<bool(const std::string&)>& done,
               std::chrono::milliseconds timeout, bool* eof = nullptr) {
  auto deadline = Clock::now() + timeout;
  char buf[65536];
  while (!done(out)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left));
    if (r <= 0) continue;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) {
      if (eof) *eof = true;
      return done(out);
    }
    out.append(buf, static_cast<size_t>(n));
  }
  return true;
}

std::vector<char*> Argv(const std::vector<std::string>& argv) {
  std::vector<char*> a;
  for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
  a.push_back(nullptr);
  return a;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "leads-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string LeadsdPath() {
  if (const char* p = std::getenv("LEADSD")) return p;
  return LEADSD_PATH;
}

CommandResult Run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  CommandResult res;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) || pipe(err_pipe)) return res;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
  posix_spawn_file_actions_addclose(&fa, err_pipe[0]);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid;
  auto a = Argv(argv);
  int rc = posix_spawnp(&pid, a[0], &fa, nullptr, a.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    res.err = "spawn failed";
    return res;
  }
  auto deadline = Clock::now() + timeout;
  bool out_eof = false, err_eof = false;
  char buf[65536];
  while ((!out_eof || !err_eof) && Clock::now() < deadline) {
    pollfd p[2] = {{out_eof ? -1 : out_pipe[0], POLLIN, 0}, {err_eof ? -1 : err_pipe[0], POLLIN, 0}};
    if (poll(p, 2, 100) <= 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (!(p[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(p[i].fd, buf, sizeof buf);
      if (n <= 0) (i == 0 ? out_eof : err_eof) = true;
      else (i == 0 ? res.out : res.err).append(buf, static_cast<size_t>(n));
    }
  }
  if (!out_eof || !err_eof) kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  close(out_pipe[0]);
  close(err_pipe[0]);
  res.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return res;
}

Process::~Process() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
}

bool Process::Start(const std::vector<std::string>& argv, const std::string& ready, std::chrono::milliseconds timeout) {
  int out_pipe[2];
  if (pipe(out_pipe)) return false;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 2);  // logs too, so tests can read them
  posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  auto a = Argv(argv);
  int rc = posix_spawnp(&pid_, a[0], &fa, nullptr, a.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  if (rc != 0) {
    pid_ = -1;
    close(out_pipe[0]);
    return false;
  }
  out_fd_ = out_pipe[0];
  std::string out;
  bool ok = ReadUntil(out_fd_, out, [&](const std::string& s) {
    auto p = s.find(ready);
    return p != std::string::npos && s.find('\n', p) != std::string::npos;
  }, timeout);
  if (!ok) return false;
  auto p = out.find(ready);
  size_t start = out.rfind('\n', p);
  start = start == std::string::npos ? 0 : start + 1;
  ready_line_ = out.substr(start, out.find('\n', p) - start);
  pending_ = out;
  return true;
}

void Process::Signal(int sig) {
  if (pid_ > 0) kill(pid_, sig);
}

std::optional<int> Process::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return std::nullopt;
  auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    if (Clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string Process::DrainOutput() {
  std::string out = std::move(pending_);
  pending_.clear();
  if (out_fd_ >= 0) ReadUntil(out_fd_, out, [](const std::string&) { return false; }, std::chrono::milliseconds(50));
  return out;
}

std::string HttpResponse::Header(const std::string& n) const {
  auto it = headers.find(n);
  return it == headers.end() ? "" : it->second;
}

boost::json::value HttpResponse::Json() const { return boost::json::parse(body); }

HttpConnection::HttpConnection(uint16_t port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) close(fd_);
}

bool HttpConnection::SendRaw(const std::string& bytes) {
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

std::optional<HttpResponse> HttpConnection::Read(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return std::nullopt;
  bool eof = false;
  if (!ReadUntil(fd_, buf_, [](const std::string& s) { return s.find("\r\n\r\n") != std::string::npos; }, timeout, &eof))
    return std::nullopt;
  size_t hend = buf_.find("\r\n\r\n");
  HttpResponse r;
  std::string head = buf_.substr(0, hend);
  size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  if (status_line.size() < 12) return std::nullopt;
  r.status = std::stoi(status_line.substr(9, 3));
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t e = head.find("\r\n", pos);
    if (e == std::string::npos) e = head.size();
    std::string line = head.substr(pos, e - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string v = line.substr(colon + 1);
      while (!v.empty() && v.front() == ' ') v.erase(0, 1);
      r.headers[Lower(line.substr(0, colon))] = v;
    }
    pos = e + 2;
  }
  buf_.erase(0, hend + 4);
  if (head_only_ || r.status == 204 || r.status == 304) {
    head_only_ = false;
  } else if (r.headers.count("content-length")) {
    size_t len = std::stoul(r.headers["content-length"]);
    if (!ReadUntil(fd_, buf_, [&](const std::string& s) { return s.size() >= len; }, timeout)) return std::nullopt;
    r.body = buf_.substr(0, len);
    buf_.erase(0, len);
  } else if (Lower(r.Header("transfer-encoding")) == "chunked") {
    for (;;) {
      if (!ReadUntil(fd_, buf_, [](const std::string& s) { return s.find("\r\n") != std::string::npos; }, timeout))
        return std::nullopt;
      size_t e = buf_.find("\r\n");
      size_t len = std::stoul(buf_.substr(0, e), nullptr, 16);
      buf_.erase(0, e + 2);
      if (!ReadUntil(fd_, buf_, [&](const std::string& s) { return s.size() >= len + 2; }, timeout)) return std::nullopt;
      r.body += buf_.substr(0, len);
      buf_.erase(0, len + 2);
      if (len == 0) break;
    }
  } else {
    ReadUntil(fd_, buf_, [](const std::string&) { return false; }, timeout);
    r.body = std::move(buf_);
    buf_.clear();
  }
  return r;
}

bool HttpConnection::WaitClosed(std::chrono::milliseconds timeout) {
  bool eof = false;
  ReadUntil(fd_, buf_, [&](const std::string&) { return eof; }, timeout, &eof);
  return eof;
}

std::optional<HttpResponse> HttpConnection::Request(const std::string& method, const std::string& target,
                                                    const std::map<std::string, std::string>& headers,
                                                    const std::string& body) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  head_only_ = method == "HEAD";
  SendRaw(req);  // a server may answer (413) and stop reading before all is sent
  return Read();
}

bool UsePostgres() {
  const char* b = std::getenv("LEADS_TEST_BACKEND");
  return b && (std::string(b) == "postgres" || std::string(b) == "postgresql");
}

namespace {

// The cluster's maintenance database URL (…/postgres).
std::string PgAdminUrl() {
  if (const char* u = std::getenv("LEADS_TEST_PG"); u && *u) return u;
  if (const char* f = std::getenv("LEADS_TEST_PG_URL_FILE")) {
    std::ifstream in(f);
    std::string url;
    if (std::getline(in, url) && !url.empty()) return url;
  }
  throw std::runtime_error("LEADS_TEST_BACKEND=postgres needs LEADS_TEST_PG or LEADS_TEST_PG_URL_FILE");
}

// The same URL naming database `db`.
std::string WithDatabase(const std::string& url, const std::string& db) {
  size_t q = url.find('?');
  std::string base = url.substr(0, q), query = q == std::string::npos ? "" : url.substr(q);
  size_t slash = base.find('/', base.find("://") + 3);
  return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + db + query;
}

void PgAdmin(const std::string& admin_url, const std::string& sql) {
  PGconn* c = PQconnectdb(admin_url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect to the test PostgreSQL: " + msg);
  }
  PGresult* r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string msg = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

}  // namespace

PgDatabase::PgDatabase(std::string admin_url) : admin_url_(admin_url.empty() ? PgAdminUrl() : std::move(admin_url)) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  name_ = "leads_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" + std::to_string(rd() % 100000);
  PgAdmin(admin_url_, "CREATE DATABASE " + name_);
  url_ = WithDatabase(admin_url_, name_);
}

PgDatabase::~PgDatabase() {
  try {
    PgAdmin(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
}

Server::Server(const TempDir& dir, std::vector<std::string> extra_args)
    : dir_(dir.path()), extra_(std::move(extra_args)) {
  if (UsePostgres()) {
    // Like the SQLite file, the database belongs to the directory: another
    // Server on the same directory uses it too (the first one drops it).
    const std::string marker = dir.File("pg-database.url");
    if (std::ifstream in(marker); in && std::getline(in, db_url_) && !db_url_.empty()) return;
    pg_ = std::make_unique<PgDatabase>();
    db_url_ = pg_->url();
    std::ofstream(marker) << db_url_ << "\n";
  } else {
    db_url_ = "sqlite:" + dir.File("leads.db");
  }
}

Server::Server(const TempDir& dir, SharedDb db, std::vector<std::string> extra_args)
    : dir_(dir.path()), db_url_(std::move(db.url)), extra_(std::move(extra_args)) {}

Server::~Server() {
  if (proc_.running()) Kill();
}

bool Server::Start() {
  std::vector<std::string> argv = {LeadsdPath(), "serve", "--db", db_url_, "--listen", "127.0.0.1:0"};
  // Not the machine's /etc/leads/leadsd.conf (an installed package's) unless a test names a file.
  if (std::find(extra_.begin(), extra_.end(), "--config") == extra_.end())
    argv.insert(argv.end(), {"--config", "/dev/null"});
  argv.insert(argv.end(), extra_.begin(), extra_.end());
  if (!proc_.Start(argv, "listening on http://")) return false;
  const std::string& line = proc_.ready_line();
  port_ = static_cast<uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  return true;
}

std::optional<int> Server::Stop() {
  if (!proc_.running()) return std::nullopt;
  proc_.Signal(SIGTERM);
  auto code = proc_.Wait(std::chrono::seconds(20));
  if (!code) Kill();
  return code;
}

void Server::Kill() {
  proc_.Signal(SIGKILL);
  proc_.Wait(std::chrono::seconds(10));
}

CommandResult Server::Admin(std::vector<std::string> args) const {
  std::vector<std::string> argv = {LeadsdPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--db");
  argv.push_back(db_url_);
  return Run(argv);
}

void Server::AddAccount(int64_t account_id, std::vector<std::string> flags) const {
  std::vector<std::string> args = {"account", "add", "--account-id", std::to_string(account_id)};
  args.insert(args.end(), flags.begin(), flags.end());
  auto r = Admin(args);
  if (r.exit_code != 0) throw std::runtime_error("account add failed: " + r.err);
}

Credential Server::Issue(int64_t account_id, const std::string& scope) const {
  auto r = Admin({"token", "issue", "--account-id", std::to_string(account_id), "--scope", scope});
  if (r.exit_code != 0) throw std::runtime_error("token issue failed: " + r.err);
  auto v = boost::json::parse(r.out).as_object();
  return {std::string(v.at("token").as_string()), std::string(v.at("secret").as_string())};
}

int Server::Import(int64_t account_id, const std::string& jsonl) const {
  static int counter = 0;
  std::string path = dir_ + "/import-" + std::to_string(++counter) + ".jsonl";
  std::ofstream(path) << jsonl;
  auto r = Admin({"leads", "import", "--account-id", std::to_string(account_id), path});
  if (r.exit_code != 0) throw std::runtime_error("import failed: " + r.err);
  return static_cast<int>(boost::json::parse(r.out).at("imported").as_int64());
}

std::optional<HttpResponse> Server::Get(const std::string& target, const Credential& c, const std::string& alg) {
  return Send("GET", target, SignedHeaders(c, alg));
}

std::optional<HttpResponse> Server::Post(const std::string& target, const Credential& c, const std::string& body,
                                         const std::string& alg) {
  auto h = SignedHeaders(c, alg);
  h["Content-Type"] = "application/json";
  return Send("POST", target, h, body);
}

std::optional<HttpResponse> Server::Send(const std::string& method, const std::string& target,
                                         const std::map<std::string, std::string>& headers, const std::string& body) {
  HttpConnection conn(port_);
  if (!conn.connected()) return std::nullopt;
  return conn.Request(method, target, headers, body);
}

std::string Nonce() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

std::map<std::string, std::string> SignedHeaders(const Credential& c, const std::string& alg, int64_t timestamp,
                                                 const std::string& nonce) {
  auto a = alg == "SHA1" ? SignatureAlgorithm::kSha1 : SignatureAlgorithm::kSha256;
  int64_t ts = timestamp ? timestamp : Now();
  return {{"X-Signature", SignNew(a, c.token, ts, nonce.empty() ? Nonce() : nonce, c.secret)},
          {"X-Signature-Algorithm", alg}};
}

std::string MakeLeadsJsonl(int n, int64_t base_epoch, int64_t step_seconds) {
  if (!base_epoch) base_epoch = 1714536000;  // 2024-05-01 12:00:00 +08:00
  std::string out;
  for (int i = 0; i < n; ++i) {
    boost::json::object o{{"leads_name", "测试" + std::to_string(i)},
                          {"leads_tel", "138" + std::to_string(10000000 + i)},
                          {"leads_type", "LEADS_TYPE_FORM"},
                          {"leads_create_time", FormatDateTime(base_epoch + i * step_seconds, kChinaOffsetSeconds)},
                          {"leads_action_time", FormatDateTime(base_epoch + i * step_seconds - 30, kChinaOffsetSeconds)},
                          {"leads_age", "30岁"},
                          {"bundle", "{\"爱好\":\"看书\"}"}};
    out += boost::json::serialize(o) + "\n";
  }
  return out;
}

}  // namespace leads::e2e
