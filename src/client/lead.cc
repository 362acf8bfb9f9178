#include "leads/lead.h"

#include <boost/json.hpp>

#include "model/lead.h"

namespace leads::client {

std::string Error::ToString() const {
  std::string s;
  switch (kind_) {
    case Kind::kApi: s = "code " + std::to_string(code_) + ": " + message_; break;
    case Kind::kHttp:
      s = "HTTP " + std::to_string(http_status_) + (code_ ? " code " + std::to_string(code_) : std::string()) + ": " +
          message_;
      break;
    case Kind::kTransport: s = std::string(timed_out_ ? "timeout: " : "transport: ") + message_; break;
    case Kind::kProtocol: s = "bad response: " + message_; break;
    case Kind::kInvalidArgument: s = "invalid argument: " + message_; break;
    case Kind::kRejected: s = "rejected (code " + std::to_string(code_) + "): " + message_; break;
  }
  if (attempts_ > 1) s += " (after " + std::to_string(attempts_) + " attempts)";
  return s;
}

namespace {

std::string ValueText(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::string: return std::string(v.get_string());
    case boost::json::kind::null: return {};
    case boost::json::kind::int64: return std::to_string(v.get_int64());
    case boost::json::kind::uint64: return std::to_string(v.get_uint64());
    case boost::json::kind::bool_: return v.get_bool() ? "true" : "false";
    default: return boost::json::serialize(v);  // double, object, array
  }
}

}  // namespace

Result<Lead> Lead::FromJson(std::string_view json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec) return Error(Error::Kind::kProtocol, "lead is not valid JSON: " + ec.message());
  if (!v.is_object()) return Error(Error::Kind::kProtocol, "lead is not a JSON object");
  const auto& o = v.get_object();
  Lead lead;
  lead.fields_.reserve(o.size());
  for (const auto& kv : o) lead.fields_.emplace_back(std::string(kv.key()), ValueText(kv.value()));
  auto id = o.find("leads_id");
  if (id == o.end()) return Error(Error::Kind::kProtocol, "lead has no leads_id");
  const auto& iv = id->value();
  if (iv.is_int64() && iv.get_int64() > 0) {
    lead.id_ = iv.get_int64();
  } else if (iv.is_uint64() && iv.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    lead.id_ = static_cast<int64_t>(iv.get_uint64());
  } else if (iv.is_string() && !iv.get_string().empty() && iv.get_string().size() <= 19) {
    int64_t n = 0;
    for (char c : iv.get_string()) {
      if (c < '0' || c > '9') return Error(Error::Kind::kProtocol, "leads_id is not a positive integer");
      n = n * 10 + (c - '0');
    }
    lead.id_ = n;
  }
  if (lead.id_ <= 0) return Error(Error::Kind::kProtocol, "leads_id is not a positive integer");
  lead.json_ = boost::json::serialize(o);
  return lead;
}

std::optional<std::string> Lead::Find(std::string_view name) const {
  for (const auto& [k, v] : fields_)
    if (k == name) return v;
  // The other spelling (pull `leads_age` <-> push `age`).
  if (const FieldSpec* spec = FindField(name)) {
    std::string_view other = spec->pull_name == name ? spec->push_name : spec->pull_name;
    if (other != name)
      for (const auto& [k, v] : fields_)
        if (k == other) return v;
  }
  return std::nullopt;
}

std::string Lead::Get(std::string_view name) const { return Find(name).value_or(std::string()); }

const std::vector<std::string>& PullFieldNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> v;
    for (const auto& s : FieldTable()) v.emplace_back(s.pull_name);
    return v;
  }();
  return kNames;
}

const std::vector<std::string>& PushFieldNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> v;
    for (const auto& s : FieldTable())
      if (s.in_push) v.emplace_back(s.push_name);
    return v;
  }();
  return kNames;
}

}  // namespace leads::client
