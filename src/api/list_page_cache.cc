#include "api/list_page_cache.h"

namespace leads::api {

std::shared_ptr<const std::string> ListPageCache::Find(const std::string& key, int64_t generation) {
  std::lock_guard lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  if (it->second->generation != generation) {
    EraseLocked(it->second);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->body;
}

void ListPageCache::Put(const std::string& key, int64_t generation, std::shared_ptr<const std::string> body) {
  if (key.size() + body->size() + sizeof(Entry) > max_bytes_ / 8) return;
  std::lock_guard lock(mu_);
  if (auto it = index_.find(key); it != index_.end()) EraseLocked(it->second);
  lru_.push_front(Entry{key, generation, std::move(body)});
  index_.emplace(lru_.front().key, lru_.begin());
  bytes_ += lru_.front().Bytes();
  while (bytes_ > max_bytes_) EraseLocked(std::prev(lru_.end()));
}

void ListPageCache::EraseLocked(std::list<Entry>::iterator it) {
  bytes_ -= it->Bytes();
  index_.erase(it->key);
  lru_.erase(it);
}

size_t ListPageCache::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t ListPageCache::entries() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace leads::api
