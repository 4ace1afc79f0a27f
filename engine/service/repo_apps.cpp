#include "service/repo_apps.hpp"

#include "core/app_config.hpp"
#include "service/app_watcher.hpp"
#include "sources/git_url.hpp"

namespace kiln::service {
namespace {

constexpr auto kMirrorReadTimeout = std::chrono::seconds(120);

std::string joined(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + "/" + b;
}

// Each folder on the way to `path` must be a real folder of the commit: a symbolic link could lead out
// of the repository (or to another app's files), so it is refused, not followed.
Status check_folder(GitMirror& mirror, const std::string& commit, const std::string& path, const std::string& what) {
  std::string prefix;
  for (std::size_t start = 0; start <= path.size();) {
    auto slash = path.find('/', start);
    auto part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    prefix = joined(prefix, part);
    auto found = mirror.entry(commit, prefix);
    if (!found) return found.error();
    if (!*found) return Error{ErrorCode::InvalidConfig, what + ": '" + prefix + "' does not exist at commit " + commit.substr(0, 12)};
    if ((*found)->mode == "120000")
      return Error{ErrorCode::InvalidConfig, what + ": '" + prefix + "' is a symbolic link; an app's folder must be a real folder inside the repository"};
    if ((*found)->type != "tree") return Error{ErrorCode::InvalidConfig, what + ": '" + prefix + "' is not a folder"};
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return Ok{};
}

}  // namespace

std::string sub_app_name(const std::string& watched, const std::string& sub) { return watched + "/" + sub; }

DeployTarget sub_app_target(const WatchedApp& watched, const RepoApp& sub) {
  DeployTarget target{watched, sub};
  target.app.name = sub_app_name(watched.name, sub.name);
  target.app.context = joined(watched.context, sub.build_dir());
  if (!sub.buildpack.empty()) target.app.buildpack = sub.buildpack;
  if (sub.keep) target.app.keep = *sub.keep;
  return target;
}

BuildSubmission target_submission(const DeployTarget& target, const std::string& commit, const std::string& image) {
  auto submission = watched_app_submission(target.app, commit, image);
  if (target.sub) {
    submission.target = target.sub->target;
    submission.env = target.sub->env;
    submission.build_args = target.sub->build_args;
  }
  return submission;
}

WatchedRepo::WatchedRepo(const ServerConfig& config) {
  // As a build's fetch of the same repository: the URL rules, credentials and CA bundle of the server config.
  options_.policy.allow_file_urls = config.allow_file_git_urls;
  options_.timeout = kMirrorReadTimeout;
  options_.ca_bundle_file = config.ca_bundle;
  options_.credentials = config.git_credentials;
  options_.mirror_root = config.git_mirrors_dir();
}

Result<std::unique_ptr<WatchedRepo>> WatchedRepo::open(const ServerConfig& config, const WatchedApp& app) {
  std::unique_ptr<WatchedRepo> repo(new WatchedRepo(config));
  auto transport = git_url_transport(app.repo, repo->options_.policy);
  if (!transport) return transport.error();
  repo->session_.emplace(app.repo, *transport, repo->options_);
  if (auto ready = repo->session_->prepare(); !ready) return ready.error();
  auto mirror = GitMirror::open(repo->options_.mirror_root, *repo->session_);
  if (!mirror) return mirror.error();
  repo->mirror_.emplace(std::move(*mirror));
  return repo;
}

std::string manifest_path(const WatchedApp& app) { return joined(app.context, kAppConfigFile); }

Result<std::vector<RepoApp>> repo_apps_at(GitMirror& mirror, const WatchedApp& app, const std::string& commit) {
  const auto path = manifest_path(app);
  auto text = mirror.file_text(commit, path);
  if (!text) return text.error();
  if (!*text) return std::vector<RepoApp>();
  auto apps = parse_repo_apps(**text, path);
  if (!apps) return apps.error().with_context("app '" + app.name + "' at " + commit.substr(0, 12));
  for (const auto& sub : *apps) {
    const auto what = path + " [[apps]] '" + sub.name + "'";
    if (sub.path != ".")
      if (auto real = check_folder(mirror, commit, joined(app.context, sub.path), what + " path"); !real) return real.error();
    if (!sub.context.empty())
      if (auto real = check_folder(mirror, commit, joined(app.context, sub.build_dir()), what + " context"); !real) return real.error();
  }
  return apps;
}

Result<bool> sub_app_changed(GitMirror& mirror, const WatchedApp& app, const RepoApp& sub,
                             const std::optional<std::string>& last_commit, const std::string& head) {
  if (!last_commit) return true;
  if (*last_commit == head) return false;
  auto known = mirror.has_commit(*last_commit);
  if (!known) return known.error();
  if (!*known) return true;  // history rewritten: what changed cannot be told, so build
  auto changed = mirror.changed_files(*last_commit, head);
  if (!changed) return changed.error();
  const auto manifest = manifest_path(app);
  const std::string base = app.context.empty() ? "" : app.context + "/";
  for (const auto& file : *changed) {
    if (file == manifest) return true;
    if (file.compare(0, base.size(), base) == 0 && sub.owns(std::string_view(file).substr(base.size()))) return true;
  }
  return false;
}

}  // namespace kiln::service
