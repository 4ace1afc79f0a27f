#!/usr/bin/env bash
# Hostile buildpacks in kiln serve, on the real engine: native ones that
# segfault, abort, exit, loop and allocate without end, and Lua whose pattern
# match or gsub runs for minutes inside one C call, all loaded at once. Their
# code runs in analysis workers: /detect still answers (kiln.node wins) within
# 10 s, /healthz answers meanwhile, a build running beside it succeeds, the
# server's memory stays small, and every failure is named.
set -euo pipefail
work=$(mktemp -d)
# shellcheck source=lib/serve_helpers.sh
source "$(dirname "$0")/lib/serve_helpers.sh"
trap serve_cleanup EXIT
: "${KILN_BINARY_DIR:=$(dirname "$KILN")}"

plugins="$work/plugins" && mkdir -p "$plugins"
for c in segfault abort exit loop alloc; do
  src="$KILN_BINARY_DIR/test-plugins/crash_$c/fixture_crash_$c"
  [ -d "$src" ] || fail "fixture plugin $src is missing: build the tests first"
  cp -r "$src" "$plugins/"
done
cp -r "$KILN_SOURCE_DIR/tests/fixtures/plugins/lua-crash/"* "$plugins/"
printf 'buildpack_timeout = "2s"\nanalysis_workers = 3\n' >"$work/server.toml"
global_options=(--plugin-dir "$plugins")
start_server crashes --config "$work/server.toml" --max-concurrent-builds 2

expect 200 "$(req GET /api/v1/buildpacks)" "list buildpacks"
[ "$(field '.problems | length')" = 0 ] || fail "problems at start: $(field .problems)"

image="kiln-e2e/serve-crashes:$nonce"
cleanup_images+=("$image")
bundle_of "$static_app" "$work/static.tgz"
build=$(submit_bundle "$work/static.tgz" "image=$image")

node_app="$KILN_SOURCE_DIR/tests/fixtures/apps/node-express-npm"
bundle_of "$node_app" "$work/node.tgz"
node_bundle=$(upload_bundle "$work/node.tgz")
# /healthz keeps answering while workers are busy with hostile code.
( for _ in $(seq 1 40); do curl -s -o /dev/null -w '%{http_code}\n' --max-time 2 "$api/healthz"; sleep 0.2; done ) >"$work/health" &
health_pid=$!
helper_pids+=("$health_pid")
started=$(date +%s%N)
expect 200 "$(req POST /api/v1/detect -H 'Content-Type: application/json' --data-binary "{\"source\": {\"bundle\": \"$node_bundle\"}}")" \
  "detect with every hostile buildpack loaded"
took_ms=$((($(date +%s%N) - started) / 1000000))
[ "$(field .buildpack)" = kiln.node ] || fail "detect: $(body)"
[ "$took_ms" -lt 10000 ] || fail "detect took $took_ms ms"
echo "ok: /detect answered kiln.node in $took_ms ms with 7 hostile buildpacks loaded"
wait "$health_pid" || true
[ "$(grep -c '^200$' "$work/health")" = 40 ] || fail "/healthz did not always answer 200 meanwhile: $(sort "$work/health" | uniq -c)"
echo "ok: /healthz answered 40 of 40 times during it"

for id in segfault abort exit loop alloc lua-pattern lua-gsub; do
  grep -q "buildpack com.example.$id .*failed in detect" "$server_log" || fail "the server log does not name com.example.$id"
done
echo "ok: the server log names each failed buildpack"

[ "$(wait_final "$build" 180)" = succeeded ] || fail "the build beside it ended $(field .status): $(field .error)"
expect 200 "$(req GET "/api/v1/builds/$build/logs")" "build logs"
grep -q "com.example.segfault .*killed by signal 11" "$work/body" || fail "the build log does not say the segfault: $(body | head -c 2000)"
echo "ok: a build running beside it succeeded; its log names the crashed buildpacks"

expect 200 "$(req POST /api/v1/plan -H 'Content-Type: application/json' --data-binary "{\"source\": {\"bundle\": \"$node_bundle\"}}")" \
  "plan after the crashes (workers respawned)"
[ "$(field .buildpack)" = kiln.node ] || fail "plan: $(body)"
kill -0 "$server_pid" || fail "the server died"
hwm_kb=$(awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status")
[ "$hwm_kb" -lt $((1024 * 1024)) ] || fail "the server's peak RSS is $hwm_kb KB"
echo "ok: the server is alive, its peak RSS $((hwm_kb / 1024)) MB"
stop_server TERM 30
echo "PASS: serve_buildpack_crashes"
