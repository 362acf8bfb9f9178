#include "model/lead.h"

#include <charconv>

#include <boost/json.hpp>

#include "common/encoding.h"
#include "common/time_format.h"
#include "model/enums.h"

namespace leads {
namespace {

#define LEADS_FIELD_SPEC_(id, push, pull, pk, lk, check, in_push) \
  FieldSpec{Field::id, push, pull, JsonKind::pk, JsonKind::lk, FieldCheck::check, in_push},
constexpr std::array<FieldSpec, kFieldCount> kFields{LEADS_FIELD_LIST(LEADS_FIELD_SPEC_)};
#undef LEADS_FIELD_SPEC_

template <typename E>
bool IsEnumValue(std::string_view v) {
  return Parse<E>(v).has_value();
}

bool IsInteger(std::string_view v) {
  if (v.empty() || v.size() > 19) return false;
  size_t i = v[0] == '-' ? 1 : 0;
  if (i == v.size()) return false;
  for (; i < v.size(); ++i)
    if (v[i] < '0' || v[i] > '9') return false;
  int64_t out;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && p == v.data() + v.size();
}

void AppendValue(std::string& out, std::string_view name, JsonKind kind, const std::string& v,
                 bool& first) {
  if (kind == JsonKind::kIntOptional && v.empty()) return;
  if (!first) out.push_back(',');
  first = false;
  out.push_back('"');  // field names are plain ASCII: no escaping needed
  out.append(name);
  out.append("\":", 2);
  if (kind == JsonKind::kString) {
    AppendJsonString(out, v);
  } else {
    out += v.empty() ? std::string_view("0") : std::string_view(v);
  }
}

}  // namespace

const std::array<FieldSpec, kFieldCount>& FieldTable() { return kFields; }

const FieldSpec& Spec(Field f) { return kFields[static_cast<size_t>(f)]; }

namespace {
// FNV-1a, for the name -> field table below.
constexpr uint32_t Hash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

// An open-addressing table of push and pull names, built at compile time.
struct NameTable {
  static constexpr size_t kSlots = 512;
  std::array<int16_t, kSlots> slot{};
  constexpr NameTable() {
    for (auto& v : slot) v = -1;
    for (size_t i = 0; i < kFieldCount; ++i) {
      Insert(kFields[i].push_name, static_cast<int16_t>(i));
      if (kFields[i].pull_name != kFields[i].push_name) Insert(kFields[i].pull_name, static_cast<int16_t>(i));
    }
  }
  constexpr void Insert(std::string_view name, int16_t field) {
    size_t h = Hash(name) % kSlots;
    while (slot[h] >= 0) h = (h + 1) % kSlots;
    slot[h] = field;
  }
};
constexpr NameTable kNames;
}  // namespace

const FieldSpec* FindField(std::string_view name) {
  for (size_t h = Hash(name) % NameTable::kSlots; kNames.slot[h] >= 0; h = (h + 1) % NameTable::kSlots) {
    const FieldSpec& s = kFields[static_cast<size_t>(kNames.slot[h])];
    if (s.push_name == name || s.pull_name == name) return &s;
  }
  return nullptr;
}

std::string Lead::RenderPull() const {
  std::string out;
  out.reserve(1536);
  out.push_back('{');
  bool first = true;
  for (const auto& s : kFields)
    AppendValue(out, s.pull_name, s.pull_kind, values_[static_cast<size_t>(s.field)], first);
  out.push_back('}');
  return out;
}

std::string Lead::RenderPush() const {
  std::string out;
  out.reserve(1536);
  out.push_back('{');
  bool first = true;
  for (const auto& s : kFields)
    if (s.in_push)
      AppendValue(out, s.push_name, s.push_kind, values_[static_cast<size_t>(s.field)], first);
  out.push_back('}');
  return out;
}

Status CheckFieldValue(const FieldSpec& spec, std::string_view v, std::string_view where) {
  auto fail = [&](ErrorCode code, std::string_view what) {
    return InvalidArgument(code, std::string(where) + std::string(spec.push_name) + ": " +
                                     std::string(what));
  };
  if (v.size() > kMaxFieldBytes) return fail(ErrorCode::kInvalidValue, "longer than 65536 bytes");
  if (v.empty()) return Status::Ok();
  bool ok = true;
  switch (spec.check) {
    case FieldCheck::kText: return Status::Ok();
    case FieldCheck::kInt:
      if (!IsInteger(v) || v[0] == '-') return fail(ErrorCode::kInvalidValue, "not a non-negative integer: '" + std::string(v.substr(0, 40)) + "'");
      return Status::Ok();
    case FieldCheck::kDateTime:
      if (!ParseDateTime(v, kChinaOffsetSeconds))
        return fail(ErrorCode::kInvalidTime, "not yyyy-mm-dd HH:MM:SS: '" + std::string(v.substr(0, 40)) + "'");
      return Status::Ok();
    case FieldCheck::kAccountType: ok = IsEnumValue<AccountType>(v); break;
    case FieldCheck::kLeadsType: ok = IsEnumValue<LeadsType>(v); break;
    case FieldCheck::kLeadsSubType: ok = IsEnumValue<LeadsSubType>(v); break;
    case FieldCheck::kLeadsSource: ok = IsEnumValue<LeadsSource>(v); break;
    case FieldCheck::kLeadsSubSource: ok = IsEnumValue<LeadsSubSource>(v); break;
    case FieldCheck::kTouchTag: ok = IsEnumValue<TouchTag>(v); break;
    case FieldCheck::kFollowTag: ok = IsEnumValue<FollowTag>(v); break;
    case FieldCheck::kGender: ok = IsEnumValue<Gender>(v); break;
    case FieldCheck::kComeFrom: ok = IsEnumValue<ComeFrom>(v); break;
  }
  if (!ok) return fail(ErrorCode::kUnknownEnum, "unknown enum value '" + std::string(v.substr(0, 80)) + "'");
  return Status::Ok();
}

StatusOr<Lead> LeadFromJson(const boost::json::object& obj, std::string_view where) {
  Lead lead;
  std::array<bool, kFieldCount> seen{};
  for (const auto& kv : obj) {
    std::string_view key(kv.key().data(), kv.key().size());
    const FieldSpec* spec = FindField(key);
    if (!spec)
      return InvalidArgument(ErrorCode::kUnknownField,
                             std::string(where) + "unknown field '" + std::string(key.substr(0, 64)) + "'");
    size_t idx = static_cast<size_t>(spec->field);
    if (seen[idx])
      return InvalidArgument(ErrorCode::kDuplicateParameter,
                             std::string(where) + std::string(spec->push_name) + ": given twice (push and pull name)");
    seen[idx] = true;
    const auto& v = kv.value();
    std::string text;
    if (v.is_string()) {
      text.assign(v.get_string().data(), v.get_string().size());
    } else if (v.is_int64()) {
      text = std::to_string(v.get_int64());
    } else if (v.is_uint64()) {
      text = std::to_string(v.get_uint64());
    } else if (v.is_null()) {
      // not set
    } else {
      return InvalidArgument(ErrorCode::kWrongType, std::string(where) + std::string(spec->push_name) +
                                                        ": must be a string or an integer");
    }
    LEADS_RETURN_IF_ERROR(CheckFieldValue(*spec, text, where));
    lead.Set(spec->field, std::move(text));
  }
  return lead;
}

StatusOr<Lead> ParseStoredLead(std::string_view doc) {
  boost::system::error_code ec;
  auto v = boost::json::parse(doc, ec);
  if (ec || !v.is_object()) return Internal(ErrorCode::kInternal, "stored lead document is corrupt");
  return LeadFromJson(v.get_object(), "stored lead: ");
}

}  // namespace leads
