#pragma once
// The build plan of a detected Go module.
#include <optional>
#include <string>

#include <kiln/sdk/plan.hpp>

#include <nlohmann/json.hpp>

namespace kiln::go {

// Two stages: on the go stack, modules are downloaded from go.mod/go.sum
// alone, then a static binary (CGO_ENABLED=0) is built to /app/server; the
// base stack runs only that binary. chosen_main is kiln.toml's go_main
// ("cmd/worker"), which wins over what detection chose. Throws
// BuildpackError when detection found nothing to build, or several
// programs and no go_main.
sdk::BuildPlan plan_go(const nlohmann::json& facts, const std::optional<std::string>& chosen_main);

}  // namespace kiln::go
