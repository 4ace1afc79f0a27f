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

class Detector {
 public:
  virtual ~Detector() = default;
  virtual Detection detect(const SourceTree& tree) const = 0;
};

}  // namespace kiln::sdk
