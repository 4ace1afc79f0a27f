#include "registry/host_platform.hpp"

namespace kiln::registry {

std::string host_platform() {
#if defined(__x86_64__)
  const char* cpu = "x86_64";
#elif defined(__aarch64__)
  const char* cpu = "aarch64";
#else
  const char* cpu = "unknown";
#endif
#if defined(__GLIBC__)
  const char* libc = "gnu";
#else
  const char* libc = "musl";
#endif
  return std::string("linux-") + cpu + "-" + libc;
}

}  // namespace kiln::registry
