#include "intel/json_text.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

namespace leads::intel {
namespace {

void Write(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
      out.append(buf, r.ptr);
      return;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [k, x] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(boost::json::value(boost::json::string_view(k)));
        out += ':';
        Write(x, out);
      }
      out += '}';
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v.get_array()) {
        if (!first) out += ',';
        first = false;
        Write(x, out);
      }
      out += ']';
      return;
    }
    default:
      out += boost::json::serialize(v);
  }
}

}  // namespace

std::string JsonText(const boost::json::value& v) {
  std::string out;
  Write(v, out);
  return out;
}

}  // namespace leads::intel
