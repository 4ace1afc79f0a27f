#pragma once
// The API's routes, one group per file. Every path here is also in
// openapi.json (a test compares the two).
#include <httplib.h>

#include "http/api_context.hpp"

namespace kiln::http {

void add_build_routes(httplib::Server& server, ApiContext& context);
void add_log_routes(httplib::Server& server, ApiContext& context);
void add_source_routes(httplib::Server& server, ApiContext& context);     // /detect, /plan, /bundles
void add_buildpack_routes(httplib::Server& server, ApiContext& context);
void add_runtime_routes(httplib::Server& server, ApiContext& context);    // /healthz, /metrics, /runtime/info, /openapi.json
void add_container_routes(httplib::Server& server, ApiContext& context);
void add_app_routes(httplib::Server& server, ApiContext& context);        // /apps: the GitOps watcher
void add_webhook_routes(httplib::Server& server, ApiContext& context);    // /hooks: signed, no bearer token
void add_registry_routes(httplib::Server& server, ApiContext& context);   // /registry: read by anyone, publish with a token

// Checks what can be checked before queueing or fetching, so a bad source is a 400 now rather than
// a failed build later: git URL policy, bundle URL scheme, that an uploaded bundle exists.
Status check_source(const service::BuildSubmission& submission, const ApiContext& context);

// ContainerCreate.memory, as the document states it (a unit test compares).
inline constexpr const char* kContainerMemoryPattern = "^(?:(?:[6-9]|[1-9][0-9]{1,6})[mM]|[1-9][0-9]{0,3}[gG])$";

// A build id as the service makes them; anything else is refused before it reaches the store.
bool is_build_id(const std::string& text);

}  // namespace kiln::http
