#include "service/bundle_store.hpp"

#include <atomic>

#include <unistd.h>


namespace kiln::service {

bool is_bundle_id(const std::string& id) {
  return id.size() == 64 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

BundleUpload::BundleUpload(std::filesystem::path folder, std::filesystem::path temp, std::uint64_t limit)
    : folder_(std::move(folder)), temp_(std::move(temp)), out_(temp_, std::ios::binary), limit_(limit),
      hash_(std::make_unique<Sha256Hasher>()) {}

BundleUpload::~BundleUpload() {
  if (!committed_) {
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

Status BundleUpload::write(const char* data, std::size_t size) {
  bytes_ += size;
  if (bytes_ > limit_)
    return Error{ErrorCode::PayloadTooLarge, "the bundle is larger than the server's limit of " + std::to_string(limit_) + " bytes"};
  out_.write(data, static_cast<std::streamsize>(size));
  if (!out_) return Error{ErrorCode::StorageFailed, "cannot write the upload to " + temp_.string()};
  hash_->update(std::string_view(data, size));
  return Ok{};
}

Result<std::string> BundleUpload::commit() {
  out_.close();
  if (!out_) return Error{ErrorCode::StorageFailed, "cannot write the upload to " + temp_.string()};
  if (bytes_ == 0) return Error{ErrorCode::InvalidBundle, "the upload is empty"};
  auto id = hash_->hex_digest();
  std::error_code error;
  std::filesystem::rename(temp_, folder_ / (id + ".tar.gz"), error);
  if (error) return Error{ErrorCode::StorageFailed, "cannot store the bundle: " + error.message()};
  committed_ = true;
  return id;
}

Result<std::unique_ptr<BundleUpload>> BundleStore::begin_upload() const {
  static std::atomic<std::uint64_t> counter{0};
  std::error_code error;
  std::filesystem::create_directories(folder_, error);
  if (error) return Error{ErrorCode::StorageFailed, "cannot create " + folder_.string() + ": " + error.message()};
  auto temp = folder_ / (".upload-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  std::unique_ptr<BundleUpload> upload(new BundleUpload(folder_, temp, max_bytes_));
  if (!upload->out_) return Error{ErrorCode::StorageFailed, "cannot create " + temp.string()};
  return upload;
}

Result<std::filesystem::path> BundleStore::path_of(const std::string& id) const {
  if (!is_bundle_id(id)) return Error{ErrorCode::InvalidRequest, "a bundle id is 64 hex digits"};
  auto file = folder_ / (id + ".tar.gz");
  if (!std::filesystem::exists(file)) return Error{ErrorCode::NotFound, "no uploaded bundle " + id};
  return file;
}

}  // namespace kiln::service
