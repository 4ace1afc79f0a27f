#include "kiln/support/build_args.hpp"

#include <kiln/sdk/generator.hpp>

namespace kiln::support {
namespace {

constexpr std::size_t kMaxNameLength = 128;
constexpr std::size_t kMaxValueLength = 8192;
constexpr std::size_t kMaxArgs = 200;

bool letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_build_arg_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength || !letter(name.front())) return false;
  for (char c : name)
    if (!letter(c) && !digit(c)) return false;
  return true;
}

std::optional<std::pair<std::string, std::string>> split_build_arg(std::string_view item) {
  auto eq = item.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  return std::pair{std::string(item.substr(0, eq)), std::string(item.substr(eq + 1))};
}

void check_build_args(const std::map<std::string, std::string>& args, std::string_view what) {
  if (args.size() > kMaxArgs)
    throw sdk::BuildpackError(std::string(what) + ": more than " + std::to_string(kMaxArgs) + " build args");
  for (const auto& [name, value] : args) {
    if (!is_build_arg_name(name))
      throw sdk::BuildpackError(std::string(what) + ": build arg name '" + name.substr(0, kMaxNameLength) +
                                "' is not a valid ARG name (letters, digits and '_', not starting with a digit)");
    if (value.size() > kMaxValueLength)
      throw sdk::BuildpackError(std::string(what) + ": build arg " + name + " is longer than " +
                                std::to_string(kMaxValueLength) + " bytes");
  }
}

}  // namespace kiln::support
