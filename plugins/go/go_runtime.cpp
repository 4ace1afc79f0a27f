#include "go_runtime.hpp"

#include <kiln/support/runtime_pin.hpp>

namespace kiln::go {

sdk::BaseImage go_runtime(const sdk::SourceTree& tree, const nlohmann::json& facts) {
  auto text = tree.read("go.mod").value_or("");
  auto toolchain = facts.value("toolchain", std::string());
  // "go1.26.8" and "go1.26.8-custom" (a fork's suffix kiln cannot have) alike.
  if (toolchain.rfind("go", 0) == 0)
    return support::pinned_runtime("go", "~" + toolchain.substr(2), "go.mod", text, "toolchain", "\ntoolchain ");
  auto go_version = facts.value("go_version", std::string());
  if (go_version.empty()) return sdk::BaseImage::of_runtime("go");
  return support::pinned_runtime("go", ">=" + go_version, "go.mod", text, "go", "\ngo ");
}

}  // namespace kiln::go
