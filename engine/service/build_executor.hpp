#pragma once
// One build from start to end: fetch the source, detect, plan, build every
// unit on the engine, push. Each stage reports through the BuildReporter;
// every way out ends in a final status with a reason.
#include <optional>
#include <string>

#include "core/app_config.hpp"
#include "core/pipeline.hpp"
#include "service/build_reporter.hpp"
#include "service/buildpack_catalog.hpp"
#include "service/bundle_store.hpp"
#include "service/server_config.hpp"
#include "sources/source_materializer.hpp"

namespace kiln::service {

struct ExecutorContext {
  const ServerConfig& config;
  BuildpackCatalog& catalog;
  const BundleStore& bundles;
  std::optional<std::string> ca_bundle_pem;  // the server's CA bundle, read once at start
};

void execute_build(BuildReporter& reporter, const ExecutorContext& context);
// Pushes the image of a succeeded build to the submission's push target.
void execute_push(BuildReporter& reporter, const ExecutorContext& context);

// How the service fetches a source for a build, /detect or /plan.
MaterializeOptions materialize_options(const ExecutorContext& context, const std::atomic<bool>* cancelled,
                                       std::function<void(const std::string&)> log);

// A submission's source as the pipeline's fetch: a checkout or an extracted bundle under `work`
// (`spec` must outlive the returned function).
std::function<Result<AppSource>()> source_fetch(const SourceSpec& spec, std::filesystem::path work, MaterializeOptions options);

// What a submission overrides of the app's kiln.toml: buildpack, env, build args, target.
AppConfig app_overrides(const BuildSubmission& submission);

// Replaces every occurrence of a secret in every string of a JSON value.
void mask_json(nlohmann::json& value, const SecretMasker& masker);

}  // namespace kiln::service
