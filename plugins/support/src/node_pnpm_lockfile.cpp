#include "kiln/support/node_pnpm_lockfile.hpp"

namespace kiln::support {
namespace {
// Monorepo lockfiles run to tens of megabytes; beyond this we fall back to the default pnpm.
constexpr std::size_t kLockfileReadCap = 16u << 20;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}
}  // namespace

std::optional<std::string> pnpm_major_for_lockfile_version(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
  // lockfileVersion 9.0 is written by pnpm 9 and 10; 6.x by pnpm 8; 5.4 by pnpm 7; 5.3 by pnpm 6.
  if (v.starts_with("9.")) return "9";
  if (v.starts_with("6.")) return "8";
  if (v == "5.4") return "7";
  if (v.starts_with("5.")) return "6";
  return std::nullopt;
}

std::optional<std::string> pnpm_major_for_lockfile(const sdk::SourceTree& tree, std::string_view path) {
  auto text = tree.read(path, kLockfileReadCap);
  if (!text) return std::nullopt;
  std::string_view first_line(*text);
  first_line = first_line.substr(0, first_line.find('\n'));
  constexpr std::string_view key = "lockfileVersion:";
  if (!first_line.starts_with(key)) return std::nullopt;
  return pnpm_major_for_lockfile_version(trim(first_line.substr(key.size())));
}

}  // namespace kiln::support
