#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then ctest (unit and integration).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build_dir="${KILN_BUILD_DIR:-build}"
ctest --test-dir "$build_dir" --output-on-failure -j "${KILN_JOBS:-2}" "$@"
