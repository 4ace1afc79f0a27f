#pragma once
// A configuration file's TOML text as a table; a syntax error, and any error
// a reader finds in it, is an invalid_config error naming the file and the line.
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "core/result.hpp"

namespace kiln {

Result<toml::table> parse_toml_document(std::string_view text, const std::string& origin);

// An invalid_config error at a node of such a document: "<origin>:<line>: <message>".
Error config_error_at(const std::string& origin, const toml::node& node, const std::string& message);

}  // namespace kiln
