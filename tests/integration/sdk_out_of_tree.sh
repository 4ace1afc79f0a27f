#!/usr/bin/env bash
# Installs kiln into a temporary prefix, builds the SDK's native template out
# of tree with find_package(KilnSDK), and checks the installed kiln loads it
# next to the bundled buildpacks.
set -euo pipefail
: "${KILN_SOURCE_DIR:?}" "${KILN_BINARY_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$KILN_BINARY_DIR" --prefix "$work/prefix" >/dev/null
cp -r "$KILN_SOURCE_DIR/sdk/templates/native-buildpack" "$work/src"
cmake -S "$work/src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null

kiln="$work/prefix/bin/kiln"
list=$("$kiln" --plugin-dir "$work/build" buildpacks list)
echo "$list"
grep -q "com.example.deno .*native .*deno_buildpack.so" <<<"$list" || { echo "FAIL: template buildpack not loaded"; exit 1; }
grep -q "kiln.node .*native .*$work/prefix/lib/kiln/buildpacks/kiln_node.so" <<<"$list" || { echo "FAIL: installed bundled buildpacks not found"; exit 1; }
grep -q "kiln.ruby .*lua " <<<"$list" || { echo "FAIL: installed Lua buildpacks not found"; exit 1; }

mkdir -p "$work/app"
echo '{}' >"$work/app/deno.json"
echo 'Deno.serve(() => new Response("hi"))' >"$work/app/main.ts"
report=$("$kiln" --plugin-dir "$work/build" detect "$work/app" --json)
echo "$report"
[ "$(jq -r .buildpack <<<"$report")" = com.example.deno ] || { echo "FAIL: deno app not detected by the template"; exit 1; }
[ "$(jq -r .start_cmd <<<"$report")" = "deno run --allow-net --allow-env main.ts" ] || { echo "FAIL: start_cmd"; exit 1; }
echo "PASS: out-of-tree buildpack built against the installed SDK and loaded"
