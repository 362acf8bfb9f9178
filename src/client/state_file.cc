#include "client/state_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

namespace leads::ctl {

StatusOr<std::optional<boost::json::object>> ReadStateFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return std::optional<boost::json::object>();
    return Internal(ErrorCode::kInternal, "cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  auto v = boost::json::parse(ss.str(), ec);
  if (ec || !v.is_object())
    return InvalidArgument(ErrorCode::kInvalidValue, path + " is not a leadsctl state file (not a JSON object)");
  return std::optional<boost::json::object>(std::move(v.as_object()));
}

Status WriteStateFile(const std::string& path, const boost::json::object& state) {
  std::string tmp = path + ".tmp";
  std::string text = boost::json::serialize(state) + "\n";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Internal(ErrorCode::kInternal, "cannot write " + tmp + ": " + std::strerror(errno));
  std::string_view rest = text;
  while (!rest.empty()) {
    ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return Internal(ErrorCode::kInternal, "cannot write " + tmp + ": " + std::strerror(e));
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  ::close(fd);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return Internal(ErrorCode::kInternal, "cannot replace " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

void RemoveStateFile(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  std::filesystem::remove(path + ".tmp", ec);
}

}  // namespace leads::ctl
