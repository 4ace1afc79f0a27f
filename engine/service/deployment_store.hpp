#pragma once
// The watcher's memory, in the build store's SQLite file (tables made by its
// migrations): one row per deployment, i.e. per (app, commit) ever built, and
// the webhook deliveries already taken. The row is written before its build is
// submitted, with the build's id chosen up front: a commit is claimed once
// (UNIQUE (app, commit)), and a server killed between the claim and the
// submission finds the claim without its build at the next start and submits
// it then. So a commit is built exactly once across restarts.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "service/sqlite_handle.hpp"

namespace kiln::service {

struct Deployment {
  std::int64_t seq = 0;
  std::string app;
  std::string commit;
  std::string image;
  std::string build_id;
  std::string trigger;  // "poll", "webhook", "sync", "restart"
  std::string status;   // the build's status; copied from it until it is final
  std::string digest;   // the pushed digest, else the image id
  std::int64_t created_at_ms = 0;
};

nlohmann::json to_json(const Deployment& deployment);

class DeploymentStore {
 public:
  // Opens the store file that SqliteBuildStore::open created and migrated.
  static Result<std::unique_ptr<DeploymentStore>> open(const std::filesystem::path& file);

  // Writes the deployment unless its (app, commit) has one: true when this call claimed it.
  Result<bool> claim(const Deployment& deployment);
  // Claims whose build was never stored (the server stopped in between), oldest first.
  Result<std::vector<Deployment>> unsubmitted();
  // Deployments whose status is not final yet, oldest first.
  Result<std::vector<Deployment>> unfinished();
  Status set_outcome(const std::string& build_id, const std::string& status, const std::string& digest);
  // Newest first; `with_sub_apps`: the app's sub-apps' too ("<app>/<sub>", see repo_apps.hpp).
  Result<std::vector<Deployment>> list(const std::string& app, int limit, bool with_sub_apps = false);
  Result<std::optional<Deployment>> latest(const std::string& app);
  // True the first time a delivery id is seen, false ever after.
  Result<bool> first_delivery(const std::string& delivery_id);

 private:
  explicit DeploymentStore(SqliteConnection db) : db_(std::move(db)) {}
  Result<std::vector<Deployment>> select_locked(std::string_view sql, const std::string& app, int limit);

  std::mutex mutex_;
  SqliteConnection db_;
};

}  // namespace kiln::service
