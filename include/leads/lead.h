// leads client library: a lead as the platform sends it (API.md §6).
//
// Fields are kept by name, exactly as received and in the order received,
// so a field the platform adds later is not lost. Values are text: JSON
// numbers as their decimal digits, strings as they are (JSON-in-text fields
// such as `bundle` stay text), null as "". Pull and push name six fields
// differently (`leads_age` / `age`, ...); Get() accepts either name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leads/result.h"

namespace leads::client {

class Lead {
 public:
  Lead() = default;

  // Parses one lead object (a pull list item or a push body). Fails when
  // the text is not a JSON object or `leads_id` is not a positive integer.
  static Result<Lead> FromJson(std::string_view json);

  // leads_id.
  int64_t id() const { return id_; }

  // The value of `name` (push or pull spelling); "" when absent.
  std::string Get(std::string_view name) const;
  // The value of `name`, or nullopt when the lead does not carry it.
  std::optional<std::string> Find(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name).has_value(); }

  // Every field as received, in order.
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
  // The object as compact JSON (types as received).
  const std::string& json() const { return json_; }

 private:
  int64_t id_ = 0;
  std::vector<std::pair<std::string, std::string>> fields_;
  std::string json_;
};

// The field names of a pull list item, in the document's order (the push
// fields with the pull spellings, then leads_come_from and page_tools).
const std::vector<std::string>& PullFieldNames();
// The field names of a push body, in the document's order.
const std::vector<std::string>& PushFieldNames();

}  // namespace leads::client
