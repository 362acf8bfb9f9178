// Rendered /leads/list responses, reused while the account's leads are
// unchanged. Pollers ask for the same pages again and again; a hit costs a
// generation read and a copy instead of fetching and concatenating rows.
//
// Correctness rests on LeadStore::LeadsGeneration: a page is stored under
// the generation read *before* the page was fetched, and served only while
// the generation still equals it. Since the generation changes with every
// committed write to the account's leads, an equal number means the page
// fetched at or after that point is still the page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace leads::api {

class ListPageCache {
 public:
  // Holds at most `max_bytes` of keys and bodies (0 disables the cache).
  explicit ListPageCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The body stored for `key` at `generation`, or null. An entry stored at
  // another generation is dropped.
  std::shared_ptr<const std::string> Find(const std::string& key, int64_t generation);

  // Stores `body` for `key` at `generation`, evicting the least recently
  // used entries beyond the byte bound. Bodies above an eighth of the bound
  // are not kept.
  void Put(const std::string& key, int64_t generation, std::shared_ptr<const std::string> body);

  size_t bytes() const;
  size_t entries() const;

 private:
  struct Entry {
    std::string key;
    int64_t generation;
    std::shared_ptr<const std::string> body;
    size_t Bytes() const { return key.size() + body->size() + sizeof(Entry); }
  };
  void EraseLocked(std::list<Entry>::iterator it);

  const size_t max_bytes_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views into Entry::key
  size_t bytes_ = 0;
};

}  // namespace leads::api
