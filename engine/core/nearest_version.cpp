#include "core/nearest_version.hpp"

#include <cctype>
#include <tuple>

#include <kiln/sdk/semver.hpp>

namespace kiln {
namespace {

// "21.4" from ">= 21.4 <22": the first run of digits and dots.
std::optional<sdk::semver::Version> named_version(std::string_view range) {
  auto start = range.find_first_of("0123456789");
  if (start == std::string_view::npos) return std::nullopt;
  auto end = start;
  while (end < range.size() && (std::isdigit(static_cast<unsigned char>(range[end])) || range[end] == '.')) ++end;
  auto text = range.substr(start, end - start);
  while (!text.empty() && text.back() == '.') text.remove_suffix(1);
  return sdk::semver::parse(text);
}

std::uint64_t distance(std::uint64_t a, std::uint64_t b) { return a > b ? a - b : b - a; }

}  // namespace

std::optional<std::string> nearest_version(const std::vector<std::string>& versions, std::string_view range) {
  auto target = named_version(range);
  if (!target) return std::nullopt;
  std::optional<std::string> best;
  std::optional<sdk::semver::Version> best_version;
  // Minor and patch count only within the pin's own major (and minor): 21 is as
  // near 20.20 as 22.23.
  auto gap = [&](const sdk::semver::Version& v) {
    bool same_major = v.major == target->major;
    bool same_minor = same_major && v.minor == target->minor;
    return std::make_tuple(distance(v.major, target->major), same_major ? distance(v.minor, target->minor) : 0,
                           same_minor ? distance(v.patch, target->patch) : 0);
  };
  for (const auto& text : versions) {
    auto version = sdk::semver::parse(text);
    if (!version) continue;
    bool better = !best_version || gap(*version) < gap(*best_version) ||
                  (gap(*version) == gap(*best_version) && sdk::semver::compare(*version, *best_version) > 0);
    if (better) best = text, best_version = version;
  }
  return best;
}

}  // namespace kiln
