// JSON text for what intel prints and answers: like boost::json::serialize,
// but numbers that are not integers are written in plain decimal form
// (0.8517, 250.5) rather than Boost's exponent form (8.517E-1), which people
// and spreadsheet tools read more easily.
#pragma once

#include <boost/json/value.hpp>
#include <string>

namespace leads::intel {

std::string JsonText(const boost::json::value& v);

}  // namespace leads::intel
