#include "console/csv_export.h"

#include <boost/json.hpp>

namespace leads::console {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

CsvWriter::CsvWriter(Lang lang) : lang_(lang) {
  out_ = "\xEF\xBB\xBF";  // BOM: Excel reads the file as UTF-8
  bool first = true;
  for (const auto& spec : FieldTable()) {
    if (!first) out_ += ',';
    first = false;
    AppendCell(out_, FieldLabel(spec.field, lang_));
  }
  out_ += "\r\n";
}

void CsvWriter::AppendCell(std::string& out, std::string_view v) {
  out += '"';
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    out += '\'';
  else if (v.size() >= 11 && AllDigits(v))
    out += '\t';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void CsvWriter::AddDoc(std::string_view doc) {
  boost::system::error_code ec;
  auto v = boost::json::parse(doc, ec);
  if (ec || !v.is_object()) return;
  const auto& o = v.get_object();
  bool first = true;
  for (const auto& spec : FieldTable()) {
    if (!first) out_ += ',';
    first = false;
    std::string text;
    if (auto* f = o.if_contains(spec.pull_name)) {
      if (f->is_string()) text = std::string(f->get_string());
      else if (f->is_int64()) text = std::to_string(f->get_int64());
      else if (f->is_uint64()) text = std::to_string(f->get_uint64());
    }
    std::string_view label = ValueLabel(spec.field, text, lang_);
    AppendCell(out_, label.empty() ? std::string_view(text) : label);
  }
  out_ += "\r\n";
}

}  // namespace leads::console
