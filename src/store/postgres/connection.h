// A thin RAII layer over libpq: a parameter, a result, a connection with a
// cache of prepared statements (one per statement constant), and a
// transaction guard. Every failure becomes a Status: a lost or refused
// connection (and other transient states) is Unavailable with
// kStoreUnavailable, anything else kInternal.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace leads::postgres {

// One statement parameter, sent in text format (NULL when empty).
class Param {
 public:
  Param(int64_t v) : v_(std::to_string(v)) {}  // NOLINT: implicit by design
  Param(int v) : v_(std::to_string(v)) {}      // NOLINT
  Param(std::string_view v) : v_(std::string(v)) {}  // NOLINT
  Param(const std::string& v) : v_(v) {}             // NOLINT
  Param(const char* v) : v_(std::string(v)) {}       // NOLINT
  Param(std::nullopt_t) {}                           // NOLINT
  Param(const std::optional<int64_t>& v) {           // NOLINT
    if (v) v_ = std::to_string(*v);
  }
  const char* data() const { return v_ ? v_->c_str() : nullptr; }

 private:
  std::optional<std::string> v_;
};

// A query's result (rows in text format).
class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result& operator=(Result&& o) noexcept;
  Result(const Result&) = delete;
  ~Result();

  int rows() const { return PQntuples(r_); }
  bool IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string_view Text(int row, int col) const {
    return std::string_view(PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col)));
  }
  int64_t Int(int row, int col) const;
  // Rows an INSERT/UPDATE/DELETE touched.
  int64_t Affected() const;

 private:
  PGresult* r_;
};

class Connection {
 public:
  // Connects with `conninfo` (a libpq URL); Unavailable when it cannot.
  static StatusOr<std::unique_ptr<Connection>> Open(const std::string& conninfo);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` (a statement constant: its address keys the prepared
  // statement cache) with `params`.
  StatusOr<Result> Exec(const char* sql, std::initializer_list<Param> params = {});
  StatusOr<Result> Exec(const char* sql, const std::vector<Param>& params);
  // Runs SQL built at run time (not prepared; parameters as above).
  StatusOr<Result> ExecDynamic(const std::string& sql, const std::vector<Param>& params);
  // Runs one or more statements without parameters (BEGIN, DDL).
  Status Run(const std::string& sql);

  // The SQLSTATE of the last failure ("" when none or unknown).
  const std::string& last_state() const { return last_state_; }
  // False once the connection is lost.
  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  // True when idle, usable and the server has not closed it meanwhile.
  bool ProbeIdle();
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

 private:
  explicit Connection(PGconn* c) : conn_(c) {}
  StatusOr<Result> Check(PGresult* r, std::string_view what);
  StatusOr<Result> ExecPrepared(const char* sql, const char* const* values, int n);
  PGconn* conn_;
  std::unordered_map<const char*, std::string> prepared_;  // statement -> name
  std::string last_state_;
};

// BEGIN … COMMIT; rolls back when not committed.
class Transaction {
 public:
  explicit Transaction(Connection& c) : c_(c) {}
  // `mode`: e.g. "ISOLATION LEVEL REPEATABLE READ READ ONLY".
  Status Begin(const std::string& mode = "");
  Status Commit();
  ~Transaction();

 private:
  Connection& c_;
  bool open_ = false;
};

}  // namespace leads::postgres
