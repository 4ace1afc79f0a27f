#pragma once
// What a native buildpack exports. The loader reads the C-layout info block
// first (without creating anything), checks the API version, then calls the factory.
//
//   #include <kiln/sdk/plugin.hpp>
//   class Deno : public kiln::sdk::Buildpack { ... };
//   KILN_BUILDPACK(Deno, "com.acme.deno", "1.0.0", 0, "Deno apps")
#include <cstdint>
#include <memory>

#include <boost/config.hpp>
#include <boost/dll/alias.hpp>

#include "kiln/sdk/detector.hpp"
#include "kiln/sdk/generator.hpp"
#include "kiln/sdk/plan.hpp"
#include "kiln/sdk/source.hpp"

namespace kiln::sdk {

// Bumped on any change a built plugin would not survive.
inline constexpr std::uint32_t kApiVersion = 1;

}  // namespace kiln::sdk

extern "C" {
// Grows only at the end; api_version and struct_size come first forever.
struct KilnPluginInfo {
  std::uint32_t api_version;
  std::uint32_t struct_size;
  const char* id;           // reverse-DNS-ish: kiln.node, com.acme.deno
  const char* version;      // semver of the buildpack itself
  const char* kind;         // "buildpack"
  std::int32_t priority;    // breaks score ties; higher wins
  const char* description;
};
}

namespace kiln::sdk {
// The names the loader looks up; KILN_BUILDPACK defines both.
inline constexpr const char* kPluginInfoSymbol = "kiln_plugin_info";
inline constexpr const char* kPluginFactorySymbol = "kiln_create_buildpack";
using BuildpackFactory = std::unique_ptr<Buildpack>();
}  // namespace kiln::sdk

#define KILN_BUILDPACK(Class, Id, Version, Priority, Description)                              \
  extern "C" BOOST_SYMBOL_EXPORT const KilnPluginInfo kiln_plugin_info = {                   \
      ::kiln::sdk::kApiVersion, sizeof(KilnPluginInfo), Id, Version, "buildpack", Priority,   \
      Description};                                                                           \
  namespace kiln_plugin_detail {                                                              \
  inline std::unique_ptr<::kiln::sdk::Buildpack> create() { return std::make_unique<Class>(); } \
  }                                                                                           \
  BOOST_DLL_ALIAS(kiln_plugin_detail::create, kiln_create_buildpack)
