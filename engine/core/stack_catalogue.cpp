#include "core/stack_catalogue.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <kiln/sdk/semver.hpp>

#include "core/builtin_catalogue_text.hpp"
#include "core/nearest_version.hpp"
#include "core/toml_document.hpp"
#include "core/value_checks.hpp"

namespace kiln {
namespace {

// One [[stack]] table. Keys kiln does not use (recipe, check, ...) are
// make-stacks.sh's and are left alone.
Result<CatalogueStack> read_stack(const toml::table& table, const std::string& origin) {
  CatalogueStack stack;
  auto text = [&](const char* key, std::string& out, bool required) -> Status {
    const auto* node = table.get(key);
    if (!node && required) return config_error_at(origin, table, std::string("a [[stack]] needs '") + key + "'");
    if (!node) return Ok{};
    if (!node->is_string()) return config_error_at(origin, *node, std::string("'") + key + "' must be a string");
    out = *node->value<std::string>();
    if (auto p = check_single_line(key, out)) return config_error_at(origin, *node, *p);
    return Ok{};
  };
  for (auto [key, out] : {std::pair{"name", &stack.name}, std::pair{"runtime", &stack.runtime}, std::pair{"image", &stack.image}})
    if (auto status = text(key, *out, true); !status) return status.error();
  if (auto status = text("fuller", stack.fuller, false); !status) return status.error();
  if (auto p = check_image_reference(stack.image)) return config_error_at(origin, *table.get("image"), "stack " + stack.name + ": " + *p);
  if (const auto* node = table.get("default")) {
    if (!node->is_boolean()) return config_error_at(origin, *node, "'default' must be true or false");
    stack.is_default = *node->value<bool>();
  }
  if (const auto* node = table.get("shell")) {
    if (!node->is_boolean()) return config_error_at(origin, *node, "'shell' must be true or false");
    stack.has_shell = *node->value<bool>();
  }
  if (const auto* node = table.get("versions")) {
    const auto* array = node->as_array();
    if (!array) return config_error_at(origin, *node, "'versions' must be an array of versions");
    for (const auto& item : *array) {
      auto version = item.value<std::string>();
      if (!item.is_string() || !sdk::semver::parse(*version))
        return config_error_at(origin, item, "stack " + stack.name + ": versions must be versions such as \"22.23.5\" or \"17\"");
      stack.versions.push_back(*version);
    }
  }
  return stack;
}

int compare_versions(const std::string& a, const std::string& b) {
  return sdk::semver::compare(*sdk::semver::parse(a), *sdk::semver::parse(b));
}

std::string where(const sdk::BaseImage& base) {
  if (!base.pinned_by) return "the build plan";
  const auto& pin = *base.pinned_by;
  std::string out = pin.file;
  if (pin.line > 0) out += ":" + std::to_string(pin.line);
  if (!pin.field.empty()) out += " (" + pin.field + ")";
  return out;
}

}  // namespace

const StackCatalogue& StackCatalogue::builtin() {
  static const StackCatalogue catalogue = [] {
    auto parsed = parse(builtin_catalogue_text(), "stacks/catalogue.toml");
    // Built from the repository's own file, which a unit test reads: a broken one never ships.
    return parsed ? std::move(parsed.value()) : StackCatalogue{};
  }();
  return catalogue;
}

Result<StackCatalogue> StackCatalogue::parse(std::string_view text, const std::string& origin) {
  auto root = parse_toml_document(text, origin);
  if (!root) return root.error();
  StackCatalogue catalogue;
  const auto* list = root->get("stack");
  if (!list) return catalogue;
  const auto* array = list->as_array();
  if (!array) return config_error_at(origin, *list, "'stack' must be an array of tables: [[stack]]");
  std::set<std::string> names, defaults;
  for (const auto& item : *array) {
    const auto* table = item.as_table();
    if (!table) return config_error_at(origin, item, "'stack' must be an array of tables: [[stack]]");
    auto stack = read_stack(*table, origin);
    if (!stack) return stack.error();
    if (!names.insert(stack->name).second) return config_error_at(origin, item, "stack " + stack->name + " is listed twice");
    if (stack->is_default && !defaults.insert(stack->runtime).second)
      return config_error_at(origin, item, "runtime " + stack->runtime + " has more than one default stack");
    catalogue.stacks_.push_back(std::move(stack.value()));
  }
  // A user's file may name a fuller stack of kiln's own: that is checked when a run image falls back to it.
  return catalogue;
}

Result<StackCatalogue> StackCatalogue::read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::InvalidConfig, "cannot read the stack catalogue " + path.string()};
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string());
}

void StackCatalogue::merge(const StackCatalogue& other) {
  for (const auto& stack : other.stacks_) {
    auto same = std::find_if(stacks_.begin(), stacks_.end(), [&](const auto& s) { return s.name == stack.name; });
    // A new default for a runtime takes the mark from the old one.
    if (stack.is_default)
      for (auto& s : stacks_)
        if (s.runtime == stack.runtime) s.is_default = false;
    if (same != stacks_.end()) *same = stack;
    else stacks_.push_back(stack);
  }
}

Status StackCatalogue::map_image(const std::string& name, const std::string& image) {
  if (auto p = check_image_reference(image)) return Error{ErrorCode::InvalidConfig, "stack " + name + ": " + *p};
  bool found = false;
  for (auto& stack : stacks_)
    if (stack.name == name || stack.runtime == name) stack.image = image, found = true;
  if (found) return Ok{};
  std::string known;
  for (const auto& stack : stacks_) known += (known.empty() ? "" : ", ") + stack.name;
  return Error{ErrorCode::InvalidConfig, "'" + name + "' is neither a stack nor a runtime of the stack catalogue (stacks: " + known + ")"};
}

std::string StackCatalogue::versions_on_offer(const std::string& runtime) const {
  std::vector<std::string> versions;
  for (const auto& stack : stacks_)
    if (stack.runtime == runtime) versions.insert(versions.end(), stack.versions.begin(), stack.versions.end());
  std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) { return compare_versions(a, b) < 0; });
  std::string out;
  for (const auto& v : versions) out += (out.empty() ? "" : ", ") + v;
  return out.empty() ? "no numbered version" : out;
}

Result<ResolvedImage> StackCatalogue::resolve(const sdk::BaseImage& base) const {
  if (!base.runtime.empty()) return resolve_runtime(base);
  // A plain string: the name of a runtime (its default) or of a stack, else an image as written.
  for (const auto& stack : stacks_)
    if (stack.runtime == base.image) return resolve_runtime(sdk::BaseImage::of_runtime(base.image));
  for (const auto& stack : stacks_)
    if (stack.name == base.image) return ResolvedImage{stack.image, &stack, stack.versions.empty() ? "" : stack.versions.back()};
  return ResolvedImage{base.image, nullptr, ""};
}

Result<ResolvedImage> StackCatalogue::resolve_run(const sdk::BaseImage& run, bool installs_packages, bool runs_shell) const {
  auto resolved = resolve(run);
  if (!resolved || !resolved->stack || resolved->stack->fuller.empty()) return resolved;
  if (!installs_packages && (resolved->stack->has_shell || !runs_shell)) return resolved;
  const auto& slim = *resolved->stack;
  for (const auto& stack : stacks_)
    if (stack.name == slim.fuller) return ResolvedImage{stack.image, &stack, stack.versions.empty() ? "" : stack.versions.back()};
  return Error{ErrorCode::InvalidConfig, "stack " + slim.name + " names the fuller stack " + slim.fuller + ", which the stack catalogue does not have"};
}

// With a range, the default stack when it satisfies it (the version kiln
// builds everything else with), else the newest version that does.
Result<ResolvedImage> StackCatalogue::resolve_runtime(const sdk::BaseImage& base) const {
  std::vector<const CatalogueStack*> candidates;
  for (const auto& stack : stacks_)
    if (stack.runtime == base.runtime) candidates.push_back(&stack);
  if (candidates.empty()) {
    std::set<std::string> runtimes;
    for (const auto& stack : stacks_) runtimes.insert(stack.runtime);
    std::string known;
    for (const auto& r : runtimes) known += (known.empty() ? "" : ", ") + r;
    return Error{ErrorCode::PlanFailed, "the stack catalogue has no stack for the runtime " + base.runtime + " (runtimes: " + known + ")"};
  }
  std::stable_partition(candidates.begin(), candidates.end(), [](const auto* s) { return s->is_default; });
  auto newest = [](const CatalogueStack& stack) { return stack.versions.empty() ? std::string() : stack.versions.back(); };
  if (base.version.empty()) return ResolvedImage{candidates.front()->image, candidates.front(), newest(*candidates.front())};

  const CatalogueStack* best = nullptr;
  std::string best_version;
  for (const auto* stack : candidates) {
    for (const auto& version : stack->versions) {
      auto ok = sdk::semver::satisfies(version, base.version);
      if (!ok)
        return Error{ErrorCode::PlanFailed, where(base) + " asks for " + base.runtime + " '" + base.version +
                                                "', which is not a version range kiln reads; the stack catalogue offers " +
                                                base.runtime + " " + versions_on_offer(base.runtime)};
      if (*ok && (!best || compare_versions(version, best_version) > 0)) best = stack, best_version = version;
    }
    if (best && stack->is_default) break;
  }
  if (best) return ResolvedImage{best->image, best, best_version};
  const auto offer = "the stack catalogue offers " + base.runtime + " " + versions_on_offer(base.runtime);
  if (policy_ == VersionPolicy::nearest) {
    std::vector<std::string> versions;
    for (const auto* stack : candidates) versions.insert(versions.end(), stack->versions.begin(), stack->versions.end());
    if (auto nearest = nearest_version(versions, base.version))
      for (const auto* stack : candidates)
        if (std::find(stack->versions.begin(), stack->versions.end(), *nearest) != stack->versions.end())
          return ResolvedImage{stack->image, stack, *nearest,
                               where(base) + " asks for " + base.runtime + " " + base.version + ", which no stack has; " +
                                   offer + ": using the nearest, " + *nearest + " (kiln.toml runtime_versions = \"nearest\")"};
  }
  return Error{ErrorCode::PlanFailed, where(base) + " asks for " + base.runtime + " " + base.version + "; " + offer +
                                          " (kiln.toml runtime_versions = \"nearest\" takes the nearest instead)"};
}

}  // namespace kiln
