// `leadsctl pull`: walks a time range page by page with
// search_after_leads_id into a LeadSink, once or (--follow) as a standing
// incremental sync.
//
// State file (default OUT.state, JSON, replaced atomically after every page):
//   {"version":1, "start", "end", "time_type",      the pull's parameters
//    "walk": {"start","end","cursor"} | null,        the walk in progress
//    "synced_until": epoch | null, "cycles": n}      follow: last completed window end
// After a kill the next run continues the walk in progress after `cursor`;
// leads already in the output are never written again (the output file is
// the record of what was written; the state only saves re-fetching).
//
// Follow: each cycle walks [max(start, synced_until - lookback), now]; the
// lookback absorbs clock skew and leads whose time (per --time-type)
// trails their arrival. --full-every N walks the whole range every N
// cycles, for leads that arrive with a much older time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "client/output.h"
#include "common/clock.h"
#include "common/status.h"
#include "leads/client.h"

namespace leads::ctl {

struct PullOptions {
  std::string start, end;  // "yyyy-mm-dd" or epoch seconds; follow: end empty (= now)
  int time_type = 0;
  int page_size = 200;
  std::string out;
  OutputFormat format = OutputFormat::kJsonl;
  SinkOptions sink;
  std::string state_path;  // "" = out + ".state"
  bool follow = false;
  std::chrono::seconds interval{60};
  std::chrono::seconds lookback{600};
  int full_every = 0;
  int max_cycles = 0;  // follow: stop after this many cycles (0: until signalled)
};

struct PullStats {
  int64_t pages = 0, fetched = 0, added = 0, cycles = 0;
  int64_t in_file = 0;
  bool interrupted = false;
};

struct PullHooks {
  std::function<bool()> stop_requested;                // SIGINT/SIGTERM seen
  std::function<void(const std::string&)> progress;    // one status line (may be empty fn)
  std::function<void(const std::string&)> warn;        // a warning line
  std::function<void(std::chrono::milliseconds)> sleep;  // between follow cycles
  std::function<void(const PullStats&)> cycle_done;      // follow: after each completed sync
};

StatusOr<PullStats> RunPull(client::Client& client, const PullOptions& options, const Clock& clock,
                            const PullHooks& hooks);

// A client error as a Status (message from Error::ToString()).
Status FromClientError(const client::Error& e);

}  // namespace leads::ctl
