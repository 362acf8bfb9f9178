#include "client/output.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include <boost/json.hpp>

#include "client/csv.h"
#include "model/lead.h"

namespace leads::ctl {
namespace {

Status Bad(std::string m) { return InvalidArgument(ErrorCode::kInvalidValue, std::move(m)); }
Status Io(std::string m) { return Internal(ErrorCode::kInternal, std::move(m)); }
std::string Errno() { return std::strerror(errno); }

bool EndsWith(std::string_view s, std::string_view suf) { return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf; }

StatusOr<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Io("cannot read " + path + ": " + Errno());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Output files hold personal data: created 0600.
StatusOr<int> OpenAppend(const std::string& path, bool truncate) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0600);
  if (fd < 0) return Io("cannot open " + path + " for writing: " + Errno());
  return fd;
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Io("cannot write " + path + ": " + Errno());
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

std::optional<int64_t> IdOf(const boost::json::value& v) {
  if (!v.is_object()) return std::nullopt;
  auto it = v.get_object().find("leads_id");
  if (it == v.get_object().end()) return std::nullopt;
  if (it->value().is_int64()) return it->value().get_int64();
  if (it->value().is_uint64()) return static_cast<int64_t>(it->value().get_uint64());
  if (it->value().is_string()) {
    try {
      return std::stoll(std::string(it->value().get_string()));
    } catch (...) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<int64_t> ParseId(std::string_view s) {
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  return std::stoll(std::string(s));
}

class FdSink : public LeadSink {
 public:
  ~FdSink() override {
    if (fd_ >= 0) {
      (void)Flush();
      ::close(fd_);
    }
  }
  Status Flush() override {
    if (buf_.empty()) return Status::Ok();
    Status s = WriteAll(fd_, buf_, path_);
    buf_.clear();
    return s;
  }
  int64_t size() const override { return static_cast<int64_t>(ids_.size()); }
  bool Contains(int64_t id) const override { return ids_.count(id) > 0; }

 protected:
  std::string path_;
  int fd_ = -1;
  std::string buf_;
  std::unordered_set<int64_t> ids_;
};

class JsonlSink final : public FdSink {
 public:
  Status Open(const std::string& path, const SinkOptions& o) {
    path_ = path;
    bool exists = std::filesystem::exists(path);
    if (exists && !o.overwrite) {
      LEADS_ASSIGN_OR_RETURN(std::string text, ReadAll(path));
      size_t pos = 0, line_no = 0;
      while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string::npos) {
          // A line cut by a crash: drop it (its lead is fetched again).
          if (::truncate(path.c_str(), static_cast<off_t>(pos)) != 0) return Io("cannot truncate " + path + ": " + Errno());
          break;
        }
        ++line_no;
        std::string_view line(text.data() + pos, nl - pos);
        pos = nl + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        boost::system::error_code ec;
        auto v = boost::json::parse(line, ec);
        auto id = ec ? std::nullopt : IdOf(v);
        if (!id)
          return Bad(path + " line " + std::to_string(line_no) +
                     " is not a lead with a leads_id; not appending to it (use another file or --overwrite)");
        ids_.insert(*id);
      }
    }
    LEADS_ASSIGN_OR_RETURN(fd_, OpenAppend(path, o.overwrite));
    return Status::Ok();
  }
  StatusOr<bool> Add(const client::Lead& lead) override {
    if (!ids_.insert(lead.id()).second) return false;
    buf_ += lead.json();
    buf_ += '\n';
    return true;
  }
};

class CsvSink final : public FdSink {
 public:
  Status Open(const std::string& path, const SinkOptions& o) {
    path_ = path;
    columns_ = o.columns.empty() ? client::PullFieldNames() : o.columns;
    size_t id_col = columns_.size();
    for (size_t i = 0; i < columns_.size(); ++i)
      if (columns_[i] == "leads_id") id_col = i;
    if (id_col == columns_.size()) return Bad("CSV columns must include leads_id");
    bool exists = std::filesystem::exists(path) && !o.overwrite;
    bool need_header = true;
    if (exists) {
      LEADS_ASSIGN_OR_RETURN(std::string text, ReadAll(path));
      CsvParse p = ParseCsv(text, false);
      if (p.torn && ::truncate(path.c_str(), static_cast<off_t>(p.complete_bytes)) != 0)
        return Io("cannot truncate " + path + ": " + Errno());
      if (!p.records.empty()) {
        if (p.records[0].fields != columns_)
          return Bad("the header of " + path + " is not leadsctl's column list; not appending to it "
                     "(use another file or --overwrite)");
        need_header = false;
        for (size_t r = 1; r < p.records.size(); ++r) {
          const auto& f = p.records[r].fields;
          auto id = f.size() == columns_.size() ? ParseId(f[id_col]) : std::nullopt;
          if (!id) return Bad(path + " record " + std::to_string(r + 1) + " has no valid leads_id; not appending to it");
          ids_.insert(*id);
        }
      }
      bom_ = !p.bom && p.complete_bytes == 0 && o.bom;
    } else {
      bom_ = o.bom;
    }
    LEADS_ASSIGN_OR_RETURN(fd_, OpenAppend(path, o.overwrite || (exists && need_header)));
    if (need_header) {
      if (bom_) buf_ += kUtf8Bom;
      AppendCsvRecord(buf_, columns_);
      LEADS_RETURN_IF_ERROR(Flush());
    }
    return Status::Ok();
  }
  StatusOr<bool> Add(const client::Lead& lead) override {
    if (!ids_.insert(lead.id()).second) return false;
    row_.clear();
    for (const auto& c : columns_) row_.push_back(lead.Get(c));
    AppendCsvRecord(buf_, row_);
    return true;
  }

 private:
  std::vector<std::string> columns_;
  std::vector<std::string> row_;
  bool bom_ = false;
};

std::string Quote(std::string_view ident) {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class SqliteSink final : public LeadSink {
 public:
  ~SqliteSink() override {
    if (db_) {
      (void)Flush();
      sqlite3_finalize(insert_);
      sqlite3_finalize(contains_);
      sqlite3_close(db_);
    }
  }

  Status Open(const std::string& path, const SinkOptions& o) {
    path_ = path;
    if (o.overwrite) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
      std::filesystem::remove(path + "-journal", ec);
      std::filesystem::remove(path + "-wal", ec);
    }
    bool existed = std::filesystem::exists(path);
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK)
      return Io("cannot open SQLite file " + path + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
    if (!existed) ::chmod(path.c_str(), 0600);
    sqlite3_busy_timeout(db_, 5000);
    LEADS_RETURN_IF_ERROR(Exec("PRAGMA synchronous=NORMAL"));
    columns_ = o.columns.empty() ? client::PullFieldNames() : o.columns;
    std::string table = Quote(o.table);
    std::string create = "CREATE TABLE IF NOT EXISTS " + table + " (leads_id INTEGER PRIMARY KEY";
    for (const auto& c : columns_) {
      if (c == "leads_id") continue;
      create += ", " + Quote(c) + (IsIntColumn(c) ? " INTEGER" : " TEXT");
    }
    create += ", raw_json TEXT NOT NULL)";
    LEADS_RETURN_IF_ERROR(Exec(create));
    // A table from an older leadsctl may lack newer columns.
    std::unordered_set<std::string> have;
    {
      sqlite3_stmt* st = nullptr;
      std::string q = "PRAGMA table_info(" + table + ")";
      if (sqlite3_prepare_v2(db_, q.c_str(), -1, &st, nullptr) != SQLITE_OK) return Err("table_info");
      while (sqlite3_step(st) == SQLITE_ROW) have.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
      sqlite3_finalize(st);
    }
    // Never alter a table leadsctl did not make (e.g. a server's database).
    if (!have.count("raw_json") || !have.count("leads_id"))
      return Bad(path + " already has a table " + o.table +
                 " that leadsctl did not create; not writing to it (use another file)");
    for (const auto& c : columns_)
      if (!have.count(c))
        LEADS_RETURN_IF_ERROR(Exec("ALTER TABLE " + table + " ADD COLUMN " + Quote(c) + (IsIntColumn(c) ? " INTEGER" : " TEXT")));
    std::string ins = "INSERT OR IGNORE INTO " + table + " (";
    std::string vals;
    for (size_t i = 0; i < columns_.size(); ++i) {
      ins += Quote(columns_[i]) + ", ";
      vals += "?, ";
    }
    ins += "raw_json) VALUES (" + vals + "?)";
    if (sqlite3_prepare_v2(db_, ins.c_str(), -1, &insert_, nullptr) != SQLITE_OK) return Err("prepare insert");
    std::string has = "SELECT 1 FROM " + table + " WHERE leads_id = ?";
    if (sqlite3_prepare_v2(db_, has.c_str(), -1, &contains_, nullptr) != SQLITE_OK) return Err("prepare select");
    sqlite3_stmt* st = nullptr;
    std::string cnt = "SELECT count(*) FROM " + table;
    if (sqlite3_prepare_v2(db_, cnt.c_str(), -1, &st, nullptr) != SQLITE_OK) return Err("count");
    if (sqlite3_step(st) == SQLITE_ROW) size_ = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return Status::Ok();
  }

  StatusOr<bool> Add(const client::Lead& lead) override {
    if (!in_tx_) {
      LEADS_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
      in_tx_ = true;
    }
    sqlite3_reset(insert_);
    sqlite3_clear_bindings(insert_);
    int i = 1;
    for (const auto& c : columns_) {
      auto v = lead.Find(c);
      if (c == "leads_id") {
        sqlite3_bind_int64(insert_, i, lead.id());
      } else if (!v || (v->empty() && IsIntColumn(c))) {
        sqlite3_bind_null(insert_, i);
      } else if (IsIntColumn(c) && ParseIdSigned(*v)) {
        sqlite3_bind_int64(insert_, i, *ParseIdSigned(*v));
      } else {
        sqlite3_bind_text(insert_, i, v->data(), static_cast<int>(v->size()), SQLITE_TRANSIENT);
      }
      ++i;
    }
    sqlite3_bind_text(insert_, i, lead.json().data(), static_cast<int>(lead.json().size()), SQLITE_TRANSIENT);
    if (sqlite3_step(insert_) != SQLITE_DONE) return Err("insert");
    bool added = sqlite3_changes(db_) == 1;
    if (added) ++size_;
    return added;
  }

  Status Flush() override {
    if (!in_tx_) return Status::Ok();
    in_tx_ = false;
    return Exec("COMMIT");
  }
  int64_t size() const override { return size_; }
  bool Contains(int64_t id) const override {
    sqlite3_reset(contains_);
    sqlite3_bind_int64(contains_, 1, id);
    return sqlite3_step(contains_) == SQLITE_ROW;
  }

 private:
  static bool IsIntColumn(std::string_view c) {
    const FieldSpec* s = FindField(c);
    return s && s->pull_kind != JsonKind::kString;
  }
  static std::optional<int64_t> ParseIdSigned(std::string_view s) {
    bool neg = !s.empty() && s[0] == '-';
    auto v = ParseId(neg ? s.substr(1) : s);
    if (!v) return std::nullopt;
    return neg ? -*v : *v;
  }
  Status Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "unknown error";
      sqlite3_free(err);
      return Io(path_ + ": " + m);
    }
    return Status::Ok();
  }
  Status Err(std::string_view what) { return Io(path_ + ": " + std::string(what) + ": " + sqlite3_errmsg(db_)); }

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  sqlite3_stmt* contains_ = nullptr;
  std::vector<std::string> columns_;
  int64_t size_ = 0;
  bool in_tx_ = false;
};

}  // namespace

StatusOr<OutputFormat> FormatFor(std::string_view path, std::string_view forced) {
  std::string_view f = forced;
  if (f.empty()) {
    std::string lower(path);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (EndsWith(lower, ".jsonl") || EndsWith(lower, ".ndjson") || EndsWith(lower, ".json")) return OutputFormat::kJsonl;
    if (EndsWith(lower, ".csv")) return OutputFormat::kCsv;
    if (EndsWith(lower, ".db") || EndsWith(lower, ".sqlite") || EndsWith(lower, ".sqlite3")) return OutputFormat::kSqlite;
    return Bad("cannot tell the format of '" + std::string(path) +
               "' from its extension: use .jsonl, .csv, .db/.sqlite, or --format");
  }
  if (f == "jsonl") return OutputFormat::kJsonl;
  if (f == "csv") return OutputFormat::kCsv;
  if (f == "sqlite") return OutputFormat::kSqlite;
  return Bad("--format must be jsonl, csv or sqlite");
}

std::string_view FormatName(OutputFormat f) {
  switch (f) {
    case OutputFormat::kJsonl: return "jsonl";
    case OutputFormat::kCsv: return "csv";
    case OutputFormat::kSqlite: return "sqlite";
  }
  return "?";
}

StatusOr<std::unique_ptr<LeadSink>> OpenSink(const std::string& path, OutputFormat format, const SinkOptions& options) {
  switch (format) {
    case OutputFormat::kJsonl: {
      auto s = std::make_unique<JsonlSink>();
      LEADS_RETURN_IF_ERROR(s->Open(path, options));
      return std::unique_ptr<LeadSink>(std::move(s));
    }
    case OutputFormat::kCsv: {
      auto s = std::make_unique<CsvSink>();
      LEADS_RETURN_IF_ERROR(s->Open(path, options));
      return std::unique_ptr<LeadSink>(std::move(s));
    }
    case OutputFormat::kSqlite: {
      auto s = std::make_unique<SqliteSink>();
      LEADS_RETURN_IF_ERROR(s->Open(path, options));
      return std::unique_ptr<LeadSink>(std::move(s));
    }
  }
  return Bad("unknown format");
}

}  // namespace leads::ctl
