#pragma once
// What go.mod and go.work say (the same directive syntax).
// go.mod: the module path, the Go version, what it requires, and
// which requirements are replaced by folders of the repository.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::go {

struct GoModule {
  std::string path;                        // "example.com/shop/api"
  std::optional<std::string> go_version;   // the `go` directive: "1.22"
  std::optional<std::string> toolchain;    // the `toolchain` directive: "go1.22.3"
  std::vector<std::string> required;       // module paths, direct and indirect
  std::vector<std::string> local_replacements;  // replacement folders as written: "./lib", "../shared"
};

// nullopt when the text has no `module` directive (then it is not a go.mod).
std::optional<GoModule> parse_go_mod(std::string_view text);

// What go.work says: the module folders of the workspace, as written ("./api").
struct GoWorkspace {
  std::vector<std::string> uses;
  std::optional<std::string> go_version;
  std::optional<std::string> toolchain;
};

// nullopt when the text has no `use` directive (a workspace of nothing).
std::optional<GoWorkspace> parse_go_work(std::string_view text);

}  // namespace kiln::go
