#pragma once
// Uploaded source bundles, kept by content: the id is the SHA-256 of the
// bytes, so the same upload twice is stored once and an id can't name a
// file outside the bundles folder.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "sources/sha256_hasher.hpp"

namespace kiln::service {

// Receives an upload in pieces, hashing as it writes; nothing is visible under its id until commit().
class BundleUpload {
 public:
  ~BundleUpload();
  Status write(const char* data, std::size_t size);
  // Returns the bundle id.
  Result<std::string> commit();
  std::uint64_t bytes() const { return bytes_; }

 private:
  friend class BundleStore;
  BundleUpload(std::filesystem::path folder, std::filesystem::path temp, std::uint64_t limit);
  std::filesystem::path folder_, temp_;
  std::ofstream out_;
  std::uint64_t limit_, bytes_ = 0;
  std::unique_ptr<Sha256Hasher> hash_;
  bool committed_ = false;
};

class BundleStore {
 public:
  BundleStore(std::filesystem::path folder, std::uint64_t max_bytes) : folder_(std::move(folder)), max_bytes_(max_bytes) {}
  Result<std::unique_ptr<BundleUpload>> begin_upload() const;
  // The stored file of an id, or not_found.
  Result<std::filesystem::path> path_of(const std::string& id) const;
  std::uint64_t max_bytes() const { return max_bytes_; }

 private:
  std::filesystem::path folder_;
  std::uint64_t max_bytes_;
};

bool is_bundle_id(const std::string& id);

}  // namespace kiln::service
