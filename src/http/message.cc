#include "http/message.h"

#include <strings.h>

namespace leads::http {

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return {};
}

}  // namespace leads::http
