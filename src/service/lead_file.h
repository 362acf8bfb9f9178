// Lead files for `leadsd leads import`: .jsonl (one JSON object per line)
// or .csv (a header row of field names, RFC 4180 quoting), either with an
// optional UTF-8 BOM. Errors name the line and the field.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "service/intake_service.h"

namespace leads {

// Reads a lead file a batch at a time: a JSON Lines file is streamed, so an
// import holds one batch in memory rather than the file (a CSV file is read
// whole: a quoted field may span lines).
class LeadFileReader {
 public:
  // By the file's extension: .jsonl, .json, .ndjson or .csv.
  static StatusOr<std::unique_ptr<LeadFileReader>> Open(const std::string& path);
  // The same over text, by format ("jsonl" or "csv").
  static StatusOr<std::unique_ptr<LeadFileReader>> FromText(std::string text, std::string_view format);
  virtual ~LeadFileReader() = default;

  // Appends up to `max` (> 0) leads to `out`; returns how many, 0 at the end.
  virtual StatusOr<size_t> Next(std::vector<IncomingLead>& out, size_t max) = 0;
};

// Every lead of `text` (tests and small inputs).
StatusOr<std::vector<IncomingLead>> ParseLeadText(std::string_view text, std::string_view format);

}  // namespace leads
