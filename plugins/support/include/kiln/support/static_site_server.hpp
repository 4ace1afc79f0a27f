#pragma once
// Serving a folder of files on the "static-runtime" stack: busybox's httpd
// behind a darkhttpd command, on an otherwise empty image.
#include <string>
#include <string_view>

#include <kiln/sdk/plan.hpp>

namespace kiln::support {

// The run image only: it has no package manager, so sites are copied into
// it from a build stage.
inline constexpr std::string_view kStaticStack = "static-runtime";
inline constexpr int kStaticPort = 8080;
// Where a built site lands in the run image when it comes from a build stage.
inline constexpr std::string_view kStaticServedDir = "/app/public";

// darkhttpd on `dir`, listening on $PORT (the core sets it from the plan's
// port, and a user's port override changes it) with directory listings off.
sdk::StartCommand static_site_start(std::string_view dir);

}  // namespace kiln::support
