#include "client/csv.h"

namespace leads::ctl {

void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    const std::string& f = fields[i];
    bool quote = f.find_first_of(",\"\r\n") != std::string::npos ||
                 (!f.empty() && (f.front() == ' ' || f.back() == ' ' || f.front() == '\t'));
    if (!quote) {
      out += f;
      continue;
    }
    out.push_back('"');
    for (char c : f) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out += "\r\n";
}

CsvParse ParseCsv(std::string_view text, bool last_line_complete) {
  CsvParse out;
  size_t pos = 0;
  if (text.starts_with(kUtf8Bom)) {
    out.bom = true;
    pos = kUtf8Bom.size();
  }
  out.complete_bytes = pos;
  CsvRecord rec;
  std::string field;
  bool in_quotes = false, field_started = false;
  auto end_record = [&](size_t end) {
    rec.fields.push_back(std::move(field));
    field.clear();
    rec.end_offset = end;
    out.records.push_back(std::move(rec));
    rec = CsvRecord();
    out.complete_bytes = end;
    field_started = false;
  };
  while (pos < text.size()) {
    char c = text[pos];
    if (in_quotes) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field.push_back('"');
          pos += 2;
          continue;
        }
        in_quotes = false;
      } else {
        field.push_back(c);
      }
      ++pos;
      continue;
    }
    if (c == '"' && field.empty() && !field_started) {
      in_quotes = true;
      field_started = true;
      ++pos;
    } else if (c == ',') {
      rec.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
      ++pos;
    } else if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') {
      end_record(pos + 2);
      pos += 2;
    } else if (c == '\n') {
      end_record(pos + 1);
      pos += 1;
    } else {
      field.push_back(c);
      field_started = true;
      ++pos;
    }
  }
  bool pending = field_started || !field.empty() || !rec.fields.empty() || in_quotes;
  if (pending) {
    if (last_line_complete && !in_quotes) {
      end_record(text.size());
    } else {
      out.torn = true;
    }
  }
  return out;
}

}  // namespace leads::ctl
