#include "store/postgres/connection.h"

#include <poll.h>

#include <charconv>

namespace leads::postgres {
namespace {

// SQLSTATEs after which a retry may succeed: connection exceptions (08),
// operator intervention (57: shutdown, cannot connect now), insufficient
// resources (53), serialization failure and deadlock (40001, 40P01).
bool Transient(std::string_view state) {
  return state.starts_with("08") || state.starts_with("57") || state.starts_with("53") || state == "40001" ||
         state == "40P01";
}

std::string OneLine(const char* msg) {
  std::string s = msg ? msg : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s;
}

}  // namespace

Result& Result::operator=(Result&& o) noexcept {
  if (this != &o) {
    if (r_) PQclear(r_);
    r_ = o.r_;
    o.r_ = nullptr;
  }
  return *this;
}

Result::~Result() {
  if (r_) PQclear(r_);
}

int64_t Result::Int(int row, int col) const {
  std::string_view t = Text(row, col);
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

int64_t Result::Affected() const {
  const char* n = PQcmdTuples(r_);
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& conninfo) {
  // Defaults first: the URL's own settings (expanded from dbname) override
  // them. Bounded connect and dead-peer detection, so nothing hangs.
  const char* keys[] = {"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval",
                        "keepalives_count", "tcp_user_timeout", "application_name", "client_encoding",
                        "dbname", nullptr};
  const char* values[] = {"5", "1", "10", "5", "3", "15000", "leadsd", "UTF8", conninfo.c_str(), nullptr};
  PGconn* c = PQconnectdbParams(keys, values, 1);
  if (!c) return Unavailable(ErrorCode::kStoreUnavailable, "PostgreSQL: out of memory");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = OneLine(PQerrorMessage(c));
    PQfinish(c);
    return Unavailable(ErrorCode::kStoreUnavailable, "cannot connect to PostgreSQL: " + msg);
  }
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);  // NOTICEs are not errors
  std::unique_ptr<Connection> conn(new Connection(c));
  // A statement never runs for ever; lock waits are bounded too.
  LEADS_RETURN_IF_ERROR(conn->Run("SET statement_timeout = 30000; SET lock_timeout = 10000;"
                                  " SET idle_in_transaction_session_timeout = 60000"));
  return conn;
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::ProbeIdle() {
  if (!healthy() || !idle()) return false;
  // The server closes an idle connection when it shuts down (57P01): the
  // socket turns readable. Consume that and look again.
  pollfd p{PQsocket(conn_), POLLIN, 0};
  if (p.fd < 0) return false;
  if (poll(&p, 1, 0) > 0) {
    if (!PQconsumeInput(conn_)) return false;
    while (PGnotify* n = PQnotifies(conn_)) PQfreemem(n);
    if (PQisBusy(conn_)) return false;
  }
  return healthy();
}

StatusOr<Result> Connection::Check(PGresult* r, std::string_view what) {
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
    last_state_.clear();
    return Result(r);
  }
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  last_state_ = state ? state : "";
  std::string msg = std::string(what) + ": " + OneLine(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  if (msg.size() == what.size() + 2) msg += OneLine(PQerrorMessage(conn_));
  if (r) PQclear(r);
  if (!healthy() || last_state_.empty() || Transient(last_state_))
    return Unavailable(ErrorCode::kStoreUnavailable, "PostgreSQL: " + msg);
  return Internal(ErrorCode::kInternal, "PostgreSQL: " + msg);
}

StatusOr<Result> Connection::ExecPrepared(const char* sql, const char* const* values, int n) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size() + 1);
    LEADS_ASSIGN_OR_RETURN(auto r, Check(PQprepare(conn_, name.c_str(), sql, n, nullptr), "prepare"));
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return Check(PQexecPrepared(conn_, it->second.c_str(), n, values, nullptr, nullptr, 0), "exec");
}

StatusOr<Result> Connection::Exec(const char* sql, std::initializer_list<Param> params) {
  const char* values[32];
  int n = 0;
  for (const auto& p : params) values[n++] = p.data();
  return ExecPrepared(sql, values, n);
}

StatusOr<Result> Connection::Exec(const char* sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.data());
  return ExecPrepared(sql, values.data(), static_cast<int>(values.size()));
}

StatusOr<Result> Connection::ExecDynamic(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.data());
  return Check(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                            nullptr, 0),
               "exec");
}

Status Connection::Run(const std::string& sql) { return Check(PQexec(conn_, sql.c_str()), "exec").status(); }

Status Transaction::Begin(const std::string& mode) {
  Status s = c_.Run(mode.empty() ? "BEGIN" : "BEGIN " + mode);
  open_ = s.ok();
  return s;
}

Status Transaction::Commit() {
  open_ = false;
  return c_.Run("COMMIT");
}

Transaction::~Transaction() {
  if (open_ && c_.healthy()) (void)c_.Run("ROLLBACK");
}

}  // namespace leads::postgres
