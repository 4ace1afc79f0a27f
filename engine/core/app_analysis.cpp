#include "core/app_analysis.hpp"

#include <algorithm>

#include <boost/algorithm/string/predicate.hpp>

#include "core/closest_buildpacks.hpp"
#include "core/plan_overrides.hpp"
#include "core/plan_validation.hpp"

namespace kiln {
namespace {

Result<AppConfig> read_app_config(const LocalSourceTree& tree) {
  if (!tree.exists(kAppConfigFile)) return AppConfig{};
  auto text = tree.read(kAppConfigFile);
  if (!text) return Error{ErrorCode::InvalidConfig, std::string(kAppConfigFile) + " is not a readable file under 1 MiB"};
  return parse_app_config(*text, kAppConfigFile);
}

Error no_match(const LocalSourceTree& tree, const std::vector<Verdict>& verdicts) {
  std::string message = "no buildpack recognised the app in " + tree.root().string() + ".";
  if (auto closest = closest_buildpacks(tree, verdicts); !closest.empty()) {
    message += "\nClosest:";
    for (const auto& miss : closest) message += "\n  " + describe(miss);
  }
  // What every buildpack looked for (and why one that failed could not answer: it may be the one that should have matched).
  message += "\nLooked for:";
  for (const auto& v : verdicts) message += "\n  " + v.buildpack + ": " + describe(v);
  message += "\nAdd a kiln.toml naming a buildpack and a start command, or a Dockerfile.";
  return Error{ErrorCode::NoBuildpack, message};
}

// A looks_for entry is a path, or a glob ("*.cabal", "src/*.cob") for files
// whose names are the project's own; a glob at the root reads no more than the
// root listing the tree already holds. A looks_inside file counts when it
// mentions one of the words: read (a few KiB; a larger file than kLooksInsideBytes
// simply counts), not parsed.
constexpr std::size_t kLooksInsideBytes = 256 << 10;

bool mentions(const std::string& text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const auto& word) { return boost::algorithm::icontains(text, word); });
}

bool looks_here(const BuildpackDescriptor& descriptor, const LocalSourceTree& tree) {
  if (descriptor.looks_for.empty() && descriptor.looks_inside.empty()) return true;
  for (const auto& path : descriptor.looks_for) {
    bool pattern = path.find_first_of("*?") != std::string::npos;
    if (pattern ? !tree.glob(path).empty() : tree.exists(path)) return true;
  }
  for (const auto& file : descriptor.looks_inside.files) {
    if (!tree.exists(file)) continue;
    auto text = tree.read(file, kLooksInsideBytes);
    if (!text || mentions(*text, descriptor.looks_inside.words)) return true;  // too large to look into: ask
  }
  return false;
}

bool better(const Candidate& a, const Candidate& b) {
  if (a.detection.score != b.detection.score) return a.detection.score > b.detection.score;
  if (a.priority != b.priority) return a.priority > b.priority;
  return a.buildpack < b.buildpack;  // deterministic, whatever the load order
}

// kiln.toml's dockerfile, target and service are shorthands for [buildpack_options] keys.
sdk::GenerateOptions generate_options(const AppConfig& config) {
  sdk::GenerateOptions options;
  options.build_args = config.build_args;
  options.extra = config.buildpack_options.is_object() ? config.buildpack_options : nlohmann::json::object();
  for (const auto& [key, value] : {std::pair{"dockerfile", &config.dockerfile}, std::pair{"target", &config.target},
                                   std::pair{"service", &config.service}})
    if (*value) options.extra[key] = **value;
  return options;
}

// A buildpack whose descriptor says an option chooses it (kiln.dockerfile: `dockerfile`), when the user set that option.
const RegisteredBuildpack* chosen_by_option(const BuildpackRegistry& registry, const nlohmann::json& extra) {
  for (const auto& b : registry.buildpacks())
    for (const auto& option : b.descriptor.chosen_by)
      if (extra.contains(option)) return &b;
  return nullptr;
}

}  // namespace

Result<Analysis> analyze_app(const LocalSourceTree& root, const BuildpackRegistry& registry, const AppConfig& overrides) {
  Analysis analysis;
  auto config = read_app_config(root);
  if (!config) return config.error();
  analysis.config = std::move(config.value());
  analysis.config.merge_from(overrides);
  const auto options = generate_options(analysis.config);
  // Some options say how to build (naming a Dockerfile): no need to also name the buildpack.
  if (!analysis.config.buildpack)
    if (const auto* chosen = chosen_by_option(registry, options.extra))
      analysis.config.buildpack = chosen->descriptor.id;

  if (analysis.config.context) {
    auto sub = root.subtree(*analysis.config.context);
    if (!sub) return sub.error().with_context("kiln.toml context");
    analysis.tree = std::make_shared<LocalSourceTree>(std::move(sub.value()));
  } else {
    analysis.tree = std::make_shared<LocalSourceTree>(root);
  }
  const auto& tree = *analysis.tree;
  auto& report = analysis.report;

  for (const auto& buildpack : registry.buildpacks()) {
    const auto& described = buildpack.descriptor;
    auto& verdict = report.verdicts.emplace_back(Verdict{described.id, Verdict::Outcome::NotAsked, 0, {}, described.looks_for, {},
                                                         described.looks_inside.files, described.looks_inside.words});
    // A buildpack that names what it looks for is not asked (or loaded) when none of it is here.
    if (!looks_here(buildpack.descriptor, tree)) continue;
    auto code = buildpack.code();
    auto detection = code ? (*code)->detect(tree) : Result<sdk::Detection>(code.error());
    if (!detection) {
      verdict.outcome = Verdict::Outcome::Failed;
      verdict.reason = detection.error().message;
      report.warnings.push_back(detection.error().message);
      continue;
    }
    verdict.outcome = detection->pass ? Verdict::Outcome::Passed : Verdict::Outcome::Declined;
    verdict.score = detection->pass ? detection->score : 0;
    verdict.evidence = detection->evidence;
    if (detection->pass) report.candidates.push_back({buildpack.descriptor.id, buildpack.descriptor.priority, std::move(detection.value())});
  }
  std::stable_sort(report.candidates.begin(), report.candidates.end(), better);

  if (analysis.config.buildpack) {
    const auto* forced = registry.find(*analysis.config.buildpack);
    if (!forced) {
      std::string known;
      for (const auto& b : registry.buildpacks()) known += (known.empty() ? "" : ", ") + b.descriptor.id;
      return Error{ErrorCode::UnknownBuildpack, "buildpack '" + *analysis.config.buildpack + "' is not loaded (loaded: " + known + ")"};
    }
    analysis.buildpack = forced;
    auto it = std::find_if(report.candidates.begin(), report.candidates.end(),
                           [&](const auto& c) { return c.buildpack == forced->descriptor.id; });
    if (it != report.candidates.end()) report.detection = it->detection;
    report.detection.pass = true;
  } else {
    if (report.candidates.empty()) return no_match(tree, report.verdicts);
    analysis.buildpack = registry.find(report.candidates.front().buildpack);
    report.detection = report.candidates.front().detection;
  }
  report.buildpack = analysis.buildpack->descriptor.id;

  const auto& chosen = *analysis.buildpack;
  auto code = chosen.code();
  auto plan = code ? (*code)->generate(tree, report.detection, options) : Result<sdk::BuildPlan>(code.error());
  if (!plan) {
    analysis.plan_error = plan.error();
    return analysis;
  }
  auto& p = plan.value();
  p.buildpack = chosen.descriptor.id;
  if (p.language.empty()) p.language = report.detection.language;
  if (!p.framework) p.framework = report.detection.framework;
  if (!p.package_manager) p.package_manager = report.detection.package_manager;
  apply_overrides(p, analysis.config);
  drop_missing_inputs(p, tree);
  report.start_cmd = start_command_line(p.start);
  report.port = p.port;
  if (auto valid = validate_plan(p); !valid) {
    analysis.plan_error = valid.error().with_context("buildpack " + chosen.descriptor.id);
    return analysis;
  }
  analysis.plan = std::move(p);
  return analysis;
}

Result<sdk::BuildPlan> plan_of(const Analysis& analysis) {
  if (analysis.plan) return *analysis.plan;
  return analysis.plan_error.value_or(Error{ErrorCode::PlanFailed, "no build plan was generated"});
}

}  // namespace kiln
