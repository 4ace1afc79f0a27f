#pragma once
// kiln's stack catalogue: the base images plans can start from, as data
// (stacks/catalogue.toml, compiled in; a user's file read over it). Plans ask
// for a runtime and a version range; the catalogue answers with an image.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <kiln/sdk/plan.hpp>

#include "core/result.hpp"

namespace kiln {

struct CatalogueStack {
  std::string name;                   // node-22
  std::string runtime;                // node
  std::vector<std::string> versions;  // 22.23.5; "17" stands for a release line
  bool is_default = false;            // what a request with no range gets
  std::string image;                  // kiln/stack-node-22:bookworm, or any image reference
  // A run stack made without a package manager names the stack that runs the
  // same programs with one (node-22-runtime: node-22); has_shell false: it has
  // no shell either, so a shell start command needs the fuller stack too.
  std::string fuller;
  bool has_shell = true;
};

// What a request resolved to.
struct ResolvedImage {
  std::string image;
  const CatalogueStack* stack = nullptr;  // null: an image reference used as written
  std::string version;                    // the version of the stack chosen
  std::string warning;                    // set when the version is not the one pinned (the nearest policy)
};

// kiln.toml runtime_versions: what a pin no stack satisfies gets.
enum class VersionPolicy {
  exact,    // an error naming the pin's file and line and the versions on offer (the default)
  nearest,  // the nearest version on offer (nearest_version.hpp), with a warning
};

class StackCatalogue {
 public:
  // stacks/catalogue.toml as kiln was built with it.
  static const StackCatalogue& builtin();
  // TOML text; errors name origin and line.
  static Result<StackCatalogue> parse(std::string_view text, const std::string& origin);
  static Result<StackCatalogue> read_file(const std::filesystem::path& path);

  // Stacks of `other` replace those of the same name and add the rest.
  void merge(const StackCatalogue& other);
  // [stacks] NAME = IMAGE and --stack NAME=IMAGE: NAME is a stack, or a
  // runtime (then every stack of it). Unknown names are an error.
  Status map_image(const std::string& name, const std::string& image);

  Result<ResolvedImage> resolve(const sdk::BaseImage& base) const;
  // The image a run stage starts from: `run` resolved, or the stack's fuller
  // one when the run image must install packages or run a shell it lacks.
  Result<ResolvedImage> resolve_run(const sdk::BaseImage& run, bool installs_packages, bool runs_shell) const;

  void set_version_policy(VersionPolicy policy) { policy_ = policy; }

  const std::vector<CatalogueStack>& stacks() const { return stacks_; }
  // "20.20.2, 22.23.5": what a runtime offers, oldest first.
  std::string versions_on_offer(const std::string& runtime) const;

 private:
  Result<ResolvedImage> resolve_runtime(const sdk::BaseImage& base) const;
  std::vector<CatalogueStack> stacks_;
  VersionPolicy policy_ = VersionPolicy::exact;
};

}  // namespace kiln
