// How the console runs (`leadsd serve --console-...`).
#pragma once

#include <cstdint>
#include <string>

namespace leads::console {

struct ConsoleOptions {
  // The built front end (web/dist). "" : the directory installed beside the
  // binary (../share/leads/console, then ./console-web), if any.
  std::string dir;
  // Cookies get `Secure` (and the __Host- prefix) always; otherwise only
  // when the request came through TLS (X-Forwarded-Proto: https).
  bool secure_cookies = false;
  int64_t session_idle_seconds = 12 * 3600;   // a session unused this long ends
  int64_t session_max_seconds = 7 * 86400;    // and any session after this
  int64_t sign_in_window_seconds = 15 * 60;   // failed sign-ins are counted over this window
  int64_t sign_in_max_per_user = 5;           // failures per username in the window
  int64_t sign_in_max_per_ip = 30;            // failures per client address in the window
  int64_t export_max_rows = 100000;           // CSV export bound
  bool allow_http_push = false;               // push URLs may be plain http:// (tests)
  int utc_offset = 8 * 3600;
};

}  // namespace leads::console
