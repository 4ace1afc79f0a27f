#pragma once
// The distribution name at the start of a PEP 508 requirement, as pip compares them.
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace kiln::python {

struct Requirement {
  std::string name;                // normalized: lower case, runs of "-_." as one '-'
  std::set<std::string> extras;    // normalized too: "fastapi[standard]" -> {"standard"}
};

// "Flask>=3.0" -> flask, "uvicorn[standard]==0.30" -> uvicorn + {standard},
// "django ; python_version>'3'" -> django. nullopt when the text does not start with a name.
std::optional<Requirement> parse_requirement(std::string_view text);

// PEP 503 normalization, used for names that come from TOML keys (Poetry, Pipfile).
std::string normalize_name(std::string_view name);

}  // namespace kiln::python
