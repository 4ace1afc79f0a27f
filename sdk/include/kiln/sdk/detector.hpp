#pragma once
// Detector: "is this my kind of project, and how sure am I?"
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiln/sdk/source.hpp"

namespace kiln::sdk {

struct Detection {
  bool pass = false;
  // 0..100. The highest passing score wins; ties go to the higher buildpack priority.
  // Rough scale: 90+ the repo states how to build itself (Dockerfile, compose),
  // 60-85 a language manifest, 30-50 weak signals, under 20 fallbacks.
  int score = 0;
  std::string language;                    // node, python, go, rust, java, ruby, php, static, ...
  std::optional<std::string> framework;    // next, django, spring-boot, ...
  std::optional<std::string> package_manager;  // npm, pip, cargo, ...
  std::vector<std::string> evidence;       // the files that made the decision
  nlohmann::json facts = nlohmann::json::object();  // private to the buildpack: handed back to generate()

  static Detection no() { return {}; }
};

// Detections cross the native boundary and the worker pipe as JSON. Writing is
// exact; reading here is lenient (the plugin reads back its own detection) —
// kiln's side checks every field of untrusted output before it trusts it.
inline void to_json(nlohmann::json& j, const Detection& d) {
  j = {{"pass", d.pass}, {"score", d.score}, {"language", d.language}, {"evidence", d.evidence}, {"facts", d.facts}};
  j["framework"] = d.framework ? nlohmann::json(*d.framework) : nlohmann::json(nullptr);
  j["package_manager"] = d.package_manager ? nlohmann::json(*d.package_manager) : nlohmann::json(nullptr);
}
inline void from_json(const nlohmann::json& j, Detection& d) {
  auto text = [&](const char* key) -> std::optional<std::string> {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  };
  d.pass = j.value("pass", false);
  d.score = j.value("score", 0);
  d.language = text("language").value_or("");
  d.framework = text("framework");
  d.package_manager = text("package_manager");
  if (auto it = j.find("evidence"); it != j.end() && it->is_array())
    for (const auto& e : *it)
      if (e.is_string()) d.evidence.push_back(e.get<std::string>());
  if (auto it = j.find("facts"); it != j.end() && it->is_object()) d.facts = *it;
}

class Detector {
 public:
  virtual ~Detector() = default;
  virtual Detection detect(const SourceTree& tree) const = 0;
};

}  // namespace kiln::sdk
