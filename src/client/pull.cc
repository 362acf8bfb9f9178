#include "client/pull.h"

#include <boost/json.hpp>

#include "client/state_file.h"
#include "common/time_format.h"

namespace leads::ctl {
namespace {

constexpr int kStateVersion = 1;

struct Walk {
  std::string start, end;
  std::optional<int64_t> cursor;
};

struct State {
  std::optional<Walk> walk;
  std::optional<int64_t> synced_until;
  int64_t cycles = 0;
};

boost::json::object ToJson(const PullOptions& o, const State& s) {
  boost::json::object j{{"version", kStateVersion}, {"start", o.start}, {"end", o.end},
                        {"time_type", o.time_type}, {"cycles", s.cycles}};
  if (s.walk) {
    boost::json::object w{{"start", s.walk->start}, {"end", s.walk->end}};
    if (s.walk->cursor) w["cursor"] = *s.walk->cursor;
    else w["cursor"] = nullptr;
    j["walk"] = std::move(w);
  } else {
    j["walk"] = nullptr;
  }
  if (s.synced_until) j["synced_until"] = *s.synced_until;
  else j["synced_until"] = nullptr;
  return j;
}

StatusOr<State> FromJson(const std::string& path, const PullOptions& o, const boost::json::object& j) {
  auto str = [&](const char* k) -> std::string {
    auto it = j.find(k);
    return it != j.end() && it->value().is_string() ? std::string(it->value().get_string()) : std::string();
  };
  auto integer = [](const boost::json::value* v) -> std::optional<int64_t> {
    if (v && v->is_int64()) return v->get_int64();
    return std::nullopt;
  };
  auto mismatch = [&](const std::string& what) {
    return InvalidArgument(ErrorCode::kInvalidValue,
                           "state file " + path + " belongs to another pull (" + what +
                               " differs); remove it or pass --state to use another one");
  };
  if (integer(j.if_contains("version")) != kStateVersion)
    return InvalidArgument(ErrorCode::kInvalidValue, path + " is not a leadsctl pull state file (version)");
  if (str("start") != o.start) return mismatch("--start");
  if (str("end") != o.end) return mismatch("--end");
  if (integer(j.if_contains("time_type")) != o.time_type) return mismatch("--time-type");
  State s;
  s.cycles = integer(j.if_contains("cycles")).value_or(0);
  s.synced_until = integer(j.if_contains("synced_until"));
  if (auto* w = j.if_contains("walk"); w && w->is_object()) {
    const auto& wo = w->get_object();
    Walk walk;
    if (auto* v = wo.if_contains("start"); v && v->is_string()) walk.start = std::string(v->get_string());
    if (auto* v = wo.if_contains("end"); v && v->is_string()) walk.end = std::string(v->get_string());
    walk.cursor = integer(wo.if_contains("cursor"));
    if (walk.start.empty() || walk.end.empty())
      return InvalidArgument(ErrorCode::kInvalidValue, path + ": walk without start/end");
    s.walk = std::move(walk);
  }
  return s;
}

}  // namespace

Status FromClientError(const client::Error& e) {
  Reason r = e.retryable()                          ? Reason::kUnavailable
             : e.kind() == client::Error::Kind::kApi ? Reason::kInvalidArgument
                                                     : Reason::kInternal;
  return Status(r, e.code() ? e.code() : Code(ErrorCode::kInternal), e.ToString());
}

StatusOr<PullStats> RunPull(client::Client& client, const PullOptions& o, const Clock& clock, const PullHooks& hooks) {
  auto stop = [&] { return hooks.stop_requested && hooks.stop_requested(); };
  auto progress = [&](const std::string& line) {
    if (hooks.progress) hooks.progress(line);
  };
  auto warn = [&](const std::string& line) {
    if (hooks.warn) hooks.warn(line);
  };
  const std::string state_path = o.state_path.empty() ? o.out + ".state" : o.state_path;
  auto start_epoch = ParseRangeBound(o.start, false, kChinaOffsetSeconds);
  if (!start_epoch)
    return InvalidArgument(ErrorCode::kInvalidTime, "--start must be yyyy-mm-dd or 10-digit epoch seconds");
  if (!o.follow) {
    if (o.end.empty()) return InvalidArgument(ErrorCode::kMissingParameter, "--end is required (or use --follow)");
    if (!ParseRangeBound(o.end, true, kChinaOffsetSeconds))
      return InvalidArgument(ErrorCode::kInvalidTime, "--end must be yyyy-mm-dd or 10-digit epoch seconds");
  } else if (!o.end.empty()) {
    return InvalidArgument(ErrorCode::kInvalidValue, "--follow syncs up to now: do not give --end");
  }

  State state;
  SinkOptions sink_options = o.sink;
  Status state_error;
  if (o.sink.overwrite) {
    RemoveStateFile(state_path);
  } else {
    LEADS_ASSIGN_OR_RETURN(auto saved, ReadStateFile(state_path));
    if (saved) {
      auto loaded = FromJson(state_path, o, *saved);
      if (loaded.ok()) state = std::move(*loaded);
      else state_error = loaded.status();
    }
  }
  LEADS_ASSIGN_OR_RETURN(auto sink, OpenSink(o.out, o.format, sink_options));
  // A state file of another pull matters only when its leads are in the
  // output (a pull that failed before writing anything left it behind).
  if (!state_error.ok() && sink->size() > 0) return state_error;
  if (sink->size() == 0 && (state.walk || state.synced_until)) {
    // The output was removed or emptied since: the state's progress is not
    // in it, so start the range over.
    if (state.walk && state.walk->cursor) warn(o.out + " holds no leads: starting over instead of resuming");
    state = State{};
  }
  if (state.walk && state.walk->cursor)
    warn("resuming after leads_id " + std::to_string(*state.walk->cursor) + " (state " + state_path + ")");
  PullStats stats;

  auto save = [&]() { return WriteStateFile(state_path, ToJson(o, state)); };

  // One walk; false when interrupted.
  auto walk = [&](int64_t cycle_no) -> StatusOr<bool> {
    Walk& w = *state.walk;
    client::ListRequest req;
    req.start_time = w.start;
    req.end_time = w.end;
    req.time_type = o.time_type;
    req.page_size = o.page_size;
    req.search_after_leads_id = w.cursor;
    int64_t total = -1, seen = 0;
    bool interrupted = false;
    Status page_status;
    auto r = client.ForEachPage(req, [&](const client::ListResult& page) {
      if (total < 0) total = page.page_info.total_number;
      for (const auto& lead : page.list) {
        auto added = sink->Add(lead);
        if (!added.ok()) {
          page_status = added.status();
          return false;
        }
        if (*added) ++stats.added;
      }
      if (Status s = sink->Flush(); !s.ok()) {
        page_status = s;
        return false;
      }
      ++stats.pages;
      seen += static_cast<int64_t>(page.list.size());
      stats.fetched += static_cast<int64_t>(page.list.size());
      w.cursor = page.list.back().id();
      if (Status s = save(); !s.ok()) {
        page_status = s;
        return false;
      }
      std::string line = (o.follow ? "cycle " + std::to_string(cycle_no) + ": " : std::string()) + "page " +
                         std::to_string(stats.pages) + ", " + std::to_string(seen) + " leads fetched" +
                         (total >= 0 ? " of " + std::to_string(total) + " in range" : "") + ", " +
                         std::to_string(stats.added) + " new, " + std::to_string(sink->size()) + " in " + o.out;
      progress(line);
      if (stop()) {
        interrupted = true;
        return false;
      }
      return true;
    });
    LEADS_RETURN_IF_ERROR(page_status);
    if (!r.ok()) return FromClientError(r.error());
    return !interrupted;
  };

  if (!o.follow) {
    if (!state.walk) state.walk = Walk{o.start, o.end, std::nullopt};
    LEADS_RETURN_IF_ERROR(save());
    LEADS_ASSIGN_OR_RETURN(bool done, walk(0));
    stats.interrupted = !done;
    if (done) RemoveStateFile(state_path);
    stats.in_file = sink->size();
    return stats;
  }

  for (;;) {
    if (!state.walk) {
      int64_t now = clock.NowSeconds();
      int64_t from = *start_epoch;
      bool full = o.full_every > 0 && state.cycles % o.full_every == 0;
      if (state.synced_until && !full) from = std::max(from, *state.synced_until - o.lookback.count());
      state.walk = Walk{std::to_string(from), std::to_string(std::max(now, from)), std::nullopt};
      LEADS_RETURN_IF_ERROR(save());
    }
    auto done = walk(state.cycles + 1);
    if (!done.ok()) {
      // Transient trouble: keep the walk (and its cursor) and try again next
      // cycle. A business error (bad credentials, bad range) is fatal.
      if (done.status().reason() != Reason::kUnavailable) return done.status();
      warn("pull failed, retrying in " + std::to_string(o.interval.count()) + " s: " + done.status().message());
    } else if (!*done) {
      stats.interrupted = true;
      break;
    } else {
      state.synced_until = std::stoll(state.walk->end);
      state.walk.reset();
      ++state.cycles;
      ++stats.cycles;
      LEADS_RETURN_IF_ERROR(save());
      progress("cycle " + std::to_string(state.cycles) + " done: " + std::to_string(stats.added) + " new this run, " +
               std::to_string(sink->size()) + " in " + o.out);
      stats.in_file = sink->size();
      if (hooks.cycle_done) hooks.cycle_done(stats);
    }
    if (o.max_cycles > 0 && stats.cycles >= o.max_cycles) break;
    // Sleep in slices so a signal ends the wait promptly.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(o.interval);
    while (left.count() > 0 && !stop()) {
      auto slice = std::min(left, std::chrono::milliseconds(100));
      hooks.sleep(slice);
      left -= slice;
    }
    if (stop()) {
      stats.interrupted = true;
      break;
    }
  }
  stats.in_file = sink->size();
  return stats;
}

}  // namespace leads::ctl
