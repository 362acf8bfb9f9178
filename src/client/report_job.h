// `leadsctl report`: report conversions from a CSV or JSON Lines file in
// batches of 50, one result per row, resumable.
//
// Input columns / keys: leads_id (required), leads_convert_type,
// leads_ineffect_reason, leads_intention_score, outerLeadsConvertType,
// outerLeadsIneffectReason. Empty cells are left out. Rows are numbered
// from 1 (CSV: the first record after the header; JSON Lines: the line).
//
// The server applies a batch all or nothing and names the first bad item
// ("list[3].leads_convert_type: ..."). When a batch fails on a named item,
// that row gets the error and the batch is sent again without it, until
// the rest is applied; a failure that names no item is bisected down to the
// failing row. Authentication, permission and transport failures end the
// run (nothing is wrong with the rows; fix and resume).
//
// Progress file (default FILE.progress): {"input","results","input_size",
// "input_mtime","rows_done","results_bytes","ok","failed","complete"},
// written after each batch's results are appended. A resumed run skips
// rows_done rows and cuts the results file back to results_bytes, so every
// row has exactly one result line.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "leads/client.h"

namespace leads::ctl {

struct ReportRow {
  size_t row = 0;            // 1-based
  std::string leads_id;      // as written in the file
  client::ReportItem item;
  std::string error;         // a problem found locally ("" = none)
};

StatusOr<std::vector<ReportRow>> ReadReportRows(const std::string& path, std::string_view format = "");

struct RowResult {
  size_t row = 0;
  std::string leads_id;
  bool ok = false;
  int code = 0;           // the platform's code (0 for a local problem)
  std::string message;
};

using ReportFn = std::function<client::Result<client::ReportResult>(const client::ReportRequest&)>;

// Reports up to 50 rows and returns one result per row, in row order.
// `requests` counts the calls made.
StatusOr<std::vector<RowResult>> ReportBatch(const std::vector<ReportRow>& rows, const ReportFn& report,
                                             int* requests);

struct ReportJobOptions {
  std::string file;
  std::string format;         // "" = by extension
  std::string results;        // "" = FILE.results.csv (.jsonl for JSON Lines results)
  std::string progress_file;  // "" = FILE.progress
  size_t batch_size = 50;
  bool restart = false;       // ignore an existing progress file
};

struct ReportSummary {
  size_t rows = 0, ok = 0, failed = 0, skipped = 0;
  int requests = 0;
  bool interrupted = false, already_complete = false;
  std::string results_path;
};

StatusOr<ReportSummary> RunReport(const ReportJobOptions& options, const ReportFn& report,
                                  const std::function<bool()>& stop_requested,
                                  const std::function<void(const std::string&)>& progress);

}  // namespace leads::ctl
