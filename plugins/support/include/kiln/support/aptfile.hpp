#pragma once
// Aptfile: the Debian packages an app needs at run time, one or more names a
// line - the convention of Heroku's apt buildpack, for apps no language
// buildpack knows.
#include <string>
#include <string_view>
#include <vector>

#include <kiln/sdk/source.hpp>

namespace kiln::support {

// Package names in file order, without duplicates; '#' starts a comment.
// Throws sdk::BuildpackError naming the file and line for anything that is not
// a Debian package name (a .deb URL, a ":repo:" line): kiln installs packages
// from the stack's own archive only.
std::vector<std::string> parse_aptfile(std::string_view text, std::string_view file_name);

// The packages of the tree's root Aptfile; empty when there is none.
std::vector<std::string> read_aptfile(const sdk::SourceTree& tree);

}  // namespace kiln::support
