#include "runners/image_retention.hpp"

#include <algorithm>
#include <set>

namespace kiln {

Result<RetentionOutcome> remove_images_beyond(const DockerEngine& engine, const std::string& label, const std::string& value,
                                              int keep) {
  const nlohmann::json filter = {{"label", {label + "=" + value}}};
  auto images = engine.call("GET", "/images/json?filters=" + url_encode(filter.dump()));
  if (!images) return images.error().with_context("listing the images of " + value);
  if (!images->is_array()) return Error{ErrorCode::EngineUnavailable, "the engine's image list is not an array"};
  std::vector<nlohmann::json> sorted(images->begin(), images->end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.value("Created", 0ll) > b.value("Created", 0ll); });
  RetentionOutcome outcome;
  if (sorted.size() <= static_cast<std::size_t>(std::max(keep, 0))) return outcome;

  auto running = engine.call("GET", "/containers/json");  // running ones only
  if (!running) return running.error().with_context("listing running containers");
  std::set<std::string> in_use;
  for (const auto& container : *running) in_use.insert(container.value("ImageID", ""));

  for (std::size_t i = static_cast<std::size_t>(keep); i < sorted.size(); ++i) {
    const auto id = sorted[i].value("Id", "");
    if (in_use.count(id)) {
      outcome.kept_in_use.push_back(id);
      continue;
    }
    for (const auto& tag : sorted[i].value("RepoTags", nlohmann::json::array())) {
      if (!tag.is_string() || tag.get<std::string>() == "<none>:<none>") continue;
      auto removed = engine.call("DELETE", "/images/" + url_encode(tag.get<std::string>()));
      if (removed) outcome.removed.push_back(tag.get<std::string>());
      else outcome.refused.push_back(tag.get<std::string>() + ": " + removed.error().message);
    }
  }
  return outcome;
}

}  // namespace kiln
