#include "bench/floor.h"

#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <string_view>

namespace leads::bench {
namespace {

class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Fail("open");
  }
  ~Db() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) Fail(sql);
  }
  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) Fail(sql);
    return st;
  }
  void Run(sqlite3_stmt* st) {
    if (sqlite3_step(st) != SQLITE_DONE) Fail("step");
    sqlite3_reset(st);
  }
  [[noreturn]] void Fail(const std::string& what) {
    throw std::runtime_error("floor: " + what + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_ = nullptr;
};

// The value of "name":"…" in a JSON line (no escapes in the generated data).
std::string_view Value(std::string_view line, std::string_view name) {
  std::string key = "\"" + std::string(name) + "\":\"";
  auto at = line.find(key);
  if (at == std::string_view::npos) return {};
  at += key.size();
  return line.substr(at, line.find('"', at) - at);
}

void Bind(sqlite3_stmt* st, int i, std::string_view v) {
  sqlite3_bind_text(st, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

}  // namespace

FloorResult RunFloor(const FloorOptions& o, const std::vector<std::string>& files) {
  Db db(o.db);
  db.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
          "PRAGMA wal_autocheckpoint=10000;"
          "CREATE TABLE docs(id INTEGER PRIMARY KEY, account INTEGER, create_time INTEGER,"
          " name TEXT, tel TEXT, doc TEXT)");
  // The entries of a lead that land on random pages in leadsd's store: the
  // console's name and phone indexes, and five contact/click keys for the
  // duplicate checks (phone, WeChat, QQ, e-mail, click_id); plus the
  // time-ordered index every list query needs.
  if (o.keys)
    db.Exec("CREATE INDEX docs_name ON docs(account, name); CREATE INDEX docs_tel ON docs(account, tel);"
            "CREATE INDEX docs_time ON docs(account, create_time, id);"
            "CREATE TABLE keys(account INTEGER, key TEXT, id INTEGER, PRIMARY KEY(account, key, id)) WITHOUT ROWID");
  sqlite3_stmt* ins = db.Prepare("INSERT INTO docs VALUES(?1, 1, ?2, ?3, ?4, ?5)");
  sqlite3_stmt* key = o.keys ? db.Prepare("INSERT INTO keys VALUES(1, ?1, ?2)") : nullptr;
  int64_t id = 0;
  // Stores the lines of `file`, committing every `batch` rows (0: once);
  // returns rows and seconds.
  auto store = [&](const std::string& file, size_t batch) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("floor: cannot read " + file);
    const auto t0 = std::chrono::steady_clock::now();
    size_t in_txn = 0, rows = 0;
    db.Exec("BEGIN");
    for (std::string line; std::getline(in, line);) {
      ++id;
      sqlite3_bind_int64(ins, 1, id);
      sqlite3_bind_int64(ins, 2, -id);  // the generated files run from newest to oldest
      Bind(ins, 3, Value(line, "leads_name"));
      Bind(ins, 4, Value(line, "leads_tel"));
      Bind(ins, 5, line);
      db.Run(ins);
      if (key) {
        for (std::string_view field : {"leads_tel", "leads_wechat", "leads_qq", "leads_email", "click_id"}) {
          std::string k = std::string(field) + ":" + std::string(Value(line, field));
          Bind(key, 1, k);
          sqlite3_bind_int64(key, 2, id);
          db.Run(key);
        }
      }
      ++rows;
      if (batch && ++in_txn == batch) {
        db.Exec("COMMIT; BEGIN");
        in_txn = 0;
      }
    }
    db.Exec("COMMIT");
    return std::pair(rows, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };
  FloorResult r;
  double seconds = 0;
  for (const auto& file : files) {
    auto [rows, s] = store(file, 0);
    r.rows += rows;
    seconds += s;
  }
  r.rows_per_s = seconds > 0 ? static_cast<double>(r.rows) / seconds : 0;
  if (!o.intake.empty()) {
    auto [rows, s] = store(o.intake, o.batch);
    r.intake_rows = rows;
    r.intake_rows_per_s = s > 0 ? static_cast<double>(rows) / s : 0;
  }
  sqlite3_finalize(ins);
  sqlite3_finalize(key);  // a no-op on nullptr
  return r;
}

}  // namespace leads::bench
