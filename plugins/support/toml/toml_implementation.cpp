// The one translation unit that holds toml++'s implementation (see CMakeLists.txt);
// every other file includes <toml++/toml.h> for declarations only.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
