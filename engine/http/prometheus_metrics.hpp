#pragma once
// /metrics in Prometheus' text format: builds by status (from the store, so
// it survives restarts), queue depth, running builds, and build durations
// since the server started.
#include <string>

#include "core/result.hpp"
#include "service/build_service.hpp"

namespace kiln::http {

Result<std::string> prometheus_metrics(service::BuildService& builds);

}  // namespace kiln::http
