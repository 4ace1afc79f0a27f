#pragma once
// Uploaded bundles unpacked for POST /api/v1/detect and /plan, kept for the next
// request about the same bundle. A bundle's id is the SHA-256 of its bytes, so
// what is unpacked under an id never goes stale; unpacking it again on every
// request was the largest part of a detect through the server (about 1.7 ms of
// 4.5). A few recent ones are kept; an evicted folder is removed once no request
// still reads it. Builds do not use this: they unpack their own copy.
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.hpp"
#include "sources/source_materializer.hpp"

namespace kiln::http {

class UnpackedBundles {
 public:
  struct Tree {
    Tree(std::filesystem::path f, AppSource s) : folder(std::move(f)), source(std::move(s)) {}
    Tree(const Tree&) = delete;  // one owner of the folder
    Tree& operator=(const Tree&) = delete;
    ~Tree();
    std::filesystem::path folder;  // removed with the last handle
    AppSource source;
  };
  // Starts from an empty folder: anything left there by an earlier server is removed.
  UnpackedBundles(std::filesystem::path folder, std::size_t capacity);

  // The spec's bundle (spec.kind is UploadedBundle), unpacked once per bundle and subdir.
  Result<std::shared_ptr<const Tree>> get(const SourceSpec& spec, const MaterializeOptions& options);

 private:
  std::filesystem::path folder_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::list<std::pair<std::string, std::shared_ptr<const Tree>>> recent_;  // most recent first
  std::size_t next_ = 0;
};

}  // namespace kiln::http
