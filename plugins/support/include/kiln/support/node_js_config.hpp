#pragma once
// Reading one string option out of a JavaScript config file (next.config.js,
// vite.config.ts, astro.config.mjs) without running it: enough for the few
// options that decide how an app is built, such as `output: 'export'` or `outDir: 'build'`.
#include <optional>
#include <string>
#include <string_view>

#include <kiln/sdk/source.hpp>

namespace kiln::support {

// The quoted literal assigned to `key` (`key: 'value'`, `"key": "value"`), first
// match outside a `//` line comment. Values computed in code are not seen.
std::optional<std::string> js_string_option(std::string_view source, std::string_view key);

// The option from a config file in the tree; nullopt when absent, too large, or not literal.
std::optional<std::string> js_config_option(const sdk::SourceTree& tree, std::string_view config_path,
                                            std::string_view key);

}  // namespace kiln::support
