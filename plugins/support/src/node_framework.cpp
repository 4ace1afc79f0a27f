#include "kiln/support/node_framework.hpp"

#include <array>
#include <sstream>

#include "kiln/support/node_angular_workspace.hpp"
#include "kiln/support/node_js_config.hpp"
#include "kiln/support/relative_path.hpp"

namespace kiln::support {
namespace {

NodeFramework named(std::string name, std::optional<std::string> config_file = std::nullopt) {
  NodeFramework f;
  f.name = std::move(name);
  f.config_file = std::move(config_file);
  return f;
}

std::optional<std::string> first_config(const sdk::SourceTree& tree, std::string_view stem) {
  static constexpr std::array<std::string_view, 6> kExtensions{".js", ".mjs", ".ts", ".cjs", ".mts", ".cts"};
  for (auto ext : kExtensions) {
    std::string path = std::string(stem) + std::string(ext);
    if (tree.exists(path)) return path;
  }
  return std::nullopt;
}

// outDir from the config when it is a literal safe folder, else the framework's default.
std::string output_dir(const sdk::SourceTree& tree, const std::optional<std::string>& config, std::string_view fallback) {
  if (config)
    if (auto dir = js_config_option(tree, *config, "outDir"))
      if (auto safe = normalize_relative_path(*dir); safe && *safe != ".") return *safe;
  return std::string(fallback);
}

bool script_mentions(const PackageJson& package, std::string_view script, std::string_view words) {
  auto text = package.script(script);
  return text && text->find(words) != std::string::npos;
}

std::optional<NodeFramework> next(const sdk::SourceTree& tree, const PackageJson& package) {
  auto config = first_config(tree, "next.config");
  if (!package.depends_on("next") && !config) return std::nullopt;
  auto f = named("next", config);
  // `output: 'export'` turns `next build` into a static site generator writing to out/.
  auto output = config ? js_config_option(tree, *config, "output") : std::nullopt;
  if (output == "export") f.static_output = "out";
  f.server_binary = {"next", "start"};
  f.build_binary = {"next", "build"};
  f.env = {{"NEXT_TELEMETRY_DISABLED", "1"}};
  if (output == "standalone") {
    // The standalone server.js binds to $HOSTNAME, which Docker sets to the container id.
    f.standalone = true;
    f.server_entry = "server.js";
    f.env["HOSTNAME"] = "0.0.0.0";
  }
  return f;
}

std::optional<NodeFramework> nuxt(const sdk::SourceTree& tree, const PackageJson& package) {
  auto config = first_config(tree, "nuxt.config");
  if (!package.depends_on("nuxt") && !package.depends_on("nuxt3") && !config) return std::nullopt;
  auto f = named("nuxt", config);
  if (script_mentions(package, "build", "generate")) f.static_output = ".output/public";
  f.server_entry = ".output/server/index.mjs";
  f.build_binary = {"nuxt", "build"};
  // Nitro's node server reads HOST (or NITRO_HOST) and PORT.
  f.env = {{"NUXT_TELEMETRY_DISABLED", "1"}, {"HOST", "0.0.0.0"}};
  return f;
}

std::optional<NodeFramework> remix(const sdk::SourceTree& tree, const PackageJson& package) {
  auto config = first_config(tree, "remix.config");
  if (!package.depends_on_any_starting_with("@remix-run/") && !config) return std::nullopt;
  auto f = named("remix", config);
  // Remix on Vite (v2.2+) builds into build/server and build/client; the classic compiler into build/.
  auto vite_config = first_config(tree, "vite.config");
  if (vite_config && !config) f.config_file = vite_config;
  if (package.depends_on("@remix-run/serve"))
    f.server_binary = {"remix-serve", vite_config ? "./build/server/index.js" : "./build/index.js"};
  f.build_binary = vite_config ? std::vector<std::string>{"remix", "vite:build"} : std::vector<std::string>{"remix", "build"};
  return f;
}

std::optional<NodeFramework> astro(const sdk::SourceTree& tree, const PackageJson& package) {
  auto config = first_config(tree, "astro.config");
  if (!package.depends_on("astro") && !config) return std::nullopt;
  auto f = named("astro", config);
  f.build_binary = {"astro", "build"};
  f.env = {{"ASTRO_TELEMETRY_DISABLED", "1"}};
  auto out = output_dir(tree, config, "dist");
  // Only the Node adapter yields a server this image can run; without an
  // adapter Astro emits a static site.
  if (package.depends_on("@astrojs/node")) {
    f.server_entry = "./" + out + "/server/entry.mjs";
    f.port = 4321;
    f.env["HOST"] = "0.0.0.0";  // the standalone server listens on localhost unless told otherwise
  } else {
    f.static_output = out;
  }
  return f;
}

std::optional<NodeFramework> sveltekit(const sdk::SourceTree& tree, const PackageJson& package) {
  if (!package.depends_on("@sveltejs/kit")) return std::nullopt;
  auto f = named("sveltekit", first_config(tree, "svelte.config"));
  f.build_binary = {"vite", "build"};
  if (package.depends_on("@sveltejs/adapter-node")) {
    f.server_entry = "build";
    f.env = {{"HOST", "0.0.0.0"}};  // adapter-node reads HOST and PORT
  } else if (package.depends_on("@sveltejs/adapter-static")) {
    f.static_output = "build";
  }
  return f;
}

std::optional<NodeFramework> tanstack_start(const sdk::SourceTree& tree, const PackageJson& package) {
  if (!package.depends_on("@tanstack/react-start") && !package.depends_on("@tanstack/solid-start") &&
      !package.depends_on("@tanstack/start"))
    return std::nullopt;
  // Built by vite (or vinxi before v1.121) into Nitro's .output, started with node.
  auto f = named("tanstack-start", first_config(tree, package.depends_on("vinxi") ? "app.config" : "vite.config"));
  f.build_binary = package.depends_on("vinxi") ? std::vector<std::string>{"vinxi", "build"}
                                                : std::vector<std::string>{"vite", "build"};
  f.server_entry = ".output/server/index.mjs";
  f.env = {{"HOST", "0.0.0.0"}};
  return f;
}

std::optional<NodeFramework> create_react_app(const sdk::SourceTree&, const PackageJson& package) {
  if (!package.depends_on("react-scripts")) return std::nullopt;
  auto f = named("create-react-app");
  f.static_output = "build";
  f.spa = true;
  f.build_binary = {"react-scripts", "build"};
  return f;
}

std::optional<NodeFramework> vite(const sdk::SourceTree& tree, const PackageJson& package) {
  auto config = first_config(tree, "vite.config");
  if (!package.depends_on("vite") && !config) return std::nullopt;
  auto f = named("vite", config);
  f.build_binary = {"vite", "build"};
  // A start script that is not vite itself means a server renders the app (Vite SSR).
  auto start = package.script("start");
  bool has_server = start && !is_dev_server_command(*start) && start->find("vite") == std::string::npos;
  if (!has_server) {
    f.static_output = output_dir(tree, config, "dist");
    f.spa = true;
  }
  return f;
}

std::optional<NodeFramework> angular(const sdk::SourceTree& tree, const PackageJson& package) {
  if (!package.depends_on("@angular/core") || !tree.exists("angular.json")) return std::nullopt;
  auto f = named("angular", "angular.json");
  f.build_binary = {"ng", "build"};
  auto project = angular_build_output(tree);
  if (package.depends_on("@angular/ssr") && project) {
    // `ng new --ssr`: the server bundle reads PORT (default 4000).
    f.server_entry = project->base + "/server/server.mjs";
    f.port = 4000;
  } else {
    f.static_output = project ? project->browser : "dist";
    f.spa = true;
  }
  return f;
}

std::optional<NodeFramework> expo(const sdk::SourceTree& tree, const PackageJson& package) {
  if (!package.depends_on("expo") || !package.depends_on("react-native-web")) return std::nullopt;
  // Expo's web build: `expo export --platform web` writes a static site to dist/.
  auto f = named("expo", tree.first_file({"app.json", "app.config.js", "app.config.ts"}));
  f.build_binary = {"expo", "export", "--platform", "web"};
  f.static_output = "dist";
  f.spa = true;
  f.env = {{"EXPO_NO_TELEMETRY", "1"}};
  return f;
}

// Site generators: the build writes a multi-page site (no SPA fallback: a missing page is a 404).
std::optional<NodeFramework> site_generator(const sdk::SourceTree& tree, const PackageJson& package) {
  struct Generator {
    std::string_view package, name, config_stem, output;
    std::array<std::string_view, 2> build;
  };
  static constexpr std::array<Generator, 3> kGenerators{{
      {"@docusaurus/core", "docusaurus", "docusaurus.config", "build", {"docusaurus", "build"}},
      {"gatsby", "gatsby", "gatsby-config", "public", {"gatsby", "build"}},
      {"@11ty/eleventy", "eleventy", "eleventy.config", "_site", {"eleventy", ""}},
  }};
  for (const auto& g : kGenerators) {
    if (!package.depends_on(g.package)) continue;
    auto config = first_config(tree, g.config_stem);
    if (!config && g.name == "eleventy") config = first_config(tree, ".eleventy");
    auto f = named(std::string(g.name), config);
    f.static_output = std::string(g.output);
    for (auto word : g.build)
      if (!word.empty()) f.build_binary.emplace_back(word);
    return f;
  }
  return std::nullopt;
}

std::optional<NodeFramework> nest(const sdk::SourceTree& tree, const PackageJson& package) {
  if (!package.depends_on("@nestjs/core")) return std::nullopt;
  auto f = named("nest");
  if (tree.exists("nest-cli.json")) f.config_file = "nest-cli.json";
  f.server_entry = "dist/main.js";
  f.build_binary = {"nest", "build"};
  return f;
}

std::optional<NodeFramework> server_library(const PackageJson& package) {
  struct Library {
    std::string_view package, name;
  };
  static constexpr std::array<Library, 6> kLibraries{
      {{"express", "express"}, {"fastify", "fastify"}, {"koa", "koa"}, {"hono", "hono"}, {"@hapi/hapi", "hapi"}, {"polka", "polka"}}};
  for (const auto& library : kLibraries)
    if (package.depends_on(library.package)) return named(std::string(library.name));
  return std::nullopt;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w && out.size() < 8;) out.push_back(w);
  return out;
}

}  // namespace

void to_json(nlohmann::json& j, const NodeFramework& f) {
  j = {{"name", f.name},
       {"config_file", f.config_file ? nlohmann::json(*f.config_file) : nlohmann::json(nullptr)},
       {"static_output", f.static_output ? nlohmann::json(*f.static_output) : nlohmann::json(nullptr)},
       {"spa", f.spa},
       {"standalone", f.standalone},
       {"server_entry", f.server_entry ? nlohmann::json(*f.server_entry) : nlohmann::json(nullptr)},
       {"server_binary", f.server_binary},
       {"build_binary", f.build_binary},
       {"port", f.port},
       {"env", f.env}};
}

void from_json(const nlohmann::json& j, NodeFramework& f) {
  auto optional_string = [&](const char* key) -> std::optional<std::string> {
    auto& v = j.at(key);
    return v.is_null() ? std::nullopt : std::optional<std::string>(v.get<std::string>());
  };
  j.at("name").get_to(f.name);
  f.config_file = optional_string("config_file");
  f.static_output = optional_string("static_output");
  j.at("spa").get_to(f.spa);
  j.at("standalone").get_to(f.standalone);
  f.server_entry = optional_string("server_entry");
  j.at("server_binary").get_to(f.server_binary);
  j.at("build_binary").get_to(f.build_binary);
  j.at("port").get_to(f.port);
  j.at("env").get_to(f.env);
}

std::optional<NodeFramework> detect_node_framework(const sdk::SourceTree& tree, const PackageJson& package) {
  using Probe = std::optional<NodeFramework> (*)(const sdk::SourceTree&, const PackageJson&);
  // Remix before vite and nest before express: each is built on the later one.
  static constexpr std::array<Probe, 12> kProbes{next,    nuxt, remix,          tanstack_start,   astro, sveltekit, angular,
                                                 expo,    site_generator, create_react_app, vite,  nest};
  for (auto probe : kProbes)
    if (auto found = probe(tree, package)) return found;
  return server_library(package);
}

bool is_dev_server_command(std::string_view script) {
  auto w = words(script);
  std::size_t i = 0;
  // Skip `cross-env A=b` and `A=b` prefixes.
  while (i < w.size() && (w[i] == "cross-env" || w[i] == "npx" || w[i].find('=') != std::string::npos)) ++i;
  if (i >= w.size()) return false;
  const std::string& tool = w[i];
  const std::string next_word = i + 1 < w.size() ? w[i + 1] : "";
  if (tool == "vite") return next_word.empty() || next_word == "dev" || next_word == "serve" || next_word.starts_with("-");
  if (tool == "webpack-dev-server") return true;
  if (tool == "react-scripts") return next_word == "start";
  if (tool == "webpack") return next_word == "serve";
  if (tool == "ng") return next_word == "serve";
  if (tool == "next" || tool == "nuxt" || tool == "nuxi" || tool == "astro" || tool == "remix" || tool == "svelte-kit" ||
      tool == "vinxi")
    return next_word == "dev";
  if (tool == "docusaurus" || tool == "expo") return next_word == "start";
  if (tool == "gatsby") return next_word == "develop";
  return false;
}

}  // namespace kiln::support
