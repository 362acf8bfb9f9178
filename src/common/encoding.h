// Byte encodings used on the wire: base64, lowercase hex, JSON string
// escaping and UTF-8 validation. Pure functions, no allocation surprises.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leads {

std::string Base64Encode(std::string_view bytes);
// Strict standard base64 (with padding); nullopt on any other character or
// a bad length. Surrounding ASCII whitespace is tolerated.
std::optional<std::string> Base64Decode(std::string_view text);

std::string HexLower(std::string_view bytes);

// Appends `s` as a quoted JSON string. `s` must be valid UTF-8.
void AppendJsonString(std::string& out, std::string_view s);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);

// Constant-time equality of two byte strings (length may leak).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace leads
