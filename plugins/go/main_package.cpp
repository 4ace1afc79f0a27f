#include "main_package.hpp"

#include <algorithm>
#include <sstream>
#include <string>

#include <kiln/support/relative_path.hpp>

namespace kiln::go {
namespace {

constexpr std::size_t kMaxFilesPerFolder = 32;
constexpr std::size_t kMaxCommandFolders = 32;
// The package clause comes before any code, after at most a licence header.
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

bool is_go_source(const std::string& name) {
  return name.size() > 3 && name.ends_with(".go") && !name.ends_with("_test.go");
}

// True when the file's package clause is `package main`.
bool declares_main(const sdk::SourceTree& tree, const std::string& path) {
  auto text = tree.read(path, kMaxHeaderBytes);
  if (!text) return false;
  std::istringstream in(*text);
  bool in_block_comment = false;
  for (std::string line; std::getline(in, line);) {
    if (in_block_comment) {
      if (line.find("*/") != std::string::npos) in_block_comment = false;
      continue;
    }
    if (line.starts_with("/*") && line.find("*/") == std::string::npos) {
      in_block_comment = true;
      continue;
    }
    if (line.starts_with("package ")) {
      auto name = line.substr(8);
      name = name.substr(0, name.find_first_of(" \t\r/"));
      return name == "main";
    }
  }
  return false;
}

// The first file of `dir` that declares package main, if any.
std::optional<std::string> main_file_in(const sdk::SourceTree& tree, const std::string& dir) {
  auto prefix = dir.empty() ? std::string() : dir + "/";
  if (tree.exists(prefix + "main.go") && declares_main(tree, prefix + "main.go")) return prefix + "main.go";
  std::size_t looked = 0;
  for (const auto& name : tree.list(dir)) {
    if (!is_go_source(name) || name == "main.go") continue;
    if (++looked > kMaxFilesPerFolder) break;
    if (declares_main(tree, prefix + name)) return prefix + name;
  }
  return std::nullopt;
}

std::string last_element(const std::string& module_path) {
  auto slash = module_path.rfind('/');
  auto last = slash == std::string::npos ? module_path : module_path.substr(slash + 1);
  // "example.com/x/v2": the major version suffix is not a name.
  if (last.size() >= 2 && last[0] == 'v' && std::all_of(last.begin() + 1, last.end(), [](char c) { return c >= '0' && c <= '9'; }) && slash != std::string::npos)
    return last_element(module_path.substr(0, slash));
  return last;
}

std::string last_element_of_package(const std::string& package) {
  auto slash = package.rfind('/');
  return slash == std::string::npos ? package : package.substr(slash + 1);
}

}  // namespace

std::vector<MainPackage> main_packages_in(const sdk::SourceTree& tree, const std::string& dir) {
  auto prefix = dir.empty() ? std::string() : dir + "/";
  if (auto file = main_file_in(tree, dir)) return {{dir.empty() ? "." : dir, *file}};

  std::vector<MainPackage> commands;
  std::size_t folders = 0;
  for (const auto& entry : tree.list(prefix + "cmd")) {
    if (entry.empty() || entry.back() != '/') continue;
    if (++folders > kMaxCommandFolders) break;
    auto folder = support::normalize_relative_path(prefix + "cmd/" + entry.substr(0, entry.size() - 1));
    if (!folder) continue;  // a name we would not put in a build command
    if (auto file = main_file_in(tree, *folder)) commands.push_back({*folder, *file});
  }
  return commands;
}

std::optional<MainPackage> choose_main_package(const std::vector<MainPackage>& found, const std::string& module_path) {
  if (found.size() == 1) return found.front();
  auto named = [&](const std::string& name) {
    return std::find_if(found.begin(), found.end(),
                        [&](const MainPackage& m) { return last_element_of_package(m.package) == name; });
  };
  if (!module_path.empty())
    if (auto it = named(last_element(module_path)); it != found.end()) return *it;
  std::optional<MainPackage> server;
  for (const char* name : {"server", "api", "web", "app"}) {
    auto it = named(name);
    if (it == found.end()) continue;
    if (server) return std::nullopt;  // cmd/api and cmd/web: no telling which
    server = *it;
  }
  return server;
}

}  // namespace kiln::go
