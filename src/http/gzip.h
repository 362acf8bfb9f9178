// gzip for responses (real clients send Accept-Encoding: gzip).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace leads::http {

// True when an Accept-Encoding value accepts gzip (and not with q=0).
bool AcceptsGzip(std::string_view accept_encoding);

// gzip-compresses `data` (level 1: fast). nullopt on failure.
std::optional<std::string> Gzip(std::string_view data);

// Decompresses gzip data (for tests and the client). nullopt on failure.
std::optional<std::string> Gunzip(std::string_view data, size_t max_bytes = 64 << 20);

}  // namespace leads::http
