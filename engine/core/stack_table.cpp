#include "core/stack_table.hpp"

namespace kiln {

StackTable StackTable::defaults() {
  StackTable table;
  for (const char* stack : {"base", "node", "python", "go", "rust", "java", "java-runtime", "static", "ruby", "php",
                            "deno", "bun", "elixir", "cpp", "cobol", "haskell", "clojure", "zig", "crystal", "swift", "swift-runtime", "scala", "node-runtime", "python-runtime", "cc-runtime", "static-runtime", "minimal"})
    table.set(stack, std::string("kiln/stack-") + stack + ":bookworm");
  return table;
}

std::string StackTable::resolve(const std::string& name_or_image) const {
  auto it = images_.find(name_or_image);
  return it == images_.end() ? name_or_image : it->second;
}

}  // namespace kiln
