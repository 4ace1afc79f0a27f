#pragma once
// Every call into a buildpack goes through here: whatever a plugin throws
// becomes an Error naming the plugin, never a crash of the CLI or the server.
#include <exception>
#include <string>

#include <kiln/sdk/generator.hpp>

#include "core/result.hpp"
#include "plugins/buildpack_descriptor.hpp"

namespace kiln {

template <class F>
auto guarded_call(const BuildpackDescriptor& who, const char* what, F&& call) -> Result<decltype(call())> {
  auto where = "buildpack " + who.id + " (" + who.source + ") failed in " + what;
  try {
    return call();
  } catch (const sdk::BuildpackError& e) {
    // The buildpack's own words about the project: pass them on as written.
    return Error{ErrorCode::ProjectError, who.id + ": " + e.what()};
  } catch (const std::exception& e) {
    return Error{ErrorCode::PluginFailure, where + ": " + e.what()};
  } catch (...) {
    return Error{ErrorCode::PluginFailure, where + ": unknown exception"};
  }
}

}  // namespace kiln
