// Human labels, in Chinese and English, for the lead fields and the enum
// values the console shows (API.md §6, §7). The front end receives them
// from GET /console/api/meta, and the CSV export uses them for its header
// row and values, so one table serves both.
#pragma once

#include <string>
#include <string_view>

#include "model/lead.h"

namespace leads::console {

enum class Lang { kZh, kEn };

// The field's label ("线索姓名" / "Name").
std::string_view FieldLabel(Field f, Lang lang);
// The label of an enum value of the field, or "" when the field has no
// enum or the value is not one.
std::string_view ValueLabel(Field f, std::string_view value, Lang lang);

// The meta document: {"fields": [{name, zh, en, group}], "enums": {name:
// [{value, zh, en}]}} (enum names: leads_type, leads_source,
// leads_follow_tag, leads_touch_tag, leads_gender, leads_come_from,
// account_type, leads_sub_type, leads_sub_source, industry, scope, role,
// convert_status, ineffect_reason).
std::string MetaJson();

}  // namespace leads::console
