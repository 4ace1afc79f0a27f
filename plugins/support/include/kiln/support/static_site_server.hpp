#pragma once
// Serving a folder of files: on the "static-runtime" runtime (busybox's httpd
// behind a darkhttpd command, on an otherwise empty image), or, for a
// single-page app, on the "static" runtime's spa-httpd (lighttpd).
#include <string>
#include <string_view>

#include <kiln/sdk/plan.hpp>

namespace kiln::support {

// The run image. Neither has a package manager's use: sites are copied into
// it from a build stage.
sdk::BaseImage static_site_runtime(bool spa);
inline constexpr int kStaticPort = 8080;
// Where a built site lands in the run image when it comes from a build stage.
inline constexpr std::string_view kStaticServedDir = "/app/public";

// darkhttpd on `dir`, listening on $PORT (the core sets it from the plan's
// port, and a user's port override changes it) with directory listings off.
// A single-page app is served by the stack's spa-httpd instead: a path that is
// no file gets index.html with 200, so client-side routes survive a reload.
sdk::StartCommand static_site_start(std::string_view dir, bool spa = false);

}  // namespace kiln::support
