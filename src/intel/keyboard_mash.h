// Keyboard mashing: text that is typed, not written — "asdfgh", "qwerqwer",
// "jjjjjj", "xkcdqzt", "啊啊啊", a name of only digits, "测试"/"test".
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace leads::intel {

// Why `text` looks mashed, or nullopt. `is_name`: also names of digits and
// test entries. Short text (under 4 letters) is never mashing, except
// repeated characters and test entries in names.
std::optional<std::string> MashReason(std::string_view text, bool is_name);

// The string values of a JSON text (questions and answers of custom_qa /
// layer_form_content), without building a DOM; escapes other than \" and a backslash
// are kept as written. At most `max` values.
void JsonStringValues(std::string_view json, size_t max, const std::function<void(std::string_view)>& f);

}  // namespace leads::intel
