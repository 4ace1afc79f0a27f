#include "core/quantity_parsing.hpp"

#include <cctype>

namespace kiln {
namespace {

Result<std::pair<double, char>> number_and_unit(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return Error{ErrorCode::InvalidRequest, "invalid " + what + " '" + text + "'"};
  }
  auto rest = text.substr(used);
  if (value < 0 || rest.size() > 1 || (rest.size() == 1 && !std::isalpha(static_cast<unsigned char>(rest[0]))))
    return Error{ErrorCode::InvalidRequest, "invalid " + what + " '" + text + "'"};
  return std::pair{value, rest.empty() ? '\0' : static_cast<char>(std::tolower(static_cast<unsigned char>(rest[0])))};
}

}  // namespace

Result<std::int64_t> parse_size(const std::string& text) {
  auto parsed = number_and_unit(text, "size");
  if (!parsed) return parsed.error();
  auto [value, unit] = *parsed;
  double factor = 1;
  switch (unit) {
    case '\0': case 'b': break;
    case 'k': factor = 1024.0; break;
    case 'm': factor = 1024.0 * 1024; break;
    case 'g': factor = 1024.0 * 1024 * 1024; break;
    default: return Error{ErrorCode::InvalidRequest, "invalid size '" + text + "' (use b, k, m or g)"};
  }
  return static_cast<std::int64_t>(value * factor);
}

Result<std::chrono::seconds> parse_duration(const std::string& text) {
  auto parsed = number_and_unit(text, "duration");
  if (!parsed) return parsed.error();
  auto [value, unit] = *parsed;
  double factor = 1;
  switch (unit) {
    case '\0': case 's': break;
    case 'm': factor = 60; break;
    case 'h': factor = 3600; break;
    default: return Error{ErrorCode::InvalidRequest, "invalid duration '" + text + "' (use s, m or h)"};
  }
  return std::chrono::seconds(static_cast<long long>(value * factor));
}

Result<std::map<std::string, std::string>> parse_assignments(const std::vector<std::string>& items, const std::string& flag) {
  std::map<std::string, std::string> out;
  for (const auto& item : items) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      return Error{ErrorCode::InvalidRequest, flag + " expects KEY=VALUE, got '" + item + "'"};
    out[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return out;
}

}  // namespace kiln
