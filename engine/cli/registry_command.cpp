// The registry's commands, in kiln-engine (they need libarchive, OpenSSL and libcurl):
//   kiln buildpacks pack DIR [-o FILE] | keygen KEY | sign FILE --key KEY
//   kiln buildpacks publish FILE --registry NAME | yank ID@VERSION --registry NAME [--undo]
//   kiln buildpacks search TERM | install ID@RANGE | update [ID] | remove ID | list --outdated
//   kiln registry add NAME DIR|URL [--trust KEY.pub] | list
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <kiln/sdk/semver.hpp>

#include "cli/cli_context.hpp"
#include "core/user_data_dirs.hpp"
#include "registry/directory_publisher.hpp"
#include "registry/ed25519_keys.hpp"
#include "registry/host_platform.hpp"
#include "registry/http_publisher.hpp"
#include "registry/package_archive.hpp"
#include "registry/package_installer.hpp"
#include "registry/registry_reader.hpp"

namespace kiln::cli {
namespace fs = std::filesystem;
using namespace kiln::registry;

namespace {

// What the registry commands share: where to install, which CA bundle, which registry.
struct RegistryOptions {
  std::string plugin_dir;
  std::string ca_bundle;
  std::string registry;
  bool locked = false;
};

Result<RegistryConfig> load_config() { return read_registry_config(registry_config_file()); }

// --plugin-dir of the command, else kiln's last --plugin-dir, else the user's own plugin dir.
Result<fs::path> install_dir(const RegistryOptions& options, const CliContext& context) {
  if (!options.plugin_dir.empty()) return fs::path(options.plugin_dir);
  if (!context.plugin_dirs.empty()) return fs::path(context.plugin_dirs.back());
  if (auto dir = user_plugin_dir()) return *dir;
  return Error{ErrorCode::InvalidRequest, "no plugin dir: give --plugin-dir DIR (HOME is not set)"};
}

// What update and list --outdated start from: the registries, the plugin dir and its lockfile.
struct Installed {
  RegistryConfig config;
  fs::path dir;
  Lockfile lock;
};
Result<Installed> read_installed(const RegistryOptions& options, const CliContext& context) {
  auto config = load_config();
  if (!config) return config.error();
  auto dir = install_dir(options, context);
  if (!dir) return dir.error();
  auto lock = read_lockfile(*dir);
  if (!lock) return lock.error();
  return Installed{std::move(*config), *dir, std::move(*lock)};
}

std::string ca_bundle_of(const RegistryOptions& options) {
  if (!options.ca_bundle.empty()) return options.ca_bundle;
  const char* env = std::getenv("KILN_CA_BUNDLE");
  return env ? env : "";
}

void add_install_options(CLI::App& command, RegistryOptions& options) {
  command.add_option("--plugin-dir", options.plugin_dir, "Install into DIR (default: the user's plugin dir)")->type_name("DIR");
  command.add_option("--ca-bundle", options.ca_bundle, "PEM bundle trusted for https registries (or KILN_CA_BUNDLE)")->type_name("FILE");
}

void print_installed(const InstallOutcome& outcome) {
  std::cout << "installed " << package_name(outcome.entry) << " from " << outcome.registry;
  if (outcome.replaced_version) std::cout << " (was " << *outcome.replaced_version << ")";
  std::cout << " in " << outcome.folder.string() << "\n";
}

void add_pack(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("pack", "Pack a buildpack folder into a .tar.gz (buildpack.toml and its payload)");
  static std::string dir, out;
  command->add_option("dir", dir, "The buildpack's folder")->required();
  command->add_option("-o,--output", out, "The package file (default: <id>-<version>.tar.gz here)")->type_name("FILE");
  command->callback([&context] {
    auto packed = pack_buildpack(dir, out);
    if (!packed) return context.fail(packed.error());
    std::cout << "packed " << packed->descriptor.id << "@" << packed->descriptor.version << " (" << packed->entries
              << " files) into " << packed->file.string() << "\n";
  });
}

void add_keygen(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("keygen", "Make an ed25519 signing key: KEY (private, 0600) and KEY.pub");
  static std::string key;
  command->add_option("key", key, "The private key file to write")->required();
  command->callback([&context] {
    if (auto made = generate_key_pair(key); !made) return context.fail(made.error());
    std::cout << "wrote " << key << " (keep it private) and " << key << ".pub (give it to registries: kiln registry add NAME DIR --trust "
              << key << ".pub)\n";
  });
}

void add_sign(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("sign", "Sign a package: a detached signature FILE.sig beside it");
  static std::string file, key;
  command->add_option("file", file, "The package")->required()->check(CLI::ExistingFile);
  command->add_option("--key", key, "The private key (kiln buildpacks keygen)")->required()->check(CLI::ExistingFile);
  command->callback([&context] {
    auto bytes = read_whole_file(file);
    if (!bytes) return context.fail(bytes.error());
    auto signature = sign_bytes(*bytes, key);
    if (!signature) return context.fail(signature.error());
    std::ofstream(file + ".sig", std::ios::trunc) << *signature << "\n";
    std::cout << "wrote " << file << ".sig\n";
  });
}

void add_publish(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("publish", "Publish a package (and its .sig) to a registry");
  static std::string file, token_file;
  static RegistryOptions options;
  command->add_option("file", file, "The package")->required()->check(CLI::ExistingFile);
  command->add_option("--registry", options.registry, "The registry's name (kiln registry add)")->required();
  command->add_option("--token-file", token_file, "A kiln server's token (or KILN_REGISTRY_TOKEN)")->type_name("FILE");
  command->add_option("--ca-bundle", options.ca_bundle, "PEM bundle trusted for an https registry")->type_name("FILE");
  command->callback([&context] {
    auto config = load_config();
    if (!config) return context.fail(config.error());
    auto registry = config->find(options.registry);
    if (!registry) return context.fail(registry.error());
    const auto signature = signature_beside(file);
    Result<IndexEntry> published = Error{ErrorCode::InternalError, "not published"};
    if (registry->is_http()) {
      std::string token;
      if (!token_file.empty()) {
        auto text = read_whole_file(token_file);
        if (!text) return context.fail(text.error());
        token = text->substr(0, text->find_last_not_of(" \r\n\t") + 1);
      } else if (const char* env = std::getenv("KILN_REGISTRY_TOKEN")) {
        token = env;
      }
      published = publish_over_http({registry->location, file, signature, token, ca_bundle_of(options)});
    } else {
      published = publish_to_directory(registry->folder(), {file, signature, registry->trust});
    }
    if (!published) return context.fail(published.error());
    std::cout << "published " << package_name(*published) << " to " << registry->name << " (sha256 " << published->sha256
              << (published->signature.empty() ? ", unsigned" : ", signed") << ")\n";
  });
}

void add_yank(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("yank", "Mark a published version yanked in a directory registry: ranges pass it over");
  static std::string package, registry_name;
  static bool undo = false;
  command->add_option("package", package, "ID@VERSION")->required();
  command->add_option("--registry", registry_name, "The registry's name")->required();
  command->add_flag("--undo", undo, "Un-yank it");
  command->callback([&context] {
    auto config = load_config();
    if (!config) return context.fail(config.error());
    auto registry = config->find(registry_name);
    if (!registry) return context.fail(registry.error());
    auto request = parse_package_request(package);
    if (!request) return context.fail(request.error());
    if (registry->is_http() || !is_exact_version(request->range))
      return context.fail({ErrorCode::InvalidRequest, "yank takes ID@VERSION and a directory registry"});
    auto version = request->range.front() == '=' ? request->range.substr(1) : request->range;
    auto entry = set_yanked(registry->folder(), request->id, version, !undo);
    if (!entry) return context.fail(entry.error());
    std::cout << (undo ? "un-yanked " : "yanked ") << package_name(*entry) << " in " << registry->name << "\n";
  });
}

void add_search(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("search", "Buildpacks whose id, description or keywords mention TERM, in every registry");
  static std::string term;
  static RegistryOptions options;
  command->add_option("term", term, "A word")->required();
  command->add_option("--ca-bundle", options.ca_bundle, "PEM bundle trusted for https registries")->type_name("FILE");
  command->callback([&context] {
    auto config = load_config();
    if (!config) return context.fail(config.error());
    auto lower = [](std::string s) {
      for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    const auto needle = lower(term);
    std::size_t found = 0;
    for (const auto& [name, settings] : config->registries) {
      RegistryReader reader(settings, ca_bundle_of(options));
      auto ids = reader.ids();
      if (!ids) return context.fail(ids.error());
      for (const auto& id : *ids) {
        auto versions = reader.versions(id);
        if (!versions) return context.fail(versions.error());
        const IndexEntry* latest = nullptr;
        for (const auto& e : *versions)
          if (!e.yanked && (!latest || sdk::semver::compare(*sdk::semver::parse(e.version), *sdk::semver::parse(latest->version)) > 0))
            latest = &e;
        if (!latest) continue;
        std::string haystack = lower(id + " " + latest->description);
        for (const auto& k : latest->keywords) haystack += " " + lower(k);
        if (haystack.find(needle) == std::string::npos) continue;
        ++found;
        std::cout << id << "  " << latest->version << "  " << latest->kind << "  " << name << "  " << latest->description << "\n";
      }
    }
    if (!found) {
      std::cerr << "kiln: no buildpack mentions '" << term << "' in " << config->registries.size() << " registries\n";
      context.exit_code = kExitNoMatch;
    }
  });
}

void add_install(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("install", "Resolve, download, verify and install a buildpack: ID@RANGE (^1.2, >=1 <2, 1.2.3)");
  static std::string package;
  static RegistryOptions options;
  command->add_option("package", package, "ID or ID@RANGE")->required();
  command->add_option("--registry", options.registry, "Install from this registry (else the one that publishes the id)");
  command->add_flag("--locked", options.locked, "Install exactly what kiln-buildpacks.lock says, or refuse");
  static bool dry_run = false;
  command->add_flag("--dry-run", dry_run, "Only say which version would be installed");
  add_install_options(*command, options);
  command->callback([&context] {
    auto config = load_config();
    if (!config) return context.fail(config.error());
    auto request = parse_package_request(package);
    if (!request) return context.fail(request.error());
    auto dir = install_dir(options, context);
    if (!dir) return context.fail(dir.error());
    InstallRequest install{*request, options.registry.empty() ? std::nullopt : std::optional(options.registry), *dir,
                           options.locked, ca_bundle_of(options)};
    install.dry_run = dry_run;
    auto outcome = install_package(*config, install);
    if (!outcome) return context.fail(outcome.error());
    if (dry_run) {
      std::cout << "would install " << package_name(outcome->entry) << " from " << outcome->registry << "\n";
      return;
    }
    print_installed(*outcome);
  });
}

void add_update(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("update", "Install the newest version each installed buildpack's range allows");
  static std::string only;
  static RegistryOptions options;
  command->add_option("id", only, "Only this one");
  add_install_options(*command, options);
  command->callback([&context] {
    auto installed = read_installed(options, context);
    if (!installed) return context.fail(installed.error());
    for (const auto& locked : installed->lock.buildpacks) {
      if (!only.empty() && locked.id != only) continue;
      InstallRequest install{{locked.id, locked.range.empty() ? "*" : locked.range}, locked.registry, installed->dir, false,
                             ca_bundle_of(options)};
      auto outcome = install_package(installed->config, install);
      if (!outcome) return context.fail(outcome.error());
      if (outcome->entry.version == locked.version) std::cout << locked.id << " " << locked.version << " is the newest in " << install.package.range << "\n";
      else print_installed(*outcome);
    }
  });
}

void add_remove(CLI::App& group, CliContext& context) {
  auto* command = group.add_subcommand("remove", "Remove an installed buildpack");
  static std::string id;
  static RegistryOptions options;
  command->add_option("id", id, "Its id")->required();
  add_install_options(*command, options);
  command->callback([&context] {
    auto dir = install_dir(options, context);
    if (!dir) return context.fail(dir.error());
    if (auto removed = remove_package(*dir, id); !removed) return context.fail(removed.error());
    std::cout << "removed " << id << " from " << dir->string() << "\n";
  });
}

// buildpacks list --outdated: installed (lockfile) against the newest installable and the newest in range.
void list_outdated(CliContext& context, const RegistryOptions& options) {
  auto installed = read_installed(options, context);
  if (!installed) return context.fail(installed.error());
  std::cout << "ID  INSTALLED  IN RANGE  NEWEST  REGISTRY\n";
  for (const auto& locked : installed->lock.buildpacks) {
    auto settings = installed->config.find(locked.registry);
    if (!settings) return context.fail(settings.error());
    auto versions = RegistryReader(*settings, ca_bundle_of(options)).versions(locked.id);
    if (!versions) return context.fail(versions.error());
    const ResolveHost host{host_platform()};
    auto in_range = resolve_version(*versions, {locked.id, locked.range.empty() ? "*" : locked.range}, host);
    auto newest = resolve_version(*versions, {locked.id, "*"}, host);
    const auto in_range_version = in_range ? in_range->version : locked.version;
    const auto newest_version = newest ? newest->version : locked.version;
    if (in_range_version == locked.version && newest_version == locked.version) continue;
    std::cout << locked.id << "  " << locked.version << "  " << in_range_version << "  " << newest_version << "  " << locked.registry << "\n";
  }
}

void add_registry_group(CLI::App& app, CliContext& context) {
  auto* group = app.add_subcommand("registry", "The buildpack registries kiln installs from");
  group->require_subcommand(1);
  auto* add = group->add_subcommand("add", "Add (or replace) a registry: a folder, file://, or a kiln server's http(s)://HOST/registry");
  static std::string name, location;
  static std::vector<std::string> trust;
  add->add_option("name", name, "Its name")->required();
  add->add_option("location", location, "DIR or URL")->required();
  add->add_option("--trust", trust, "A public key (KEY.pub) whose signatures it takes; then every package must be signed")
      ->type_name("PUBKEY");
  add->callback([&context] {
    auto config = load_config();
    if (!config) return context.fail(config.error());
    RegistrySettings settings{name, location, {}};
    if (!settings.is_http()) {
      std::error_code ec;
      settings.location = fs::absolute(settings.folder(), ec).lexically_normal().string();
    }
    for (const auto& key : trust) {
      auto line = read_public_key(key);
      if (!line) return context.fail(line.error());
      settings.trust.push_back(*line);
    }
    config->registries[name] = settings;
    if (auto written = write_registry_config(*config); !written) return context.fail(written.error());
    std::cout << "registry " << name << ": " << settings.location << " (" << settings.trust.size() << " trusted keys) in "
              << config->file.string() << "\n";
  });
  auto* list = group->add_subcommand("list", "The registries and their trusted keys");
  list->callback([&context] {
    auto config = load_config();
    if (!config) return context.fail(config.error());
    for (const auto& [n, r] : config->registries)
      std::cout << n << "  " << r.location << "  " << r.trust.size() << " trusted keys\n";
  });
}

}  // namespace

void add_registry_command(CLI::App& app, CliContext& context) {
  auto* group = app.get_subcommand("buildpacks");
  add_pack(*group, context);
  add_keygen(*group, context);
  add_sign(*group, context);
  add_publish(*group, context);
  add_yank(*group, context);
  add_search(*group, context);
  add_install(*group, context);
  add_update(*group, context);
  add_remove(*group, context);
  static RegistryOptions outdated_options;
  context.list_outdated = [&context] { list_outdated(context, outdated_options); };
  add_registry_group(app, context);
}

}  // namespace kiln::cli
