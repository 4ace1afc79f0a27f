// kiln buildpacks list [--json]: what is loaded, from where.
#include <iostream>

#include "cli/cli_context.hpp"

namespace kiln::cli {

void add_buildpacks_command(CLI::App& app, CliContext& context) {
  auto* group = app.add_subcommand("buildpacks", "Inspect the loaded buildpacks");
  group->require_subcommand(1);
  auto* list = group->add_subcommand("list", "id, version, kind (native|lua) and source file of each buildpack");
  static bool json = false;
  list->add_flag("--json", json, "Print as JSON");
  list->callback([&context] {
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
}

}  // namespace kiln::cli
