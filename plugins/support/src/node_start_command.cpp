#include "kiln/support/node_start_command.hpp"

#include <array>
#include <sstream>

#include "kiln/support/relative_path.hpp"

namespace kiln::support {
namespace {

constexpr std::array<std::string_view, 7> kEntryFiles{"index.js", "server.js", "app.js", "main.js",
                                                      "index.mjs", "server.mjs", "app.mjs"};

sdk::StartCommand exec_form(std::vector<std::string> argv) {
  sdk::StartCommand command;
  command.argv = std::move(argv);
  return command;
}

// A file path inside the app folder, or nullopt for anything that is not plainly one.
std::optional<std::string> inner_path(std::string_view path) {
  auto normalized = normalize_relative_path(path);
  if (!normalized || *normalized == ".") return std::nullopt;
  return normalized;
}

bool is_file(const sdk::SourceTree& tree, std::string_view path) { return tree.exists(path) && !tree.is_dir(path); }

// "node dist/main" -> "dist/main": a script that only runs one file can be run
// directly, so node is PID 1 and gets the container's signals.
std::optional<std::string> plain_node_script_file(const std::string& script) {
  std::istringstream in(script);
  std::string program, file, extra;
  if (!(in >> program >> file) || (in >> extra) || program != "node") return std::nullopt;
  return inner_path(file);
}

std::optional<NodeStart> nest_start(const PackageJson& package, const NodePackageManager& pm, const NodeFramework& f) {
  // Nest's generated "start" is `nest start`, which recompiles on every boot;
  // its production command is start:prod (`node dist/main`).
  if (auto prod = package.script("start:prod"))
    if (auto file = plain_node_script_file(*prod)) return NodeStart{exec_form(node_file_argv(pm, *file)), "scripts.start:prod", {}};
  if (package.script("build") && f.server_entry)
    return NodeStart{exec_form(node_file_argv(pm, *f.server_entry)), "nest", {}};
  return std::nullopt;
}

std::optional<NodeStart> framework_start(const NodePackageManager& pm, const NodeFramework& f) {
  // Next's standalone server is what the build leaves in the run image (`next start` needs the whole app).
  if (f.standalone && f.server_entry) return NodeStart{exec_form({"node", *f.server_entry}), f.name + " standalone", {}};
  if (!f.server_binary.empty()) {
    auto argv = dependency_binary_argv(pm, f.server_binary.front());
    argv.insert(argv.end(), f.server_binary.begin() + 1, f.server_binary.end());
    return NodeStart{exec_form(argv), f.name, {}};
  }
  if (f.server_entry && f.name != "nest") return NodeStart{exec_form(node_file_argv(pm, *f.server_entry)), f.name, {}};
  return std::nullopt;
}

std::optional<NodeStart> main_field_start(const sdk::SourceTree& tree, const PackageJson& package,
                                          const NodePackageManager& pm) {
  auto main = package.text("main");
  if (!main) return std::nullopt;
  auto file = inner_path(*main);
  if (!file) return std::nullopt;
  for (const std::string& candidate : {*file, *file + ".js"})
    if (is_file(tree, candidate)) return NodeStart{exec_form(node_file_argv(pm, *file)), "package.json main", candidate};
  // "main": "dist/server.js" does not exist until the build script has run.
  if (package.script("build")) return NodeStart{exec_form(node_file_argv(pm, *file)), "package.json main", {}};
  return std::nullopt;
}

}  // namespace

std::optional<NodeStart> infer_node_start(const sdk::SourceTree& tree, const PackageJson& package,
                                          const NodePackageManager& pm, const std::optional<NodeFramework>& framework) {
  if (framework && framework->name == "nest")
    if (auto start = nest_start(package, pm, *framework)) return start;

  // `next start` refuses to serve an `output: 'standalone'` build the way its docs say: run server.js.
  if (framework && framework->standalone) return framework_start(pm, *framework);

  auto start_script = package.script("start");
  // A start script that runs a dev server is a last resort when the framework knows its production server.
  bool dev_server = start_script && is_dev_server_command(*start_script);
  if (start_script && !dev_server) return NodeStart{exec_form(run_script_argv(pm, "start")), "scripts.start", {}};
  if (framework)
    if (auto start = framework_start(pm, *framework)) return start;
  if (auto start = main_field_start(tree, package, pm)) return start;
  for (auto entry : kEntryFiles)
    if (is_file(tree, entry)) return NodeStart{exec_form(node_file_argv(pm, entry)), std::string(entry), std::string(entry)};
  if (start_script) return NodeStart{exec_form(run_script_argv(pm, "start")), "scripts.start", {}};
  return std::nullopt;
}

std::optional<std::string> node_entry_file(const sdk::SourceTree& tree, const PackageJson& package, const NodeStart& start) {
  if (start.file) return start.file;
  std::optional<std::string> script;
  if (start.decided_by.starts_with("scripts.")) script = package.script(start.decided_by.substr(8));
  if (script) {
    std::istringstream in(*script);
    for (std::string word; in >> word;)
      if (auto file = inner_path(word))
        for (const std::string& candidate : {*file, *file + ".js"})
          if (candidate.find('.') != std::string::npos && is_file(tree, candidate)) return candidate;
  }
  if (auto main = package.text("main"))
    if (auto file = inner_path(*main); file && is_file(tree, *file)) return file;
  return std::nullopt;
}

}  // namespace kiln::support
