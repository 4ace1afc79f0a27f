#pragma once
// A configuration file's TOML text as a table; a syntax error is an
// invalid_config error naming the file and the line.
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/result.hpp"

namespace kiln {

Result<toml::table> parse_toml_document(std::string_view text, const std::string& origin);

}  // namespace kiln
