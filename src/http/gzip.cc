#include "http/gzip.h"

#include <zlib.h>

#include <cctype>

namespace leads::http {

bool AcceptsGzip(std::string_view v) {
  size_t pos = 0;
  while (pos < v.size()) {
    size_t comma = v.find(',', pos);
    std::string_view item = v.substr(pos, comma == std::string_view::npos ? v.npos : comma - pos);
    pos = comma == std::string_view::npos ? v.size() : comma + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string lower;
    for (char c : item) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower.starts_with("gzip") || lower.starts_with("*")) {
      auto q = lower.find("q=");
      if (q != std::string::npos) {
        std::string_view qv = std::string_view(lower).substr(q + 2);
        bool zero = !qv.empty() && qv[0] == '0';
        for (char c : qv.substr(1)) zero = zero && (c == '.' || c == '0' || c == ' ');
        if (zero) continue;
      }
      return true;
    }
  }
  return false;
}

std::optional<std::string> Gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> Gunzip(std::string_view data, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return std::nullopt;
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc != Z_STREAM_END && out.size() <= max_bytes && (zs.avail_in > 0 || zs.avail_out == 0));
  inflateEnd(&zs);
  if (rc != Z_STREAM_END || out.size() > max_bytes) return std::nullopt;
  return out;
}

}  // namespace leads::http
