// Reading lead files for intake: JSON Lines and CSV.
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "common/encoding.h"
#include "service/intake_service.h"

namespace leads {
namespace {

std::string Line(size_t n) { return "line " + std::to_string(n) + ": "; }

StatusOr<std::vector<IncomingLead>> ParseJsonLines(std::string_view text) {
  std::vector<IncomingLead> out;
  size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    boost::system::error_code ec;
    auto v = boost::json::parse(line, ec);  // also rejects invalid UTF-8
    if (ec) {
      if (!IsValidUtf8(line)) return InvalidArgument(ErrorCode::kInvalidUtf8, Line(line_no) + "not valid UTF-8");
      return InvalidArgument(ErrorCode::kBodyNotJson, Line(line_no) + "not valid JSON (" + ec.message() + ")");
    }
    if (!v.is_object()) return InvalidArgument(ErrorCode::kBodyNotObject, Line(line_no) + "must be a JSON object");
    LEADS_ASSIGN_OR_RETURN(Lead lead, LeadFromJson(v.get_object(), Line(line_no)));
    out.push_back({std::move(lead), Line(line_no)});
  }
  return out;
}

// RFC 4180: fields separated by commas, optionally quoted; "" escapes a
// quote; quoted fields may hold commas and newlines.
StatusOr<std::vector<std::vector<std::string>>> ParseCsvRows(std::string_view text, std::vector<size_t>* lines) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, field_started = false;
  size_t line = 1, row_line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') { field.push_back('"'); ++i; }
        else quoted = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && !field_started) { quoted = true; field_started = true; continue; }
    if (c == ',') { row.push_back(std::move(field)); field.clear(); field_started = false; continue; }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(row.size() == 1 && row[0].empty())) { rows.push_back(std::move(row)); lines->push_back(row_line); }
      row.clear();
      row_line = ++line;
      continue;
    }
    if (c == '"') return InvalidArgument(ErrorCode::kInvalidValue, Line(line) + "stray quote inside an unquoted CSV field");
    field.push_back(c);
    field_started = true;
  }
  if (quoted) return InvalidArgument(ErrorCode::kInvalidValue, Line(row_line) + "unterminated quoted CSV field");
  if (field_started || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
    lines->push_back(row_line);
  }
  return rows;
}

StatusOr<std::vector<IncomingLead>> ParseCsv(std::string_view text) {
  if (!IsValidUtf8(text)) {
    // Find the line for the message.
    size_t line = 1, start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == '\n') {
        if (!IsValidUtf8(text.substr(start, i - start)))
          return InvalidArgument(ErrorCode::kInvalidUtf8, Line(line) + "not valid UTF-8");
        ++line;
        start = i + 1;
      }
    }
  }
  std::vector<size_t> lines;
  LEADS_ASSIGN_OR_RETURN(auto rows, ParseCsvRows(text, &lines));
  if (rows.empty()) return std::vector<IncomingLead>{};
  std::vector<const FieldSpec*> columns;
  std::vector<bool> seen(kFieldCount, false);
  for (const auto& name : rows[0]) {
    const FieldSpec* spec = FindField(name);
    if (!spec) return InvalidArgument(ErrorCode::kUnknownField, Line(1) + "unknown column '" + name.substr(0, 64) + "'");
    if (seen[static_cast<size_t>(spec->field)])
      return InvalidArgument(ErrorCode::kDuplicateParameter, Line(1) + "column " + std::string(spec->push_name) + " given twice");
    seen[static_cast<size_t>(spec->field)] = true;
    columns.push_back(spec);
  }
  std::vector<IncomingLead> out;
  out.reserve(rows.size() - 1);
  for (size_t r = 1; r < rows.size(); ++r) {
    std::string where = Line(lines[r]);
    if (rows[r].size() != columns.size())
      return InvalidArgument(ErrorCode::kInvalidValue, where + "has " + std::to_string(rows[r].size()) +
                                                           " fields, the header has " + std::to_string(columns.size()));
    Lead lead;
    for (size_t c = 0; c < columns.size(); ++c) {
      LEADS_RETURN_IF_ERROR(CheckFieldValue(*columns[c], rows[r][c], where));
      lead.Set(columns[c]->field, std::move(rows[r][c]));
    }
    out.push_back({std::move(lead), where});
  }
  return out;
}

}  // namespace

StatusOr<std::vector<IncomingLead>> ParseLeadText(std::string_view text, std::string_view format) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (format == "jsonl" || format == "json") return ParseJsonLines(text);
  if (format == "csv") return ParseCsv(text);
  return InvalidArgument(ErrorCode::kInvalidValue, "file: format must be .jsonl or .csv");
}

StatusOr<std::vector<IncomingLead>> ReadLeadFile(const std::string& path) {
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != "jsonl" && ext != "json" && ext != "ndjson" && ext != "csv")
    return InvalidArgument(ErrorCode::kInvalidValue, "FILE: '" + path + "' must end in .jsonl or .csv");
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(ErrorCode::kInvalidValue, "FILE: cannot open '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  return ParseLeadText(text, ext == "csv" ? "csv" : "jsonl");
}

}  // namespace leads
