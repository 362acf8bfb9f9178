#include "push/push_url.h"

#include <boost/url/parse.hpp>
#include <cctype>

namespace leads::push {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

StatusOr<PushUrl> ParsePushUrl(std::string_view url, bool allow_http) {
  auto bad = [](const std::string& why) { return InvalidArgument(ErrorCode::kInvalidValue, "push URL " + why); };
  if (url.empty()) return bad("is not set");
  auto r = boost::urls::parse_absolute_uri(url);
  if (!r) return bad("is not an absolute URL");
  const auto& u = *r;
  PushUrl out;
  out.url = std::string(url);
  out.scheme = Lower(u.scheme());
  if (out.scheme != "https" && out.scheme != "http")
    return bad("must be https:// (got scheme '" + out.scheme.substr(0, 16) + "')");
  if (!u.has_authority() || u.encoded_host().empty()) return bad("has no host");
  out.host = Lower(u.encoded_host());
  if (u.has_port()) {
    if (u.port_number() == 0) return bad("has an invalid port");
    out.port = u.port_number();
  } else {
    out.port = out.scheme == "https" ? 443 : 80;
  }
  out.endpoint = out.scheme + "://" + out.host + ":" + std::to_string(out.port);
  out.display = out.scheme + "://" + out.host + (u.has_port() ? ":" + std::to_string(out.port) : "") +
                std::string(u.encoded_path().empty() ? "/" : std::string_view(u.encoded_path()));
  if (out.scheme == "http" && !allow_http)
    return bad(out.display + " is plain http://; pushes need https:// unless the server runs with --allow-http-push");
  return out;
}

}  // namespace leads::push
