#include <kiln/support/native_packages.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include <kiln/support/toml_json.hpp>

#include "native_packages_table.hpp"

namespace kiln::support {
namespace {

// Parsed once; the file is ours and a unit test holds it to its shape, so a
// broken table is a bug that stops every lookup loudly.
const nlohmann::json& table() {
  static const nlohmann::json parsed = parse_toml_as_json(native_packages_table_text(), "native_packages.toml");
  return parsed;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void add_all(std::vector<std::string>& list, const nlohmann::json& entry, const char* key) {
  auto it = entry.find(key);
  if (it == entry.end()) return;
  for (const auto& package : *it) {
    auto name = package.get<std::string>();
    if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(std::move(name));
  }
}

}  // namespace

NativePackages native_packages(std::string_view ecosystem, const std::vector<std::string>& names) {
  NativePackages out;
  auto section = table().find(std::string(ecosystem));
  if (section == table().end()) return out;
  for (const auto& name : names) {
    auto entry = section->find(lower(name));
    if (entry == section->end()) continue;
    add_all(out.build, *entry, "build");
    add_all(out.run, *entry, "run");
  }
  return out;
}

std::vector<std::string> native_package_names(std::string_view ecosystem) {
  std::vector<std::string> names;
  auto section = table().find(std::string(ecosystem));
  if (section == table().end()) return names;
  for (const auto& [name, entry] : section->items()) names.push_back(name);
  return names;
}

}  // namespace kiln::support
