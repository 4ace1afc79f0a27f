#!/usr/bin/env bash
# kiln's main job on a sample app: what it is, the plan, and the Dockerfile.
# Usage: scripts/demo.sh [app-folder]   (default: the Express sample)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
app="${1:-tests/fixtures/apps/node-express-npm}"
kiln=build/kiln

echo "== kiln detect $app"
"$kiln" detect "$app"
echo
echo "== kiln plan $app"
"$kiln" plan "$app"
echo
echo "== kiln dockerfile $app"
"$kiln" dockerfile "$app"
