#pragma once
// Turns a SourceSpec into a local folder under a work directory: a git
// checkout, or an extracted bundle (downloaded or uploaded earlier). The
// folder is the app's root (its subdir applied, checked to stay inside).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/app_source.hpp"
#include "core/result.hpp"
#include "sources/bundle_extractor.hpp"
#include "sources/git_credentials.hpp"
#include "sources/git_url.hpp"
#include "sources/source_spec.hpp"

namespace kiln {

struct MaterializeOptions {
  GitPolicy git_policy;
  BundleLimits bundle_limits;
  std::uint64_t max_download_bytes = 512ull << 20;
  std::chrono::seconds timeout{600};
  const std::atomic<bool>* cancelled = nullptr;
  std::function<void(const std::string&)> log;
  std::string ca_bundle_file;
  std::filesystem::path git_mirror_root;     // per-repository mirrors; empty: a one-time mirror
  std::vector<GitCredential> git_credentials;
  // Where an uploaded bundle's file is, by id.
  std::function<Result<std::filesystem::path>(const std::string&)> uploaded_bundle;
};

Result<AppSource> materialize_source(const SourceSpec& spec, const std::filesystem::path& work_dir,
                                              const MaterializeOptions& options);

}  // namespace kiln
