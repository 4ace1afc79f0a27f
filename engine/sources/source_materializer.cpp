#include "sources/source_materializer.hpp"

#include <algorithm>
#include <cctype>

#include "sources/bundle_download.hpp"
#include "sources/git_fetcher.hpp"
#include "sources/git_mirror.hpp"
#include "sources/source_subdir.hpp"

namespace kiln {
namespace {

// The checkout's folder is named after the repository ("app" for .../app.git), so an
// image without a tag is named after it too; "src" when the name is not a plain one.
std::string checkout_folder_name(const std::string& url) {
  auto normalised = normalised_git_url(url);
  auto name = normalised.substr(normalised.find_last_of("/:") + 1);
  bool plain = !name.empty() && name.front() != '.' && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
  return plain ? name : "src";
}

Result<AppSource> unpack(const std::filesystem::path& archive, const std::string& revision,
                                  const SourceSpec& spec, const std::filesystem::path& work_dir,
                                  const MaterializeOptions& options) {
  if (options.log) options.log("unpacking bundle " + revision);
  auto extracted = extract_bundle(archive, work_dir / "src", options.bundle_limits);
  if (!extracted) return extracted.error();
  if (options.log)
    options.log("unpacked " + std::to_string(extracted->entries) + " entries, " + std::to_string(extracted->bytes) + " bytes");
  auto subdir = normalise_source_subdir(spec.subdir, "source.subdir");
  if (!subdir) return subdir.error();
  auto root = resolve_source_subdir(extracted->root, *subdir, "source.subdir");
  if (!root) return root.error();
  return AppSource{*root, revision, ""};
}

}  // namespace

Result<AppSource> materialize_source(const SourceSpec& spec, const std::filesystem::path& work_dir,
                                              const MaterializeOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(work_dir, error);
  if (error) return Error{ErrorCode::StorageFailed, "cannot create " + work_dir.string() + ": " + error.message()};
  switch (spec.kind) {
    case SourceSpec::Kind::Git: {
      FetchOptions fetch{options.git_policy,     options.timeout,        options.cancelled,      options.log,
                         options.ca_bundle_file, options.git_mirror_root, options.git_credentials};
      auto fetched = fetch_git(spec.git, work_dir / checkout_folder_name(spec.git.url), fetch);
      if (!fetched) return fetched.error();
      return AppSource{fetched->root, fetched->commit, url_without_credentials(spec.git.url)};
    }
    case SourceSpec::Kind::BundleUrl: {
      DownloadOptions download;
      download.max_bytes = options.max_download_bytes;
      download.timeout = options.timeout;
      download.cancelled = options.cancelled;
      download.ca_bundle_file = options.ca_bundle_file;
      if (options.log) options.log("downloading " + redact_url(spec.bundle_url));
      auto file = download_bundle(spec.bundle_url, work_dir / "bundle.tar.gz", download);
      if (!file) return file.error();
      return unpack(file->path, "sha256:" + file->sha256_hex, spec, work_dir, options);
    }
    case SourceSpec::Kind::UploadedBundle: {
      if (!options.uploaded_bundle) return Error{ErrorCode::InvalidSource, "uploaded bundles are not available here"};
      auto file = options.uploaded_bundle(spec.bundle_id);
      if (!file) return file.error();
      return unpack(*file, "sha256:" + spec.bundle_id, spec, work_dir, options);
    }
  }
  return Error{ErrorCode::InvalidSource, "unknown source kind"};
}

}  // namespace kiln
