#pragma once
// Branch and tag names as `git check-ref-format --branch` accepts them, checked
// here rather than by running git: the name is untrusted and reaches git's argv.
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

// Nothing when `name` is a valid branch or tag name, else why it is not.
std::optional<std::string> check_git_branch_name(std::string_view name);

// Nothing when `commit` is 4 to 40 (SHA-1) or exactly 64 (SHA-256) hex digits.
std::optional<std::string> check_git_commit_id(std::string_view commit);

}  // namespace kiln
