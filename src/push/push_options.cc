#include "push/push_options.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace leads::push {

StatusOr<std::chrono::milliseconds> ParseDuration(std::string_view text, std::string_view flag) {
  std::string s(text);
  double scale = 1000.0;
  if (s.ends_with("ms")) {
    scale = 1.0;
    s.resize(s.size() - 2);
  } else if (s.ends_with("s")) {
    s.resize(s.size() - 1);
  }
  char* end = nullptr;
  double v = s.empty() ? -1 : std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v) || v <= 0 || v * scale > 3600e3 ||
      v * scale < 1)
    return InvalidArgument(ErrorCode::kInvalidValue, std::string(flag) + ": '" + std::string(text) +
                                                         "' is not a duration (e.g. 5, 1.5, 500ms) up to an hour");
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(v * scale)));
}

}  // namespace leads::push
