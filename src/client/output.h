// Where leadsctl writes leads: JSON Lines, CSV or a SQLite file, chosen by
// the file's extension. Every sink keeps each lead once (dedup by
// leads_id), also across runs: opening an existing file reads the ids it
// already holds, and a torn last line left by a crash is cut off first.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "leads/lead.h"

namespace leads::ctl {

enum class OutputFormat { kJsonl, kCsv, kSqlite };

// By extension: .jsonl/.ndjson/.json -> JSON Lines, .csv -> CSV,
// .db/.sqlite/.sqlite3 -> SQLite. `forced` ("jsonl", "csv", "sqlite")
// overrides the extension.
StatusOr<OutputFormat> FormatFor(std::string_view path, std::string_view forced = "");
std::string_view FormatName(OutputFormat f);

struct SinkOptions {
  bool bom = false;        // CSV: start a new file with a UTF-8 BOM (Excel)
  bool overwrite = false;  // start from an empty file
  std::string table = "leads";  // SQLite table
  std::vector<std::string> columns;  // CSV/SQLite columns; default: every pull field
};

class LeadSink {
 public:
  virtual ~LeadSink() = default;
  // Adds the lead unless its id is already there; true when it was added.
  virtual StatusOr<bool> Add(const client::Lead& lead) = 0;
  // Makes everything added so far durable against a crash of this process
  // (written to the OS; a SQLite transaction committed).
  virtual Status Flush() = 0;
  // Leads in the file (those there at open plus those added).
  virtual int64_t size() const = 0;
  virtual bool Contains(int64_t leads_id) const = 0;
};

StatusOr<std::unique_ptr<LeadSink>> OpenSink(const std::string& path, OutputFormat format, const SinkOptions& options);

}  // namespace leads::ctl
