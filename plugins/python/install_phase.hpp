#pragma once
// The dependency layer of a Python app: a virtualenv at /app/.venv filled by
// the project's own installer.
#include <optional>
#include <string>

#include <kiln/sdk/plan.hpp>

#include "python_facts.hpp"

namespace kiln::python {

inline constexpr const char* kVenv = "/app/.venv";

// `poetry_version` pins Poetry to the one that wrote poetry.lock, when known.
sdk::Phase install_phase(const PythonFacts& facts, const std::optional<std::string>& poetry_version);

// Environment the installers need in the build stage (cache and venv locations).
std::map<std::string, std::string> installer_build_env(const PythonFacts& facts);

}  // namespace kiln::python
