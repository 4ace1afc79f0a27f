#pragma once
// What every group of routes reaches: settings, the build service, the
// buildpacks, uploaded bundles, the server log.
#include <atomic>

#include "service/app_watcher.hpp"
#include "service/build_service.hpp"
#include "service/buildpack_catalog.hpp"
#include "service/bundle_store.hpp"
#include "service/server_config.hpp"
#include "service/server_log.hpp"

namespace kiln::http {

struct ApiContext {
  const service::ServerConfig& config;
  service::BuildService& builds;
  service::BuildpackCatalog& catalog;
  const service::BundleStore& bundles;
  service::ServerLog& log;
  const service::ExecutorContext& executor;  // /detect and /plan fetch sources the way builds do
  std::atomic<bool> stopping{false};        // log streams end when set
  service::AppWatcher* apps = nullptr;      // the GitOps watcher; null: /apps lists none
};

}  // namespace kiln::http
