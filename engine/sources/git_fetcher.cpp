#include "sources/git_fetcher.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "sources/git_process.hpp"
#include "sources/git_ref_format.hpp"
#include "sources/source_subdir.hpp"

namespace kiln {
namespace fs = std::filesystem;
namespace {

// How many of git's last stderr lines go into an error message.
constexpr std::size_t kErrorLines = 5;
// A cap on the timeout, so now + timeout cannot overflow the clock.
constexpr std::chrono::seconds kLongestTimeout{7 * 24 * 3600};

// One fetch: the validated spec and everything each git command shares.
class GitFetch {
 public:
  GitFetch(const GitSourceSpec& spec, std::string transport, const fs::path& dest, const FetchOptions& options)
      : spec_(spec), transport_(std::move(transport)), dest_(dest), options_(options),
        deadline_(std::chrono::steady_clock::now() + std::min(options.timeout, kLongestTimeout)) {}

  Status clone_ref() {
    std::vector<std::string> args{"clone", "--depth", "1", "--no-tags", "--no-recurse-submodules", "--template="};
    if (!spec_.ref.empty()) args.insert(args.end(), {"--branch", spec_.ref});
    args.insert(args.end(), {"--", spec_.url, dest_.string()});
    log("kiln: cloning " + redact_url(spec_.url) + (spec_.ref.empty() ? "" : " at ref '" + spec_.ref + "'"));
    return expect_success(run(args, {}), "git clone" + (spec_.ref.empty() ? "" : " of ref '" + spec_.ref + "'"));
  }

  Status fetch_commit() {
    log("kiln: fetching commit " + spec_.commit + " from " + redact_url(spec_.url));
    if (auto init = expect_success(run({"init", "--quiet", "--template=", "--", dest_.string()}, {}), "git init"); !init)
      return init;
    // A full id can be fetched alone, shallow; servers that refuse a "want" for
    // an unadvertised commit (protocol v0 without allowReachableSHA1InWant),
    // and abbreviated ids, need the branches and tags fetched whole.
    bool full_id = spec_.commit.size() == 40 || spec_.commit.size() == 64;
    if (full_id) {
      auto shallow = run({"fetch", "--depth", "1", "--no-tags", "--no-recurse-submodules", "--", spec_.url, spec_.commit}, dest_);
      if (!shallow) return shallow.error();
      if (shallow->exit_code == 0) return checkout("FETCH_HEAD");
      log("kiln: the server did not serve the commit alone; fetching all branches and tags");
    }
    auto full = run({"fetch", "--no-tags", "--no-recurse-submodules", "--", spec_.url, "+refs/heads/*:refs/remotes/origin/*",
                     "+refs/tags/*:refs/tags/*"},
                    dest_);
    if (auto fetched = expect_success(full, "git fetch"); !fetched) return fetched;
    return checkout(spec_.commit);
  }

  Result<std::string> head_commit() {
    auto head = run({"rev-parse", "--verify", "HEAD"}, dest_);
    if (auto ok = expect_success(head, "git rev-parse"); !ok) return ok.error();
    std::string id = head->stdout_text;
    while (!id.empty() && std::isspace(static_cast<unsigned char>(id.back()))) id.pop_back();
    return id;
  }

 private:
  // Checks out `wanted` (a validated hex id or FETCH_HEAD), which must be a
  // commit that matches the one the spec asked for.
  Status checkout(const std::string& wanted) {
    auto resolved = run({"rev-parse", "--verify", "--quiet", "--end-of-options", wanted + "^{commit}"}, dest_);
    if (!resolved) return resolved.error();
    std::string id = resolved->stdout_text;
    while (!id.empty() && std::isspace(static_cast<unsigned char>(id.back()))) id.pop_back();
    std::string wanted_lower = spec_.commit;
    std::transform(wanted_lower.begin(), wanted_lower.end(), wanted_lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (resolved->exit_code != 0 || id.rfind(wanted_lower, 0) != 0)
      return Error{ErrorCode::FetchFailed, "git commit '" + spec_.commit + "' was not found in " + redact_url(spec_.url) +
                                       (spec_.ref.empty() ? "" : " (ref '" + spec_.ref + "')")};
    return expect_success(run({"checkout", "--quiet", "--detach", id}, dest_), "git checkout of commit '" + spec_.commit + "'");
  }

  Result<GitOutcome> run(std::vector<std::string> subcommand, const fs::path& working_dir) {
    GitCommand command;
    command.args = {"-c", "protocol.allow=never", "-c", "protocol." + transport_ + ".allow=always",
                    // The repository is untrusted: nothing in it may run on this machine.
                    "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.symlinks=true",
                    "-c", "submodule.recurse=false", "-c", "fetch.recurseSubmodules=false",
                    "-c", "advice.detachedHead=false", "-c", "init.defaultBranch=main"};
    if (!options_.ca_bundle_file.empty()) command.args.insert(command.args.end(), {"-c", "http.sslCAInfo=" + options_.ca_bundle_file});
    command.args.insert(command.args.end(), subcommand.begin(), subcommand.end());
    command.working_dir = working_dir;
    // The same allow-list again, in the variable git's helpers also honour.
    command.extra_env = {{"GIT_ALLOW_PROTOCOL", transport_}};
    command.deadline = deadline_;
    command.cancelled = options_.cancelled;
    command.on_line = options_.log;
    auto outcome = run_git(command);
    if (!outcome) return outcome.error().with_context("fetching " + redact_url(spec_.url));
    return outcome;
  }

  Status expect_success(const Result<GitOutcome>& outcome, const std::string& what) {
    if (!outcome) return outcome.error();
    if (outcome->exit_code == 0) return Ok{};
    std::string message = what + " from " + redact_url(spec_.url) + " failed";
    const auto& tail = outcome->stderr_tail;
    auto first = tail.size() > kErrorLines ? tail.end() - kErrorLines : tail.begin();
    std::string details;
    for (auto it = first; it != tail.end(); ++it) details += (details.empty() ? "" : "; ") + *it;
    if (!details.empty()) message += ": " + details;
    return Error{ErrorCode::FetchFailed, message};
  }

  void log(const std::string& line) const {
    if (options_.log) options_.log(line);
  }

  const GitSourceSpec& spec_;
  std::string transport_;
  fs::path dest_;
  const FetchOptions& options_;
  std::chrono::steady_clock::time_point deadline_;
};

Status prepare_destination(const fs::path& dest) {
  std::error_code ec;
  if (fs::exists(dest, ec)) {
    if (!fs::is_directory(dest, ec) || !fs::is_empty(dest, ec))
      return Error{ErrorCode::FetchFailed, "destination " + dest.string() + " exists and is not an empty folder"};
    return Ok{};
  }
  fs::create_directories(dest.parent_path(), ec);
  if (ec) return Error{ErrorCode::FetchFailed, "cannot create " + dest.parent_path().string() + ": " + ec.message()};
  return Ok{};
}

Result<FetchedSource> fetch_into(const GitSourceSpec& spec, const fs::path& dest, const FetchOptions& options) {
  auto transport = git_url_transport(spec.url, options.policy);
  if (!transport) return transport.error();
  auto subdir = normalise_source_subdir(spec.subdir, "git subdir");
  if (!subdir) return subdir.error();

  GitFetch fetch(spec, *transport, dest, options);
  auto fetched = spec.commit.empty() ? fetch.clone_ref() : fetch.fetch_commit();
  if (!fetched) return fetched.error();
  auto commit = fetch.head_commit();
  if (!commit) return commit.error();
  auto root = resolve_source_subdir(dest, *subdir, "git subdir");
  if (!root) return root.error();
  return FetchedSource{*root, *commit};
}

}  // namespace

Result<FetchedSource> fetch_git(const GitSourceSpec& spec, const fs::path& dest, const FetchOptions& options) {
  if (auto valid = validate_git_spec(spec, options.policy); !valid) return valid.error();
  auto absolute_dest = fs::absolute(dest);
  if (auto ready = prepare_destination(absolute_dest); !ready) return ready.error();
  auto result = fetch_into(spec, absolute_dest, options);
  if (!result) {
    std::error_code ignored;
    fs::remove_all(absolute_dest, ignored);
  }
  return result;
}

}  // namespace kiln
