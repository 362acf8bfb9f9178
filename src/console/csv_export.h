// The CSV export of a lead filter, made for Excel: UTF-8 with a BOM, CRLF
// line ends, every field quoted, a header row of field labels, enum values
// as labels, long digit strings kept as text (a tab before them, so Excel
// neither rounds a phone number nor shows it as 1.38E+10), and cells that
// would start a formula (= + - @) prefixed with ' (CSV injection).
#pragma once

#include <string>
#include <string_view>

#include "console/labels.h"

namespace leads::console {

class CsvWriter {
 public:
  explicit CsvWriter(Lang lang);
  // Appends one lead's row from its pull document (bad documents are skipped).
  void AddDoc(std::string_view doc);
  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

  // One cell, quoted and escaped (exposed for tests).
  static void AppendCell(std::string& out, std::string_view value);

 private:
  Lang lang_;
  std::string out_;
};

}  // namespace leads::console
