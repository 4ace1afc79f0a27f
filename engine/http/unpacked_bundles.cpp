#include "http/unpacked_bundles.hpp"

#include <system_error>

namespace kiln::http {

namespace fs = std::filesystem;

UnpackedBundles::Tree::~Tree() {
  std::error_code ignored;
  fs::remove_all(folder, ignored);
}

UnpackedBundles::UnpackedBundles(fs::path folder, std::size_t capacity)
    : folder_(std::move(folder)), capacity_(capacity == 0 ? 1 : capacity) {
  std::error_code ignored;
  fs::remove_all(folder_, ignored);
}

Result<std::shared_ptr<const UnpackedBundles::Tree>> UnpackedBundles::get(const SourceSpec& spec,
                                                                           const MaterializeOptions& options) {
  const std::string key = spec.bundle_id + "\n" + spec.subdir;
  fs::path folder;
  {
    std::lock_guard lock(mutex_);
    for (auto it = recent_.begin(); it != recent_.end(); ++it) {
      if (it->first != key) continue;
      recent_.splice(recent_.begin(), recent_, it);
      return recent_.front().second;
    }
    folder = folder_ / std::to_string(next_++);
  }
  // Unpacked outside the lock: two first requests for one bundle may both unpack it; one copy is kept.
  auto source = materialize_source(spec, folder, options);
  if (!source) {
    std::error_code ignored;
    fs::remove_all(folder, ignored);
    return source.error();
  }
  auto tree = std::make_shared<const Tree>(folder, std::move(source.value()));
  std::lock_guard lock(mutex_);
  for (const auto& [k, kept] : recent_)
    if (k == key) return kept;  // `tree` goes, and its folder with it
  recent_.emplace_front(key, tree);
  if (recent_.size() > capacity_) recent_.pop_back();
  return tree;
}

}  // namespace kiln::http
