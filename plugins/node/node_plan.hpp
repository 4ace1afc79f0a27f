#pragma once
// The BuildPlan for an analysed Node project.
#include <kiln/sdk/plan.hpp>
#include <kiln/sdk/source.hpp>

#include "node_project.hpp"

namespace kiln::node {

// Throws sdk::BuildpackError when the project gives no way to start it.
sdk::BuildPlan make_node_plan(const sdk::SourceTree& tree, const NodeProject& project);

}  // namespace kiln::node
