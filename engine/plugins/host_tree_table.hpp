#pragma once
// The kiln_host table a native buildpack gets: the C face of a LocalSourceTree.
// One per call; the bytes it hands out live in it until its next answer.
#include <string>

#include <kiln/sdk/abi.h>

#include "core/local_source_tree.hpp"

namespace kiln {

class HostTreeTable {
 public:
  HostTreeTable(const LocalSourceTree& tree, std::uint32_t abi_version, std::string log_prefix);
  HostTreeTable(const HostTreeTable&) = delete;
  HostTreeTable& operator=(const HostTreeTable&) = delete;

  const kiln_host* table() const { return &table_; }

 private:
  static HostTreeTable& self(void* context) { return *static_cast<HostTreeTable*>(context); }
  static int32_t exists(void* context, const char* path, size_t size);
  static int32_t is_dir(void* context, const char* path, size_t size);
  static int32_t read(void* context, const char* path, size_t size, uint64_t max_bytes, kiln_bytes* out);
  static void list(void* context, const char* dir, size_t size, kiln_bytes* out);
  static void glob(void* context, const char* pattern, size_t size, kiln_bytes* out);
  static void name(void* context, kiln_bytes* out);
  static void log(void* context, int32_t level, const char* message, size_t size);
  static int32_t yaml_to_json(void* context, const char* text, size_t size, kiln_bytes* out);
  kiln_bytes hand_out(std::string text);

  const LocalSourceTree& tree_;
  std::string log_prefix_;
  std::string answer_;  // the last bytes handed to the plugin
  kiln_host table_;
};

}  // namespace kiln
