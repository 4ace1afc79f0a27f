#pragma once
// Serving a folder of files on the "static" runtime, whose web server is darkhttpd.
#include <string>
#include <string_view>

#include <kiln/sdk/plan.hpp>

namespace kiln::support {

inline constexpr std::string_view kStaticRuntime = "static";
inline constexpr int kStaticPort = 8080;
// Where a built site lands in the run image when it comes from a build stage.
inline constexpr std::string_view kStaticServedDir = "/app/public";

// darkhttpd on `dir`, listening on $PORT (the core sets it from the plan's
// port, and a user's port override changes it) with directory listings off.
sdk::StartCommand static_site_start(std::string_view dir);

}  // namespace kiln::support
