#include "service/build_change_feed.hpp"

namespace kiln::service {

std::uint64_t BuildChangeFeed::version(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = versions_.find(id);
  return it == versions_.end() ? 0 : it->second;
}

void BuildChangeFeed::changed(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    ++versions_[id];
  }
  changed_.notify_all();
}

std::uint64_t BuildChangeFeed::wait(const std::string& id, std::uint64_t seen, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  auto current = [&] {
    auto it = versions_.find(id);
    return it == versions_.end() ? std::uint64_t{0} : it->second;
  };
  changed_.wait_for(lock, timeout, [&] { return current() != seen; });
  return current();
}

void BuildChangeFeed::wake_all() { changed_.notify_all(); }

void BuildChangeFeed::forget(const std::string& id) {
  std::lock_guard lock(mutex_);
  versions_.erase(id);
}

}  // namespace kiln::service
