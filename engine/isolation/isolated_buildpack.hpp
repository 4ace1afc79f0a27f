#pragma once
// Buildpack code that runs in an analysis worker: the registry's CodeLoader
// for kiln serve and the CLI. A crash, abort, exit, endless loop or memory
// exhaustion in a buildpack fails that one call with an error naming it.
#include <memory>

#include "isolation/worker_pool.hpp"
#include "plugins/buildpack_registry.hpp"

namespace kiln::isolation {

// With verify, loading asks a worker to load the code, so a buildpack that cannot
// load is a problem up front (the server); without, the first call loads it (the CLI).
CodeLoader isolated_code_loader(std::shared_ptr<WorkerPool> pool, bool verify);

}  // namespace kiln::isolation
