// Small JSON files that leadsctl keeps beside its output (the pull state,
// the report progress): replaced atomically (write a temporary file, then
// rename), so a killed process leaves the old or the new version, never a
// torn one.
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "common/status.h"

namespace leads::ctl {

// nullopt when the file does not exist; an error when it is not a JSON object.
StatusOr<std::optional<boost::json::object>> ReadStateFile(const std::string& path);
Status WriteStateFile(const std::string& path, const boost::json::object& state);
void RemoveStateFile(const std::string& path);

}  // namespace leads::ctl
