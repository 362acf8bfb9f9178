#include "client/report_job.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/json.hpp>

#include "client/csv.h"
#include "client/pull.h"
#include "client/state_file.h"

namespace leads::ctl {
namespace {

Status Bad(std::string m) { return InvalidArgument(ErrorCode::kInvalidValue, std::move(m)); }
Status Io(std::string m) { return Internal(ErrorCode::kInternal, std::move(m)); }

bool EndsWith(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

// The six columns, by their platform names; snake_case spellings of the
// two camelCase ones are accepted too.
enum class Col { kId, kConvert, kReason, kScore, kOuterConvert, kOuterReason, kOther };

Col ColumnFor(std::string_view name) {
  if (name == "leads_id") return Col::kId;
  if (name == "leads_convert_type") return Col::kConvert;
  if (name == "leads_ineffect_reason") return Col::kReason;
  if (name == "leads_intention_score") return Col::kScore;
  if (name == "outerLeadsConvertType" || name == "outer_leads_convert_type") return Col::kOuterConvert;
  if (name == "outerLeadsIneffectReason" || name == "outer_leads_ineffect_reason") return Col::kOuterReason;
  return Col::kOther;
}

void SetColumn(ReportRow& r, Col c, std::string v) {
  switch (c) {
    case Col::kId: r.leads_id = std::move(v); break;
    case Col::kConvert: r.item.leads_convert_type = std::move(v); break;
    case Col::kReason: r.item.leads_ineffect_reason = std::move(v); break;
    case Col::kScore: r.item.leads_intention_score = std::move(v); break;
    case Col::kOuterConvert: r.item.outer_leads_convert_type = std::move(v); break;
    case Col::kOuterReason: r.item.outer_leads_ineffect_reason = std::move(v); break;
    case Col::kOther: break;
  }
}

std::string Trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t");
  if (a == std::string_view::npos) return {};
  size_t b = s.find_last_not_of(" \t");
  return std::string(s.substr(a, b - a + 1));
}

// The checks the server would make first, so a bad row costs no request.
void Validate(ReportRow& r) {
  if (!r.error.empty()) return;
  const std::string& id = r.leads_id;
  if (id.empty()) {
    r.error = "leads_id: missing";
    return;
  }
  if (id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos || std::stoll(id) <= 0) {
    r.error = "leads_id: must be a positive integer, got '" + id.substr(0, 40) + "'";
    return;
  }
  r.item.leads_id = std::stoll(id);
  const auto& it = r.item;
  if (it.leads_convert_type.empty() && it.leads_intention_score.empty() && it.outer_leads_convert_type.empty())
    r.error = "one of leads_convert_type, leads_intention_score, outerLeadsConvertType is required";
  else if (!it.leads_ineffect_reason.empty() && it.leads_convert_type.empty())
    r.error = "leads_ineffect_reason: given without leads_convert_type";
}

StatusOr<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Bad("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "list[3].leads_convert_type: ..." -> 3 and "leads_convert_type: ...".
std::optional<size_t> ItemIndex(const std::string& message, std::string* rest) {
  size_t p = message.find("list[");
  if (p == std::string::npos) return std::nullopt;
  size_t q = message.find(']', p);
  if (q == std::string::npos || q == p + 5 || q - p > 9) return std::nullopt;
  std::string digits = message.substr(p + 5, q - p - 5);
  if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  size_t after = q + 1;
  if (after < message.size() && message[after] == '.') ++after;
  *rest = message.substr(0, p) + message.substr(after);
  return static_cast<size_t>(std::stoul(digits));
}

void AppendResult(std::string& out, const RowResult& r, bool jsonl) {
  if (jsonl) {
    boost::json::object o{{"row", r.row}, {"leads_id", r.leads_id}, {"result", r.ok ? "ok" : "error"},
                          {"code", r.code}, {"message", r.message}};
    out += boost::json::serialize(o) + "\n";
  } else {
    AppendCsvRecord(out, {std::to_string(r.row), r.leads_id, r.ok ? "ok" : "error",
                          r.ok ? "0" : std::to_string(r.code), r.message});
  }
}

}  // namespace

StatusOr<std::vector<ReportRow>> ReadReportRows(const std::string& path, std::string_view format) {
  std::string f(format);
  if (f.empty()) {
    std::string lower = path;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (EndsWith(lower, ".csv")) f = "csv";
    else if (EndsWith(lower, ".jsonl") || EndsWith(lower, ".ndjson") || EndsWith(lower, ".json")) f = "jsonl";
    else return Bad("cannot tell the format of " + path + " from its extension: use .csv or .jsonl, or --format");
  }
  LEADS_ASSIGN_OR_RETURN(std::string text, ReadAll(path));
  std::vector<ReportRow> rows;
  if (f == "csv") {
    CsvParse p = ParseCsv(text, true);
    if (p.torn) return Bad(path + ": unterminated quoted field at the end of the file");
    if (p.records.empty()) return Bad(path + ": empty file (a header row is required)");
    std::vector<Col> cols;
    bool has_id = false;
    for (const auto& name : p.records[0].fields) {
      cols.push_back(ColumnFor(Trim(name)));
      has_id = has_id || cols.back() == Col::kId;
    }
    if (!has_id) return Bad(path + ": the header row has no leads_id column");
    for (size_t i = 1; i < p.records.size(); ++i) {
      const auto& fields = p.records[i].fields;
      bool blank = true;
      for (const auto& v : fields) blank = blank && Trim(v).empty();
      if (blank) continue;
      ReportRow r;
      r.row = i;
      if (fields.size() > cols.size())
        r.error = "row has " + std::to_string(fields.size()) + " fields, the header " + std::to_string(cols.size());
      for (size_t c = 0; c < fields.size() && c < cols.size(); ++c) SetColumn(r, cols[c], Trim(fields[c]));
      Validate(r);
      rows.push_back(std::move(r));
    }
  } else if (f == "jsonl") {
    size_t pos = 0, line_no = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
      pos = nl == std::string::npos ? text.size() : nl + 1;
      ++line_no;
      if (Trim(line).empty() || Trim(line) == "\r") continue;
      ReportRow r;
      r.row = line_no;
      boost::system::error_code ec;
      auto v = boost::json::parse(line, ec);
      if (ec || !v.is_object()) {
        r.error = "not a JSON object";
      } else {
        for (const auto& kv : v.get_object()) {
          Col c = ColumnFor(kv.key());
          if (c == Col::kOther) continue;
          const auto& val = kv.value();
          if (val.is_string()) SetColumn(r, c, std::string(val.get_string()));
          else if (val.is_int64()) SetColumn(r, c, std::to_string(val.get_int64()));
          else if (val.is_uint64()) SetColumn(r, c, std::to_string(val.get_uint64()));
          else if (!val.is_null()) r.error = std::string(kv.key()) + ": must be a string";
        }
      }
      Validate(r);
      rows.push_back(std::move(r));
    }
  } else {
    return Bad("--format must be csv or jsonl");
  }
  return rows;
}

StatusOr<std::vector<RowResult>> ReportBatch(const std::vector<ReportRow>& rows, const ReportFn& report,
                                             int* requests) {
  std::map<size_t, RowResult> results;  // by position in `rows`
  std::vector<size_t> pending;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].error.empty()) results[i] = {rows[i].row, rows[i].leads_id, false, 0, "invalid row: " + rows[i].error};
    else pending.push_back(i);
  }
  std::function<Status(std::vector<size_t>)> solve = [&](std::vector<size_t> idx) -> Status {
    while (!idx.empty()) {
      client::ReportRequest req;
      for (size_t i : idx) req.list.push_back(rows[i].item);
      ++*requests;
      auto r = report(req);
      if (r.ok()) {
        for (size_t i : idx) results[i] = {rows[i].row, rows[i].leads_id, true, 0, "ok"};
        return Status::Ok();
      }
      const client::Error& e = r.error();
      // Not the rows' fault: stop the run (resumable).
      if (e.kind() != client::Error::Kind::kApi || e.code() < 2100 || e.code() > 2199) return FromClientError(e);
      std::string rest;
      auto bad = ItemIndex(e.message(), &rest);
      if (bad && *bad < idx.size()) {
        size_t i = idx[*bad];
        results[i] = {rows[i].row, rows[i].leads_id, false, e.code(), rest};
        idx.erase(idx.begin() + static_cast<std::ptrdiff_t>(*bad));
        continue;
      }
      if (idx.size() == 1) {
        results[idx[0]] = {rows[idx[0]].row, rows[idx[0]].leads_id, false, e.code(), e.message()};
        return Status::Ok();
      }
      std::vector<size_t> left(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(idx.size() / 2));
      std::vector<size_t> right(idx.begin() + static_cast<std::ptrdiff_t>(idx.size() / 2), idx.end());
      LEADS_RETURN_IF_ERROR(solve(std::move(left)));
      return solve(std::move(right));
    }
    return Status::Ok();
  };
  LEADS_RETURN_IF_ERROR(solve(pending));
  std::vector<RowResult> out;
  out.reserve(results.size());
  for (auto& [i, r] : results) out.push_back(std::move(r));
  return out;
}

StatusOr<ReportSummary> RunReport(const ReportJobOptions& o, const ReportFn& report,
                                  const std::function<bool()>& stop_requested,
                                  const std::function<void(const std::string&)>& progress) {
  LEADS_ASSIGN_OR_RETURN(auto rows, ReadReportRows(o.file, o.format));
  ReportSummary sum;
  sum.rows = rows.size();
  sum.results_path = o.results.empty() ? o.file + ".results.csv" : o.results;
  const bool jsonl = EndsWith(sum.results_path, ".jsonl");
  const std::string progress_path = o.progress_file.empty() ? o.file + ".progress" : o.progress_file;
  const size_t batch = std::clamp<size_t>(o.batch_size, 1, client::kMaxReportItems);

  struct stat st{};
  if (::stat(o.file.c_str(), &st) != 0) return Bad("cannot stat " + o.file);
  const int64_t size = st.st_size;
  const int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;

  size_t done = 0;
  int64_t results_bytes = 0;
  if (!o.restart) {
    LEADS_ASSIGN_OR_RETURN(auto saved, ReadStateFile(progress_path));
    if (saved) {
      auto num = [&](const char* k) -> int64_t {
        auto* v = saved->if_contains(k);
        return v && v->is_int64() ? v->get_int64() : -1;
      };
      if (num("input_size") != size || num("input_mtime") != mtime)
        return Bad(o.file + " changed since the run recorded in " + progress_path +
                   "; pass --restart to report it from the start");
      auto* complete = saved->if_contains("complete");
      sum.ok = static_cast<size_t>(std::max<int64_t>(0, num("ok")));
      sum.failed = static_cast<size_t>(std::max<int64_t>(0, num("failed")));
      if (complete && complete->is_bool() && complete->get_bool()) {
        sum.already_complete = true;
        sum.skipped = rows.size();
        return sum;
      }
      auto* res = saved->if_contains("results");
      if (!res || !res->is_string() || res->get_string() != sum.results_path)
        return Bad("the interrupted run recorded in " + progress_path + " wrote its results to " +
                   (res && res->is_string() ? std::string(res->get_string()) : std::string("?")) +
                   "; resume with the same --results, or pass --restart");
      done = static_cast<size_t>(std::max<int64_t>(0, num("rows_done")));
      results_bytes = std::max<int64_t>(0, num("results_bytes"));
      std::error_code ec;
      auto have = std::filesystem::file_size(sum.results_path, ec);
      if (ec || static_cast<int64_t>(have) < results_bytes)
        return Bad(sum.results_path + " is shorter than " + progress_path + " records; pass --restart");
      if (done > rows.size()) return Bad(progress_path + " does not match " + o.file);
      sum.skipped = done;
      if (done > 0 && progress) progress("resuming after row " + std::to_string(rows[done - 1].row));
    }
  }
  // The results file, cut back to what the progress file vouches for.
  int fd = ::open(sum.results_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Io("cannot open " + sum.results_path + ": " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::ftruncate(fd, results_bytes) != 0 || ::lseek(fd, results_bytes, SEEK_SET) < 0)
    return Io("cannot truncate " + sum.results_path + ": " + std::strerror(errno));
  auto append = [&](const std::string& data) -> Status {
    std::string_view rest = data;
    while (!rest.empty()) {
      ssize_t n = ::write(fd, rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Io("cannot write " + sum.results_path + ": " + std::strerror(errno));
      rest.remove_prefix(static_cast<size_t>(n));
      results_bytes += n;
    }
    return Status::Ok();
  };
  auto save = [&](bool complete) {
    return WriteStateFile(progress_path,
                          boost::json::object{{"input", o.file},
                                              {"results", sum.results_path},
                                              {"input_size", size},
                                              {"input_mtime", mtime},
                                              {"rows_done", done},
                                              {"results_bytes", results_bytes},
                                              {"ok", sum.ok},
                                              {"failed", sum.failed},
                                              {"complete", complete}});
  };
  if (results_bytes == 0 && !jsonl) {
    std::string header;
    AppendCsvRecord(header, {"row", "leads_id", "result", "code", "message"});
    LEADS_RETURN_IF_ERROR(append(header));
  }
  LEADS_RETURN_IF_ERROR(save(false));

  while (done < rows.size()) {
    if (stop_requested && stop_requested()) {
      sum.interrupted = true;
      return sum;
    }
    size_t end = std::min(rows.size(), done + batch);
    std::vector<ReportRow> chunk(rows.begin() + static_cast<std::ptrdiff_t>(done),
                                 rows.begin() + static_cast<std::ptrdiff_t>(end));
    LEADS_ASSIGN_OR_RETURN(auto results, ReportBatch(chunk, report, &sum.requests));
    std::string text;
    for (const auto& r : results) {
      AppendResult(text, r, jsonl);
      (r.ok ? sum.ok : sum.failed)++;
    }
    LEADS_RETURN_IF_ERROR(append(text));
    done = end;
    LEADS_RETURN_IF_ERROR(save(false));
    if (progress)
      progress(std::to_string(done) + "/" + std::to_string(rows.size()) + " rows, " + std::to_string(sum.ok) + " ok, " +
               std::to_string(sum.failed) + " failed");
  }
  LEADS_RETURN_IF_ERROR(save(true));
  return sum;
}

}  // namespace leads::ctl
