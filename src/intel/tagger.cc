#include "intel/tagger.h"

#include <algorithm>
#include <boost/json.hpp>
#include <numeric>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "intel/keyboard_mash.h"
#include "intel/json_text.h"

namespace leads::intel {
namespace {

constexpr int64_t kDay = 86400;
// Page-burst windows, in buckets: the recent window (this and the previous
// bucket, 10-20 minutes) against the 7 days before it.
constexpr int64_t kRecentBuckets = 2;
constexpr int64_t kBaselineBuckets = 7 * 144;
// Above this many matches of one key, duplicates are counted per key.
constexpr int64_t kExactMatches = 1000;

// bundle.form_fill_ms: milliseconds from the form's display to its submit,
// when the page records it (read without a DOM).
std::optional<int64_t> FillMillis(std::string_view bundle) {
  constexpr std::string_view kKey = "\"form_fill_ms\"";
  auto p = bundle.find(kKey);
  if (p == std::string_view::npos) return std::nullopt;
  p += kKey.size();
  while (p < bundle.size() && (bundle[p] == ' ' || bundle[p] == ':' || bundle[p] == '"')) ++p;
  int64_t v = 0;
  size_t digits = 0;
  while (p < bundle.size() && bundle[p] >= '0' && bundle[p] <= '9' && digits < 12) {
    v = v * 10 + (bundle[p++] - '0');
    ++digits;
  }
  if (!digits) return std::nullopt;
  return v;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

void CheckText(const Lead& l, const Rules& rules, std::vector<Reason>& out) {
  if (rules.Enabled(ReasonCode::kNameMash)) {
    for (Field f : {Field::kLeadsName, Field::kNickName})
      if (auto why = MashReason(l.Get(f), f == Field::kLeadsName)) {
        out.push_back({ReasonCode::kNameMash, std::string(Spec(f).push_name) + ": " + *why});
        break;
      }
  }
  if (rules.Enabled(ReasonCode::kAnswerMash)) {
    std::optional<std::string> found;
    for (Field f : {Field::kCustomQa, Field::kLayerFormContent}) {
      if (found) break;
      JsonStringValues(l.Get(f), 64, [&](std::string_view v) {
        if (!found)
          if (auto why = MashReason(v, false)) found = std::string(Spec(f).push_name) + ": answer " + *why;
      });
    }
    if (found) out.push_back({ReasonCode::kAnswerMash, *found});
  }
  if (rules.Enabled(ReasonCode::kFastSubmit)) {
    if (auto ms = FillMillis(l.Get(Field::kBundle))) {
      size_t typed = CodePointCount(l.Get(Field::kLeadsName)) + CodePointCount(l.Get(Field::kLeadsTel)) +
                     CodePointCount(l.Get(Field::kLeadsWechat)) + CodePointCount(l.Get(Field::kLeadsEmail)) +
                     CodePointCount(l.Get(Field::kLeadsQq));
      const int64_t floor = rules.min_fill_ms + rules.fill_ms_per_char * static_cast<int64_t>(typed);
      if (*ms < floor)
        out.push_back({ReasonCode::kFastSubmit, "form filled in " + std::to_string(*ms) + " ms, under " +
                                                    std::to_string(floor) + " ms for " + std::to_string(typed) +
                                                    " characters typed"});
    }
  }
}

}  // namespace

std::vector<std::string> LeadKeys(const Lead& l, Phone* phone_out) {
  std::vector<std::string> keys;
  Phone phone = NormalizePhone(l.Get(Field::kLeadsTel));
  // Numbers too short to identify anyone are not keys.
  if (phone.digits.size() >= 5) keys.push_back(MakeKey(kKeyPhone, phone.digits));
  if (auto w = NormalizeWechat(l.Get(Field::kLeadsWechat)); w.size() >= 3) keys.push_back(MakeKey(kKeyWechat, w));
  if (auto q = NormalizeQq(l.Get(Field::kLeadsQq)); !q.empty()) keys.push_back(MakeKey(kKeyQq, q));
  if (auto e = NormalizeEmail(l.Get(Field::kLeadsEmail)); PlausibleEmail(e)) keys.push_back(MakeKey(kKeyEmail, e));
  if (const auto& c = l.Get(Field::kClickId); !c.empty()) keys.push_back(MakeKey(kKeyClick, c));
  if (phone_out) *phone_out = std::move(phone);
  return keys;
}

StatusOr<std::vector<TagResult>> Tagger::Tag(int64_t account_id, const Rules& rules, const std::vector<TagInput>& in) {
  std::vector<TagResult> out(in.size());
  if (in.empty()) return out;
  const int64_t window = rules.duplicate_window_days * kDay;
  const int64_t reach = std::max(window, rules.click_burst_seconds);
  int64_t t_min = in[0].create_time, t_max = in[0].create_time;
  std::vector<std::string> all_keys, page_keys;
  {
    std::unordered_set<std::string> seen, seen_pages;
    for (size_t i = 0; i < in.size(); ++i) {
      TagResult& r = out[i];
      t_min = std::min(t_min, in[i].create_time);
      t_max = std::max(t_max, in[i].create_time);
      r.keys = LeadKeys(*in[i].lead, &r.phone);
      for (const auto& k : r.keys)
        if (seen.insert(k).second) all_keys.push_back(k);
      if (const auto& page = in[i].lead->Get(Field::kPageId); !page.empty()) {
        r.counter_key = "g:" + page;
        r.bucket = in[i].create_time / kBucketSeconds;
        if (seen_pages.insert(r.counter_key).second) page_keys.push_back(r.counter_key);
      }
    }
  }
  // One read of each kind for the whole batch, its keys in index order: the
  // store's lookups then walk the index forward instead of jumping about.
  std::sort(all_keys.begin(), all_keys.end());
  std::sort(page_keys.begin(), page_keys.end());
  std::unordered_map<std::string, std::vector<LeadKeyHit>> hits;
  if (!all_keys.empty()) {
    LEADS_ASSIGN_OR_RETURN(auto rows, lookup_.FindLeadKeys(account_id, all_keys, t_min - reach, t_max));
    for (auto& h : rows) hits[h.key].push_back(std::move(h));
    // By (create_time, leads_id): a lead's window is a range found by binary search.
    for (auto& [k, v] : hits)
      std::sort(v.begin(), v.end(), [](const LeadKeyHit& a, const LeadKeyHit& b) {
        return a.create_time != b.create_time ? a.create_time < b.create_time : a.leads_id < b.leads_id;
      });
  }
  // key -> (bucket, running total up to and including it), by bucket: a
  // window's sum is two binary searches.
  std::unordered_map<std::string, std::vector<std::pair<int64_t, int64_t>>> counters;
  const bool page_rule = rules.Enabled(ReasonCode::kPageBurst) && !page_keys.empty();
  if (page_rule) {
    LEADS_ASSIGN_OR_RETURN(auto rows, lookup_.ReadCounters(account_id, page_keys,
                                                           t_min / kBucketSeconds - kRecentBuckets - kBaselineBuckets,
                                                           t_max / kBucketSeconds));
    std::sort(rows.begin(), rows.end(), [](const CounterHit& a, const CounterHit& b) {
      return a.key != b.key ? a.key < b.key : a.bucket < b.bucket;
    });
    for (const auto& c : rows) {
      auto& v = counters[c.key];
      v.emplace_back(c.bucket, (v.empty() ? 0 : v.back().second) + c.n);
    }
  }
  // Sum of a key's counters over buckets in [lo, hi].
  auto sum = [](const std::vector<std::pair<int64_t, int64_t>>& v, int64_t lo, int64_t hi) -> int64_t {
    auto below = [](const std::pair<int64_t, int64_t>& e, int64_t b) { return e.first < b; };
    auto a = std::lower_bound(v.begin(), v.end(), lo, below);
    auto b = std::lower_bound(v.begin(), v.end(), hi + 1, below);
    const int64_t before_a = a == v.begin() ? 0 : std::prev(a)->second;
    const int64_t before_b = b == v.begin() ? 0 : std::prev(b)->second;
    return before_b - before_a;
  };

  // The batch in create_time order; earlier leads of the batch are matches.
  std::vector<size_t> order(in.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return in[a].create_time < in[b].create_time; });
  struct Seen {
    int64_t create_time;
    size_t index;
  };
  std::unordered_map<std::string, std::vector<Seen>> batch_keys;
  std::unordered_map<std::string, std::vector<int64_t>> batch_pages;  // counter key -> buckets, ascending
  const bool in_batch = !in[0].leads_id.has_value();

  std::unordered_set<int64_t> stored_ids;
  std::unordered_set<size_t> batch_ids;
  for (size_t i : order) {
    const TagInput& li = in[i];
    const int64_t t = li.create_time;
    TagResult& r = out[i];
    // Duplicates. Each key's earlier leads in the window are a range of its
    // (time-ordered) stored hits and batch entries. Leads are counted once
    // across keys (sets) unless a key matches more than kExactMatches leads
    // (a placeholder number in a large import): then N is that key's count
    // plus one, a lower bound, and the work stays proportional to the batch.
    stored_ids.clear();
    batch_ids.clear();
    std::vector<std::string> matched_kinds;
    int64_t clicks = 0, widest = 0;
    for (const auto& k : r.keys) {
      const bool click = k[0] == kKeyClick;
      const int64_t from = click ? t - rules.click_burst_seconds : t - window;
      // Stored hits with from <= create_time, and (create_time, leads_id) before this lead.
      std::span<const LeadKeyHit> stored;
      if (auto it = hits.find(k); it != hits.end()) {
        const auto& v = it->second;
        auto lo = std::lower_bound(v.begin(), v.end(), from,
                                   [](const LeadKeyHit& h, int64_t x) { return h.create_time < x; });
        auto hi = li.leads_id ? std::lower_bound(v.begin(), v.end(), std::pair{t, *li.leads_id},
                                                 [](const LeadKeyHit& h, std::pair<int64_t, int64_t> x) {
                                                   return h.create_time != x.first ? h.create_time < x.first
                                                                                   : h.leads_id < x.second;
                                                 })
                              : std::upper_bound(v.begin(), v.end(), t,
                                                 [](int64_t x, const LeadKeyHit& h) { return x < h.create_time; });
        if (lo < hi) stored = std::span<const LeadKeyHit>(&*lo, static_cast<size_t>(hi - lo));
      }
      // Earlier leads of this batch (in time order, all at or before t).
      std::span<const Seen> batch;
      if (in_batch)
        if (auto it = batch_keys.find(k); it != batch_keys.end()) {
          const auto& v = it->second;
          auto lo = std::lower_bound(v.begin(), v.end(), from,
                                     [](const Seen& e, int64_t x) { return e.create_time < x; });
          if (lo != v.end()) batch = std::span<const Seen>(&*lo, static_cast<size_t>(v.end() - lo));
        }
      const int64_t n = static_cast<int64_t>(stored.size() + batch.size());
      if (click) {
        clicks += n;
        continue;
      }
      if (n == 0) continue;
      matched_kinds.push_back(k.substr(0, 1));
      widest = std::max(widest, n);
      if (n > kExactMatches) continue;
      for (const auto& h : stored) stored_ids.insert(h.leads_id);
      for (const auto& e : batch) batch_ids.insert(e.index);
    }
    const int64_t matches = std::max(widest, static_cast<int64_t>(stored_ids.size() + batch_ids.size()));
    if (matches > 0 && rules.Enabled(ReasonCode::kDuplicate) && rules.duplicate_window_days > 0) {
      r.duplicates = matches + 1;
      std::string kinds;
      for (const auto& m : matched_kinds) {
        if (!kinds.empty()) kinds += ", ";
        kinds += m == "p" ? "phone" : m == "w" ? "WeChat" : m == "q" ? "QQ" : "e-mail";
      }
      r.reasons.push_back({ReasonCode::kDuplicate, "same " + kinds + " as " + std::to_string(matches) +
                                                       " earlier lead(s) within " +
                                                       std::to_string(rules.duplicate_window_days) + " days"});
    }
    // Number quality.
    CheckNumber(r.phone, rules, r.reasons);
    // Bursts.
    if (rules.Enabled(ReasonCode::kClickBurst) && clicks + 1 >= rules.click_burst_count)
      r.reasons.push_back({ReasonCode::kClickBurst, "click_id '" + li.lead->Get(Field::kClickId) + "' has " +
                                                        std::to_string(clicks + 1) + " leads within " +
                                                        std::to_string(rules.click_burst_seconds) + " s"});
    if (page_rule && !r.counter_key.empty()) {
      const auto& c = counters[r.counter_key];
      const int64_t b = r.bucket;
      int64_t recent = sum(c, b - kRecentBuckets + 1, b);
      const int64_t baseline = sum(c, b - kRecentBuckets - kBaselineBuckets + 1, b - kRecentBuckets);
      if (in_batch) {
        ++recent;  // this lead
        const auto& mine = batch_pages[r.counter_key];
        recent += mine.end() - std::lower_bound(mine.begin(), mine.end(), b - kRecentBuckets + 1);
      }
      const double normal = std::max(1.0, static_cast<double>(baseline) * kRecentBuckets / kBaselineBuckets);
      if (recent >= rules.page_burst_min && recent >= rules.page_burst_factor * normal)
        r.reasons.push_back({ReasonCode::kPageBurst,
                             "page_id '" + li.lead->Get(Field::kPageId) + "' has " + std::to_string(recent) +
                                 " leads in 20 minutes against a normal " + std::to_string(normal).substr(0, 6) +
                                 " over the last 7 days"});
    }
    CheckText(*li.lead, rules, r.reasons);
    // Tags, in a fixed order.
    if (r.duplicates) r.tags.push_back(DuplicateTag(r.duplicates));
    bool empty_number = false, suspicious = false;
    for (const auto& reason : r.reasons) {
      if (TagOf(reason.code) == kTagEmptyNumber) empty_number = true;
      else if (TagOf(reason.code) == kTagSuspicious) suspicious = true;
    }
    if (empty_number) r.tags.emplace_back(kTagEmptyNumber);
    if (suspicious) r.tags.emplace_back(kTagSuspicious);
    if (in_batch) {
      for (const auto& k : r.keys) batch_keys[k].push_back({t, i});
      if (!r.counter_key.empty()) batch_pages[r.counter_key].push_back(r.bucket);  // time order: ascending
    }
  }
  return out;
}

std::string ReasonsJson(const TagResult& r, const Rules& rules) {
  boost::json::array reasons;
  for (const auto& x : r.reasons) {
    std::string tag = x.code == ReasonCode::kDuplicate ? DuplicateTag(r.duplicates) : std::string(TagOf(x.code));
    reasons.push_back(boost::json::object{{"code", Name(x.code)}, {"tag", tag}, {"detail", x.detail}});
  }
  return JsonText(boost::json::object{{"reasons", std::move(reasons)},
                                                    {"duplicates", r.duplicates},
                                                    {"window_days", rules.duplicate_window_days}});
}

std::string MergeTags(std::string_view existing, const std::vector<std::string>& ours) {
  std::string out;
  size_t start = 0;
  while (start <= existing.size()) {
    size_t end = existing.find(';', start);
    if (end == std::string_view::npos) end = existing.size();
    std::string_view t = existing.substr(start, end - start);
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    if (!t.empty() && !IsIntelTag(t) && std::find(ours.begin(), ours.end(), t) == ours.end()) {
      if (!out.empty()) out += ';';
      out += t;
    }
    start = end + 1;
  }
  for (const auto& t : ours) {
    if (!out.empty()) out += ';';
    out += t;
  }
  return out;
}

}  // namespace leads::intel
