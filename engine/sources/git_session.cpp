#include "sources/git_session.hpp"

#include <algorithm>
#include <cctype>

namespace kiln {
namespace {

// How many of git's last stderr lines go into an error message.
constexpr std::size_t kErrorLines = 5;
// A cap on the timeout, so now + timeout cannot overflow the clock.
constexpr std::chrono::seconds kLongestTimeout{7 * 24 * 3600};

}  // namespace

std::string trimmed_line(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

GitSession::GitSession(std::string url, std::string transport, const FetchOptions& options)
    : url_(std::move(url)), transport_(std::move(transport)), options_(options),
      deadline_(std::chrono::steady_clock::now() + std::min(options.timeout, kLongestTimeout)) {}

Status GitSession::prepare() {
  return credentials_.write(git_credential_for(options_.credentials, url_), url_, transport_);
}

Result<GitOutcome> GitSession::run(const std::vector<std::string>& subcommand, const std::filesystem::path& working_dir,
                                   std::vector<std::pair<std::string, std::string>> extra_env) const {
  GitCommand command;
  command.args = {"-c", "protocol.allow=never", "-c", "protocol." + transport_ + ".allow=always",
                  // The repository is untrusted: nothing in it may run on this machine.
                  "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "core.symlinks=true",
                  "-c", "submodule.recurse=false", "-c", "fetch.recurseSubmodules=false",
                  // A mirror is shared by builds: objects never vanish under a checkout.
                  "-c", "gc.auto=0", "-c", "maintenance.auto=false",
                  "-c", "advice.detachedHead=false", "-c", "init.defaultBranch=main"};
  if (!options_.ca_bundle_file.empty()) command.args.insert(command.args.end(), {"-c", "http.sslCAInfo=" + options_.ca_bundle_file});
  command.args.insert(command.args.end(), subcommand.begin(), subcommand.end());
  command.working_dir = working_dir;
  // The same allow-list again, in the variable git's helpers also honour.
  command.extra_env = {{"GIT_ALLOW_PROTOCOL", transport_}};
  for (const auto& variable : credentials_.env()) command.extra_env.push_back(variable);
  for (auto& variable : extra_env) command.extra_env.push_back(std::move(variable));
  command.deadline = deadline_;
  command.cancelled = options_.cancelled;
  command.on_line = options_.log;
  auto outcome = run_git(command);
  if (!outcome) return outcome.error().with_context("fetching " + redact_url(url_));
  return outcome;
}

Status GitSession::run_ok(const std::vector<std::string>& subcommand, const std::string& what,
                          const std::filesystem::path& working_dir) const {
  return expect_success(run(subcommand, working_dir), what);
}

Status GitSession::expect_success(const Result<GitOutcome>& outcome, const std::string& what) const {
  if (!outcome) return outcome.error();
  if (outcome->exit_code == 0) return Ok{};
  std::string message = what + " from " + redact_url(url_) + " failed";
  const auto& tail = outcome->stderr_tail;
  auto first = tail.size() > kErrorLines ? tail.end() - kErrorLines : tail.begin();
  std::string details;
  for (auto it = first; it != tail.end(); ++it) details += (details.empty() ? "" : "; ") + *it;
  if (!details.empty()) message += ": " + details;
  return Error{ErrorCode::FetchFailed, message};
}

void GitSession::log(const std::string& line) const {
  if (options_.log) options_.log(line);
}

}  // namespace kiln
