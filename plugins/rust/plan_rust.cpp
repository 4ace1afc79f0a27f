#include "plan_rust.hpp"

#include <kiln/sdk/generator.hpp>
#include <kiln/support/native_packages.hpp>
#include <kiln/support/relative_path.hpp>

#include "cargo_manifest.hpp"
#include "fetch_phase.hpp"
#include "rust_runtime.hpp"

namespace kiln::rust {
namespace {

// Pinned, so a .cargo/config.toml with another target-dir cannot move the binary.
constexpr const char* kTargetDir = "/app/target";

std::string checked_name(const nlohmann::json& facts, const char* key) {
  auto name = facts.value(key, std::string());
  if (!valid_cargo_name(name)) throw sdk::BuildpackError("Cargo " + std::string(key) + " name '" + name.substr(0, 64) + "' is not usable");
  return name;
}

std::vector<std::string> checked_paths(const nlohmann::json& facts, const char* key, const char* what) {
  std::vector<std::string> out;
  for (const auto& path : facts.value(key, std::vector<std::string>{})) out.push_back(support::require_relative_path(path, what));
  return out;
}

// Every crate of the lockfile: `name = "openssl-sys"` lines of its [[package]] tables.
std::vector<std::string> locked_crates(const sdk::SourceTree& tree) {
  std::vector<std::string> names;
  auto lock = tree.read("Cargo.lock");
  if (!lock) return names;
  constexpr std::string_view kKey = "\nname = \"";
  for (auto at = lock->find(kKey); at != std::string::npos; at = lock->find(kKey, at + 1)) {
    auto start = at + kKey.size();
    auto end = lock->find('"', start);
    if (end == std::string::npos || end - start > 64) continue;
    names.push_back(lock->substr(start, end - start));
  }
  return names;
}

}  // namespace

sdk::BuildPlan plan_rust(const sdk::SourceTree& tree, const nlohmann::json& facts,
                         const std::optional<std::string>& framework) {
  if (auto it = facts.find("error"); it != facts.end() && it->is_string()) throw sdk::BuildpackError(it->get<std::string>());
  // Names and paths reach shell commands: check them again after their trip through JSON.
  auto package = checked_name(facts, "package");
  auto binary = checked_name(facts, "binary");
  auto manifests = checked_paths(facts, "manifests", "Cargo manifest");
  auto stubs = checked_paths(facts, "stubs", "Cargo target placeholder");
  bool locked = facts.value("locked", false);

  sdk::BuildPlan plan;
  plan.buildpack = "kiln.rust";
  plan.language = "rust";
  plan.framework = framework;
  plan.package_manager = "cargo";
  plan.build_image = rust_runtime(tree);
  // Linked against glibc: the C runtime libraries and nothing else. A system
  // library to install at run time needs apt: the catalogue's fuller stack of
  // cc-runtime, which the renderer picks.
  plan.run_image = sdk::BaseImage::of_runtime("cc-runtime");
  plan.build_env = {{"CARGO_TARGET_DIR", kTargetDir}};
  // Crates that link a system library (openssl-sys, pq-sys, ...): headers to build, the library to run.
  if (locked) {
    auto native = support::native_packages("rust", locked_crates(tree));
    plan.build_packages = native.build;
    plan.run_packages = native.run;
  }
  plan.phases.push_back(fetch_phase(manifests, locked, stubs));

  std::string build = "cargo build --release";
  if (locked) build += " --locked";
  if (facts.value("workspace", false)) build += " --package " + package;
  build += " --bin " + binary;
  plan.phases.push_back({"build", {}, {build}, {}});

  auto built = std::string(kTargetDir) + "/release/" + binary;
  auto installed = "/app/" + binary;
  plan.artifacts.push_back({built, installed});
  plan.start.argv = {installed};
  plan.port = 8080;
  if (framework == "rocket") {
    // Rocket listens on 127.0.0.1:8000 and reads ROCKET_PORT, never PORT:
    // the start hands it $PORT, so a port set at run time is the one it serves.
    plan.env["ROCKET_ADDRESS"] = "0.0.0.0";
    plan.start.argv.clear();
    plan.start.shell = "ROCKET_PORT=\"${PORT:-8080}\" exec " + installed;
  }
  return plan;
}

}  // namespace kiln::rust
