#include <kiln/support/words.hpp>
#include "interpreter_packages.hpp"

#include <array>
#include <utility>

namespace kiln::generic {
namespace {

using support::words;

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kPackages = {{
    {"python3", "python3"},
    {"python", "python-is-python3"},
    {"node", "nodejs"},
    {"nodejs", "nodejs"},
    {"ruby", "ruby"},
    {"perl", "perl"},
    {"php", "php-cli"},
    {"java", "default-jre-headless"},
    {"busybox", "busybox"},
    {"darkhttpd", "darkhttpd"},
    {"lighttpd", "lighttpd"},
    {"socat", "socat"},
}};

bool is_assignment(std::string_view word) {
  auto eq = word.find('=');
  return eq != std::string_view::npos && eq > 0 && word.front() != '-';
}

}  // namespace

std::vector<std::string> interpreter_packages(std::string_view command) {
  for (auto word : words(command)) {
    auto slash = word.rfind('/');
    auto program = slash == std::string_view::npos ? word : word.substr(slash + 1);
    if (is_assignment(word) || program == "exec" || program == "env" || word.front() == '-') continue;
    for (const auto& [name, package] : kPackages)
      if (program == name) return {std::string(package)};
    return {};
  }
  return {};
}

}  // namespace kiln::generic
