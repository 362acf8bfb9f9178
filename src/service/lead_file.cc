// Reading lead files for intake: JSON Lines and CSV.
#include <boost/json.hpp>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/encoding.h"
#include "service/lead_file.h"

namespace leads {
namespace {

std::string Line(size_t n) { return "line " + std::to_string(n) + ": "; }

// JSON Lines, from a file read in blocks (or from text held whole).
class JsonLinesReader final : public LeadFileReader {
 public:
  JsonLinesReader(std::unique_ptr<std::istream> in, std::string text) : in_(std::move(in)), buf_(std::move(text)) {}

  StatusOr<size_t> Next(std::vector<IncomingLead>& out, size_t max) override {
    size_t n = 0;
    while (n < max) {
      std::string_view line;
      if (!NextLine(line)) break;
      ++line_no_;
      if (line_no_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      // The parsed tree lives in a per-line arena: no allocation per value.
      boost::json::monotonic_resource arena(scratch_, sizeof scratch_);
      parser_.reset(&arena);
      struct Detach {  // the parser lets go of the arena (and any partial value) before it ends
        boost::json::stream_parser& p;
        ~Detach() { p.reset(); }
      } detach{parser_};
      boost::system::error_code ec;
      parser_.write(line, ec);
      if (!ec) parser_.finish(ec);
      if (ec) {
        if (!IsValidUtf8(line)) return InvalidArgument(ErrorCode::kInvalidUtf8, Line(line_no_) + "not valid UTF-8");
        return InvalidArgument(ErrorCode::kBodyNotJson, Line(line_no_) + "not valid JSON (" + ec.message() + ")");
      }
      boost::json::value v = parser_.release();
      if (!v.is_object()) return InvalidArgument(ErrorCode::kBodyNotObject, Line(line_no_) + "must be a JSON object");
      LEADS_ASSIGN_OR_RETURN(Lead lead, LeadFromJson(v.get_object(), Line(line_no_)));
      out.push_back({std::move(lead), Line(line_no_)});
      ++n;
    }
    if (in_ && in_->bad()) return InvalidArgument(ErrorCode::kInvalidValue, "FILE: read error after line " +
                                                                              std::to_string(line_no_));
    return n;
  }

 private:
  // The next line (without its '\n'); false at the end of the input.
  bool NextLine(std::string_view& line) {
    for (;;) {
      const size_t nl = buf_.find('\n', pos_);
      if (nl != std::string::npos) {
        line = std::string_view(buf_).substr(pos_, nl - pos_);
        pos_ = nl + 1;
        return true;
      }
      if (!in_ || !*in_) {  // the last line has no '\n'
        if (pos_ >= buf_.size()) return false;
        line = std::string_view(buf_).substr(pos_);
        pos_ = buf_.size();
        return true;
      }
      buf_.erase(0, pos_);
      pos_ = 0;
      const size_t have = buf_.size();
      buf_.resize(have + kBlock);
      in_->read(buf_.data() + have, kBlock);
      buf_.resize(have + static_cast<size_t>(in_->gcount()));
    }
  }

  static constexpr size_t kBlock = 1 << 20;
  std::unique_ptr<std::istream> in_;  // null: buf_ holds the whole text
  std::string buf_;
  size_t pos_ = 0, line_no_ = 0;
  boost::json::stream_parser parser_;
  unsigned char scratch_[16384];
};

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

// CSV: parsed into rows as a whole (a quoted field may hold newlines), then
// turned into leads a batch at a time.
class CsvReader final : public LeadFileReader {
 public:
  static StatusOr<std::unique_ptr<LeadFileReader>> Parse(std::string_view text) {
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
    auto r = std::make_unique<CsvReader>();
    LEADS_ASSIGN_OR_RETURN(r->rows_, ParseCsvRows(text, &r->lines_));
    if (!r->rows_.empty()) {
      std::vector<bool> seen(kFieldCount, false);
      for (const auto& name : r->rows_[0]) {
        const FieldSpec* spec = FindField(name);
        if (!spec)
          return InvalidArgument(ErrorCode::kUnknownField, Line(1) + "unknown column '" + name.substr(0, 64) + "'");
        if (seen[static_cast<size_t>(spec->field)])
          return InvalidArgument(ErrorCode::kDuplicateParameter,
                                 Line(1) + "column " + std::string(spec->push_name) + " given twice");
        seen[static_cast<size_t>(spec->field)] = true;
        r->columns_.push_back(spec);
      }
    }
    return std::unique_ptr<LeadFileReader>(std::move(r));
  }

  StatusOr<size_t> Next(std::vector<IncomingLead>& out, size_t max) override {
    size_t n = 0;
    for (; n < max && next_ < rows_.size(); ++n, ++next_) {
      auto& row = rows_[next_];
      std::string where = Line(lines_[next_]);
      if (row.size() != columns_.size())
        return InvalidArgument(ErrorCode::kInvalidValue, where + "has " + std::to_string(row.size()) +
                                                             " fields, the header has " +
                                                             std::to_string(columns_.size()));
      Lead lead;
      for (size_t c = 0; c < columns_.size(); ++c) {
        LEADS_RETURN_IF_ERROR(CheckFieldValue(*columns_[c], row[c], where));
        lead.Set(columns_[c]->field, std::move(row[c]));
      }
      out.push_back({std::move(lead), std::move(where)});
      std::vector<std::string>().swap(row);  // what is read is let go
    }
    return n;
  }

 private:
  std::vector<std::vector<std::string>> rows_;  // rows_[0] is the header
  std::vector<size_t> lines_;
  std::vector<const FieldSpec*> columns_;
  size_t next_ = 1;
};

}  // namespace

StatusOr<std::unique_ptr<LeadFileReader>> LeadFileReader::FromText(std::string text, std::string_view format) {
  if (format == "jsonl" || format == "json")
    return std::unique_ptr<LeadFileReader>(std::make_unique<JsonLinesReader>(nullptr, std::move(text)));
  if (format == "csv") {
    std::string_view t = text;
    if (t.starts_with("\xEF\xBB\xBF")) t.remove_prefix(3);
    return CsvReader::Parse(t);
  }
  return InvalidArgument(ErrorCode::kInvalidValue, "file: format must be .jsonl or .csv");
}

StatusOr<std::unique_ptr<LeadFileReader>> LeadFileReader::Open(const std::string& path) {
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos ? "" : path.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != "jsonl" && ext != "json" && ext != "ndjson" && ext != "csv")
    return InvalidArgument(ErrorCode::kInvalidValue, "FILE: '" + path + "' must end in .jsonl or .csv");
  auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in) return InvalidArgument(ErrorCode::kInvalidValue, "FILE: cannot open '" + path + "'");
  if (ext != "csv") return std::unique_ptr<LeadFileReader>(std::make_unique<JsonLinesReader>(std::move(in), ""));
  std::stringstream ss;
  ss << in->rdbuf();
  return FromText(ss.str(), "csv");
}

StatusOr<std::vector<IncomingLead>> ParseLeadText(std::string_view text, std::string_view format) {
  LEADS_ASSIGN_OR_RETURN(auto reader, LeadFileReader::FromText(std::string(text), format));
  std::vector<IncomingLead> out;
  for (;;) {
    LEADS_ASSIGN_OR_RETURN(size_t n, reader->Next(out, 4096));
    if (n == 0) return out;
  }
}

}  // namespace leads
