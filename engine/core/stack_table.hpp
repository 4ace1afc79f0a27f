#pragma once
// Plans name their base images by stack ("node", "python", ...). The table
// maps those names to images: kiln's own stacks by default (made locally by
// scripts/make-stacks.sh), or anything a user maps them to with one setting.
#include <map>
#include <string>

namespace kiln {

class StackTable {
 public:
  // kiln/stack-<name>:bookworm for every stack kiln ships.
  static StackTable defaults();

  void set(const std::string& stack, const std::string& image) { images_[stack] = image; }
  // A known stack name becomes its image; anything else is already an image reference.
  std::string resolve(const std::string& name_or_image) const;
  bool is_stack(const std::string& name) const { return images_.count(name) != 0; }
  const std::map<std::string, std::string>& images() const { return images_; }

  // Run stacks made without a package manager (and `minimal` without a
  // shell) name the fuller stack that runs the same programs: a run image
  // that must install packages, or run a shell command, is that one instead.
  void set_fuller(const std::string& stack, const std::string& fuller, bool has_shell) {
    fuller_[stack] = {fuller, has_shell};
  }
  // The stack (or image) a run stage starts from.
  std::string run_stack(const std::string& name_or_image, bool installs_packages, bool runs_shell) const;

 private:
  struct Fuller {
    std::string stack;
    bool has_shell;
  };
  std::map<std::string, std::string> images_;
  std::map<std::string, Fuller> fuller_;
};

}  // namespace kiln
