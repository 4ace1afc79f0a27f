#include "compose_file.hpp"

#include <kiln/sdk/generator.hpp>
#include <kiln/support/build_args.hpp>
#include <kiln/support/port_spec.hpp>
#include <kiln/support/relative_path.hpp>

#include "yaml_lookup.hpp"

namespace kiln::compose {
namespace {

// Compose files are a few kilobytes; parsing a huge one would make detection slow.
constexpr std::size_t kMaxComposeBytes = 256 * 1024;
constexpr std::size_t kMaxServices = 200;
constexpr std::size_t kMaxCommandBytes = 8192;

[[noreturn]] void fail(const std::string& at, const std::string& message) {
  throw sdk::BuildpackError(at + ": " + message);
}

// Compose's own rule for service names, which also keeps them safe as image names.
bool valid_service_name(const std::string& name) {
  if (name.empty() || name.size() > 128) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

class ServiceReader {
 public:
  ServiceReader(const std::string& file, const std::string& name, const YAML::Node& service)
      : file_(file), name_(name), service_(service) {}

  std::string at(const YAML::Node& node) const { return where(file_, node) + ": service " + name_; }

  std::string scalar(const YAML::Node& node, const char* field) const {
    if (!node.IsScalar()) fail(at(node), std::string(field) + " must be a string");
    return node.Scalar();
  }

  void read_build(const YAML::Node& build, BuildableService& out) const {
    if (build.IsScalar()) {
      out.context = support::require_relative_path(build.Scalar(), at(build) + ": build context");
      return;
    }
    if (!build.IsMap()) fail(at(build), "build must be a path or a mapping");
    if (!is_missing(lookup(build, "dockerfile_inline")))
      fail(at(build), "build.dockerfile_inline is not supported: put the Dockerfile in a file");
    if (auto context = lookup(build, "context"); !is_missing(context))
      out.context = support::require_relative_path(scalar(context, "build.context"), at(context) + ": build context");
    if (auto dockerfile = lookup(build, "dockerfile"); !is_missing(dockerfile))
      out.dockerfile = support::require_relative_path(scalar(dockerfile, "build.dockerfile"),
                                                      at(dockerfile) + ": build.dockerfile");
    if (auto target = lookup(build, "target"); !is_missing(target)) out.target = scalar(target, "build.target");
    if (auto args = lookup(build, "args"); !is_missing(args)) read_args(args, out.args);
  }

  // args as a mapping (KEY: value) or a list ("KEY=value"); a key without a
  // value would come from the environment, which a kiln build does not share.
  void read_args(const YAML::Node& args, std::map<std::string, std::string>& out) const {
    if (args.IsMap()) {
      for (auto it = args.begin(); it != args.end(); ++it) {
        auto key = scalar(it->first, "build.args key");
        if (!is_missing(it->second)) out[key] = scalar(it->second, "build.args value");
      }
    } else if (args.IsSequence()) {
      for (auto it = args.begin(); it != args.end(); ++it)
        if (auto pair = support::split_build_arg(scalar(*it, "build.args item"))) out[pair->first] = pair->second;
    } else {
      fail(at(args), "build.args must be a mapping or a list of KEY=value");
    }
    support::check_build_args(out, at(args));
  }

  // The first TCP port of ports: (short "8080:80" or long "target: 80"), else of expose:.
  void read_ports(BuildableService& out) const {
    if (auto ports = lookup(service_, "ports"); !is_missing(ports)) {
      if (!ports.IsSequence()) fail(at(ports), "ports must be a list");
      out.publishes_ports = ports.size() > 0;
      for (auto it = ports.begin(); it != ports.end() && !out.port; ++it) {
        if (it->IsMap()) {
          auto protocol = lookup(*it, "protocol");
          if (!is_missing(protocol) && !(protocol.IsScalar() && protocol.Scalar() == "tcp")) continue;
          if (auto target = lookup(*it, "target"); target.IsScalar()) out.port = support::container_port(target.Scalar());
        } else {
          out.port = support::container_port(scalar(*it, "ports item"));
        }
      }
    }
    if (auto expose = lookup(service_, "expose"); !out.port && !is_missing(expose)) {
      if (!expose.IsSequence()) fail(at(expose), "expose must be a list");
      for (auto it = expose.begin(); it != expose.end() && !out.port; ++it)
        out.port = support::container_port(scalar(*it, "expose item"));
    }
  }

  void read_command(BuildableService& out) const {
    auto command = lookup(service_, "command");
    if (is_missing(command)) return;
    std::size_t bytes = 0;
    if (command.IsScalar()) {
      out.command.shell = command.Scalar();
      bytes = out.command.shell.size();
    } else if (command.IsSequence()) {
      for (auto it = command.begin(); it != command.end(); ++it) {
        out.command.argv.push_back(scalar(*it, "command item"));
        bytes += out.command.argv.back().size();
      }
    } else {
      fail(at(command), "command must be a string or a list");
    }
    if (bytes > kMaxCommandBytes) fail(at(command), "command is longer than 8 KiB");
  }

 private:
  const std::string& file_;
  const std::string& name_;
  const YAML::Node& service_;
};

YAML::Node parse(const std::string& text, const std::string& path) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    auto line = e.mark.line >= 0 ? ":" + std::to_string(e.mark.line + 1) : std::string();
    throw sdk::BuildpackError(path + line + ": not valid YAML: " + e.msg);
  }
}

ComposeFile read(const sdk::SourceTree& tree, const std::string& path, const YAML::Node& root) {
  ComposeFile file;
  file.path = path;
  if (is_missing(root)) return file;
  if (!root.IsMap()) fail(where(path, root), "not a compose file: the top level is not a mapping");
  auto services = lookup(root, "services");
  if (is_missing(services)) return file;
  if (!services.IsMap()) fail(where(path, services), "services must be a mapping of service names");
  if (services.size() > kMaxServices) fail(where(path, services), "more than 200 services");

  for (auto it = services.begin(); it != services.end(); ++it) {
    if (!it->first.IsScalar()) fail(where(path, it->first), "a service name must be a string");
    auto name = it->first.Scalar();
    if (name == "<<") continue;  // a merge key, not a service
    if (!valid_service_name(name))
      fail(where(path, it->first), "service name '" + name.substr(0, 80) + "' is not a valid compose service name");
    YAML::Node service = it->second;  // a copy: the iterator hands out a temporary
    ServiceReader reader(path, name, service);
    if (!service.IsMap()) fail(reader.at(service), "the service definition must be a mapping");

    auto build = lookup(service, "build");
    if (is_missing(build)) {
      if (!is_missing(lookup(service, "image"))) file.image_only.push_back(name);
      else if (!is_missing(lookup(service, "extends"))) file.extends_only.push_back(name);
      else fail(reader.at(service), "has neither build nor image");
      continue;
    }
    BuildableService out;
    out.name = name;
    reader.read_build(build, out);
    reader.read_ports(out);
    reader.read_command(out);
    auto dockerfile = out.dockerfile_in_app();
    // Only existence here: detection must stay cheap, and generate() reads the file anyway.
    if (!tree.exists(dockerfile))
      fail(reader.at(build), "Dockerfile " + dockerfile + " does not exist in the app folder");
    file.buildable.push_back(std::move(out));
  }
  return file;
}

}  // namespace

std::string BuildableService::dockerfile_in_app() const { return support::join_relative_path(context, dockerfile); }

std::optional<std::string> find_compose_file(const sdk::SourceTree& tree) {
  return tree.first_file({"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"});
}

ComposeFile read_compose_file(const sdk::SourceTree& tree, const std::string& path) {
  auto text = tree.read(path, kMaxComposeBytes);
  if (!text) throw sdk::BuildpackError(path + ": not a readable file, or larger than 256 KiB");
  auto root = parse(*text, path);
  try {
    return read(tree, path, root);
  } catch (const YAML::Exception& e) {
    // Shapes yaml-cpp refuses while we walk the document (a conversion it cannot make).
    auto line = e.mark.line >= 0 ? ":" + std::to_string(e.mark.line + 1) : std::string();
    throw sdk::BuildpackError(path + line + ": unexpected shape: " + e.msg);
  }
}

}  // namespace kiln::compose
