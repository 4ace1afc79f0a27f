#!/usr/bin/env bash
# kiln's main job on a sample app: detect it, build it into an image on the
# local container engine, run it and show that it answers.
# Usage: scripts/demo.sh [app-folder]   (default: the Express sample)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/start-engine.sh
scripts/make-stacks.sh
app="${1:-tests/fixtures/apps/node-express-npm}"
kiln=build/kiln
tag="kiln-demo/$(basename "$app"):latest"
# Behind a TLS-intercepting proxy, build steps need its CA; the host bundle holds it.
ca_bundle="${KILN_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

echo "== kiln detect $app"
"$kiln" detect "$app"
echo
echo "== kiln build $app -t $tag"
"$kiln" build "$app" -t "$tag" --ca-bundle "$ca_bundle"
echo
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "== kiln run $tag --port $port --check /"
"$kiln" run "$tag" --port "$port" --check /
