// How leadsd's commands report a failed Status: "error: MESSAGE (code N)"
// on stderr, and exit status 2 for input the caller must fix (bad flags or
// values, unknown or duplicate things), 1 for everything else.
#pragma once

#include <iostream>

#include "common/status.h"

namespace leads::cli {

inline int Fail(const Status& s) {
  std::cerr << "error: " << s.message() << " (code " << s.code() << ")\n";
  const bool caller_fixes = s.reason() == Reason::kInvalidArgument || s.reason() == Reason::kNotFound ||
                            s.reason() == Reason::kAlreadyExists;
  return caller_fixes ? 2 : 1;
}

}  // namespace leads::cli
