#include "service/deployment_store.hpp"

#include "service/utc_timestamp.hpp"

namespace kiln::service {
namespace {

constexpr int kBusyTimeoutMs = 5000;
constexpr const char* kColumns = "seq, app, commit_id, image, build_id, trigger, status, digest, created_at_ms";

Deployment copy_row(const SqliteStatement& row) {
  return Deployment{row.int64(0), row.text(1), row.text(2), row.text(3), row.text(4),
                    row.text(5),  row.text(6), row.text(7), row.int64(8)};
}

}  // namespace

nlohmann::json to_json(const Deployment& deployment) {
  return {{"app", deployment.app},           {"commit", deployment.commit},   {"image", deployment.image},
          {"build_id", deployment.build_id}, {"trigger", deployment.trigger}, {"status", deployment.status},
          {"digest", deployment.digest},     {"created_at", rfc3339_utc_ms(deployment.created_at_ms)}};
}

Result<std::unique_ptr<DeploymentStore>> DeploymentStore::open(const std::filesystem::path& file) {
  auto db = SqliteConnection::open(file, kBusyTimeoutMs);
  if (!db) return db.error().with_context("opening the deployment store " + file.string());
  return std::unique_ptr<DeploymentStore>(new DeploymentStore(std::move(*db)));
}

Result<bool> DeploymentStore::claim(const Deployment& deployment) {
  std::lock_guard lock(mutex_);
  auto q = db_.query(
      "INSERT INTO deployments (app, commit_id, image, build_id, trigger, status, digest, created_at_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (app, commit_id) DO NOTHING");
  if (!q) return q.error();
  (*q)->bind_text(1, deployment.app)
      .bind_text(2, deployment.commit)
      .bind_text(3, deployment.image)
      .bind_text(4, deployment.build_id)
      .bind_text(5, deployment.trigger)
      .bind_text(6, deployment.status)
      .bind_text(7, deployment.digest)
      .bind_int64(8, deployment.created_at_ms);
  if (auto ran = (*q)->run(); !ran) return ran.error().with_context("recording a deployment of " + deployment.app);
  return db_.changes() == 1;
}

Result<std::vector<Deployment>> DeploymentStore::select_locked(std::string_view sql, const std::string& app, int limit) {
  auto q = db_.query(sql);
  if (!q) return q.error();
  if (!app.empty()) (*q)->bind_text(1, app).bind_int64(2, limit);
  std::vector<Deployment> out;
  for (;;) {
    auto row = (*q)->step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(copy_row(**q));
  }
}

Result<std::vector<Deployment>> DeploymentStore::unsubmitted() {
  std::lock_guard lock(mutex_);
  static const std::string sql = std::string("SELECT ") + kColumns +
                                 " FROM deployments d WHERE NOT EXISTS (SELECT 1 FROM builds b WHERE b.id = d.build_id) ORDER BY seq";
  return select_locked(sql, {}, 0);
}

Result<std::vector<Deployment>> DeploymentStore::unfinished() {
  std::lock_guard lock(mutex_);
  static const std::string sql = std::string("SELECT ") + kColumns +
                                 " FROM deployments WHERE status NOT IN ('succeeded', 'failed', 'cancelled', 'timed_out') ORDER BY seq";
  return select_locked(sql, {}, 0);
}

Status DeploymentStore::set_outcome(const std::string& build_id, const std::string& status, const std::string& digest) {
  std::lock_guard lock(mutex_);
  auto q = db_.query("UPDATE deployments SET status = ?2, digest = ?3 WHERE build_id = ?1");
  if (!q) return q.error();
  (*q)->bind_text(1, build_id).bind_text(2, status).bind_text(3, digest);
  if (auto ran = (*q)->run(); !ran) return ran.error().with_context("updating the deployment of build " + build_id);
  return Ok{};
}

Result<std::vector<Deployment>> DeploymentStore::list(const std::string& app, int limit, bool with_sub_apps) {
  std::lock_guard lock(mutex_);
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM deployments WHERE app = ?1 ORDER BY seq DESC LIMIT ?2";
  // substr, not LIKE: '_' in an app's name is no wildcard.
  static const std::string with_subs = std::string("SELECT ") + kColumns +
                                       " FROM deployments WHERE app = ?1 OR substr(app, 1, length(?1) + 1) = ?1 || '/' "
                                       "ORDER BY seq DESC LIMIT ?2";
  return select_locked(with_sub_apps ? with_subs : sql, app, limit);
}

Result<std::optional<Deployment>> DeploymentStore::latest(const std::string& app) {
  auto newest = list(app, 1);
  if (!newest) return newest.error();
  if (newest->empty()) return std::optional<Deployment>();
  return std::optional<Deployment>(newest->front());
}

Result<bool> DeploymentStore::first_delivery(const std::string& delivery_id) {
  std::lock_guard lock(mutex_);
  auto q = db_.query("INSERT INTO webhook_deliveries (delivery_id, received_at_ms) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
  if (!q) return q.error();
  (*q)->bind_text(1, delivery_id).bind_int64(2, now_epoch_ms());
  if (auto ran = (*q)->run(); !ran) return ran.error().with_context("recording webhook delivery");
  return db_.changes() == 1;
}

}  // namespace kiln::service
