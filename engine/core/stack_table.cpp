#include "core/stack_table.hpp"

namespace kiln {

StackTable StackTable::defaults() {
  StackTable table;
  for (const char* stack : {"base", "node", "python", "go", "rust", "java", "java-runtime", "static", "ruby", "php",
                            "deno", "bun", "elixir", "cpp", "cobol", "haskell", "clojure", "zig", "crystal", "swift",
                            "swift-runtime", "scala", "node-runtime", "python-runtime", "cc-runtime", "static-runtime",
                            "minimal"})
    table.set(stack, std::string("kiln/stack-") + stack + ":bookworm");
  table.set_fuller("node-runtime", "node", true);
  table.set_fuller("python-runtime", "python", true);
  table.set_fuller("cc-runtime", "base", true);
  table.set_fuller("static-runtime", "static", true);
  table.set_fuller("minimal", "base", false);
  return table;
}

std::string StackTable::run_stack(const std::string& name_or_image, bool installs_packages, bool runs_shell) const {
  auto it = fuller_.find(name_or_image);
  if (it == fuller_.end() || (!installs_packages && (it->second.has_shell || !runs_shell))) return name_or_image;
  return it->second.stack;
}

std::string StackTable::resolve(const std::string& name_or_image) const {
  auto it = images_.find(name_or_image);
  return it == images_.end() ? name_or_image : it->second;
}

}  // namespace kiln
