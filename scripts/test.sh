#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, starts the container
# engine, makes kiln's stacks, then ctest (unit, integration, end to end).
#   scripts/test.sh [ctest args...]      e.g. scripts/test.sh -L e2e, or -LE e2e for the fast ones
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/start-engine.sh
scripts/make-stacks.sh
build_dir="${KILN_BUILD_DIR:-build}"
ctest --test-dir "$build_dir" --output-on-failure -j "${KILN_JOBS:-2}" "$@"
