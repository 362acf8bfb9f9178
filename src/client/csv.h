// CSV (RFC 4180) for leadsctl: quoting on write, a record reader that
// tells complete records from a torn last one (a file cut by a crash).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leads::ctl {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Appends one record (fields joined by ',', CRLF-terminated), quoting a
// field that holds a comma, quote, CR, LF or leading/trailing space.
void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields);

struct CsvRecord {
  std::vector<std::string> fields;
  size_t end_offset = 0;  // byte offset just past the record's line ending
};

struct CsvParse {
  std::vector<CsvRecord> records;
  size_t complete_bytes = 0;  // bytes covered by complete records (BOM included)
  bool torn = false;          // trailing bytes that do not form a complete record
  bool bom = false;
};

// Parses `text` (an optional UTF-8 BOM, then records ending in CRLF or LF).
// A final record without a line ending counts as complete only when
// `last_line_complete` is true (whole-file input written by a person);
// otherwise it is reported as torn.
CsvParse ParseCsv(std::string_view text, bool last_line_complete);

}  // namespace leads::ctl
