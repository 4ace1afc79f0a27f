// kiln buildpacks list [--json]: what is loaded, from where (and the author's new and test).
#include <iostream>

#include "cli/cli_context.hpp"

namespace kiln::cli {

void add_buildpacks_command(CLI::App& app, CliContext& context) {
  auto* group = app.add_subcommand("buildpacks", "Inspect, write, test, share and install buildpacks");
  group->require_subcommand(1);
  auto* list = group->add_subcommand("list", "id, version, kind (native|lua) and source file of each buildpack");
  static bool json = false;
  list->add_flag("--json", json, "Print as JSON");
  // kiln-engine answers --outdated (it asks the registries); the front hands such a command on.
  static bool outdated = false;
  list->add_flag("--outdated", outdated, "Installed buildpacks that have a newer version in their registry");
  list->callback([&context] {
    if (outdated && context.list_outdated) return context.list_outdated();
    auto registry = context.load_registry();
    if (json) {
      auto out = nlohmann::json::array();
      for (const auto& b : registry.buildpacks()) out.push_back(to_json(b.descriptor));
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::size_t id_width = 2, version_width = 7;
    for (const auto& b : registry.buildpacks()) {
      id_width = std::max(id_width, b.descriptor.id.size());
      version_width = std::max(version_width, b.descriptor.version.size());
    }
    auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w > s.size() ? w - s.size() : 0, ' '); };
    std::cout << pad("ID", id_width) << "  " << pad("VERSION", version_width) << "  KIND    SOURCE\n";
    for (const auto& b : registry.buildpacks()) {
      const auto& d = b.descriptor;
      std::cout << pad(d.id, id_width) << "  " << pad(d.version, version_width) << "  " << pad(d.kind, 6) << "  "
                << d.source << "\n";
    }
  });
  add_buildpack_authoring_commands(*group, context);
}

}  // namespace kiln::cli
