#!/usr/bin/env bash
# kiln serve's operator routes, on the real engine: the buildpack list and a
# reload that picks up a Lua buildpack dropped in after start; /metrics
# after builds; /api/v1/runtime/info; containers from a built image created,
# started (the app answers), restarted, stopped and deleted; images kiln did
# not build and containers kiln did not start are out of reach.
set -euo pipefail
work=$(mktemp -d)
# shellcheck source=lib/serve_helpers.sh
source "$(dirname "$0")/lib/serve_helpers.sh"
trap serve_cleanup EXIT

image="kiln-e2e/serve-admin:$nonce"
cleanup_images+=("$image")
bundle_of "$static_app" "$work/static.tgz"
plugins="$work/plugins"
mkdir -p "$plugins"
global_options=(--plugin-dir "$plugins")
start_server admin --max-concurrent-builds 2

# --- 1. Buildpacks: the list, and a reload that finds a new Lua buildpack --------
expect 200 "$(req GET /api/v1/buildpacks)" "list buildpacks"
for id in kiln.static kiln.node kiln.python kiln.dockerfile; do
  field '.buildpacks[].id' | has_line -x "$id" || fail "buildpack $id is not listed: $(field '[.buildpacks[].id]')"
done
[ "$(field '.problems | length')" = 0 ] || fail "problems at start: $(field .problems)"
loaded_at_start=$(field '.buildpacks | length')
new_id="com.kilne2e.deno$RANDOM"
field '.buildpacks[].id' | has_line -x "$new_id" && fail "$new_id is listed before it exists"

mkdir -p "$work/deno-app"
printf '{"main": "server.ts"}\n' >"$work/deno-app/deno.json"
printf 'Deno.serve(() => new Response("hi"));\n' >"$work/deno-app/server.ts"
# The bundled kiln.deno scores a deno.json above the template: the app picks the new buildpack by id.
printf 'buildpack = "%s"\n' "$new_id" >"$work/deno-app/kiln.toml"
bundle_of "$work/deno-app" "$work/deno.tgz"
deno_bundle=$(upload_bundle "$work/deno.tgz")
code=$(req POST /api/v1/detect -H 'Content-Type: application/json' --data-binary "{\"source\": {\"bundle\": \"$deno_bundle\"}}")
[ "$code" = 422 ] || [ "$(field .buildpack)" != "$new_id" ] || fail "the deno app was detected by $new_id before the reload"

mkdir -p "$plugins/deno" "$plugins/broken"
for f in buildpack.lua buildpack.toml; do
  sed "s/id = \"com.example.deno\"/id = \"$new_id\"/" "$KILN_SOURCE_DIR/sdk/templates/lua-buildpack/$f" >"$plugins/deno/$f"
  grep -q "id = \"$new_id\"" "$plugins/deno/$f" || fail "could not set the id in the template's $f"
done
printf 'api = 1\nid = "com.kilne2e.broken"\nversion = "0.1.0"\nkind = "lua"\n' >"$plugins/broken/buildpack.toml"
printf 'return {id = "com.kilne2e.broken", version = "0.1.0", api = 1, detect = function(tree) return nil end\n' >"$plugins/broken/buildpack.lua"
expect 200 "$(req POST /api/v1/buildpacks/reload --data-binary "")" "reload buildpacks"
field '.buildpacks[].id' | has_line -x "$new_id" || fail "$new_id is not listed after the reload: $(field '[.buildpacks[].id]')"
[ "$(field '.buildpacks | length')" = $((loaded_at_start + 1)) ] || fail "the reload lost or doubled buildpacks: $(field '[.buildpacks[].id]')"
field '.problems[].source' | has_line "broken" || fail "the broken buildpack is not reported as a problem: $(field .problems)"
expect 200 "$(req GET /api/v1/buildpacks)" "list buildpacks after the reload"
field '.buildpacks[].id' | has_line -x "$new_id" || fail "GET /buildpacks does not show $new_id after the reload"
expect 200 "$(req POST /api/v1/detect -H 'Content-Type: application/json' --data-binary "{\"source\": {\"bundle\": \"$deno_bundle\"}}")" \
  "detect the deno app after the reload"
jq -e --arg id "$new_id" '.buildpack == $id and .language == "deno" and .score == 80 and (.evidence | index("deno.json")) != null' \
  "$work/body" >/dev/null || fail "detect after the reload: $(body)"
expect 200 "$(req POST /api/v1/plan -H 'Content-Type: application/json' --data-binary "{\"source\": {\"bundle\": \"$deno_bundle\"}}")" \
  "plan the deno app after the reload"
jq -e --arg id "$new_id" '.buildpack == $id and .plan.port == 8000 and (.plan.start.argv | index("server.ts")) != null' \
  "$work/body" >/dev/null || fail "plan after the reload: $(body)"
rm -rf "$plugins/deno"
expect 200 "$(req POST /api/v1/buildpacks/reload --data-binary "")" "reload after removing the buildpack"
field '.buildpacks[].id' | has_line -x "$new_id" && fail "$new_id is still listed after its folder was removed"
echo "ok: a Lua buildpack dropped in after start is listed and detects after a reload (and gone after the next); a broken one is a problem, not a crash"

# --- 2. /metrics after builds -------------------------------------------------------
# metric <series>: its value on the last /metrics answer.
metric() { awk -v name="$1" '$1 == name { print $2 }' "$work/body"; }
expect 200 "$(req GET /metrics)" "/metrics"
grep -q '^# TYPE kiln_build_duration_seconds histogram' "$work/body" || fail "/metrics has no duration histogram type"
[ "$(metric kiln_queue_depth)" = 0 ] && [ "$(metric kiln_builds_running)" = 0 ] || fail "an idle server's metrics: $(body)"
built=$(submit_bundle "$work/static.tgz" "image=$image")
[ "$(wait_final "$built" 120)" = succeeded ] || fail "the static build ended $(field .status)"
mkdir -p "$work/broken-app"
printf 'FROM kiln/stack-base:bookworm\nRUN exit 4\n' >"$work/broken-app/Dockerfile"
bundle_of "$work/broken-app" "$work/broken.tgz"
broken=$(submit_bundle "$work/broken.tgz")
[ "$(wait_final "$broken" 60)" = failed ] || fail "the broken build ended $(field .status)"
marker=$(new_marker)
slow_app "$work/slow" "$marker"
bundle_of "$work/slow" "$work/slow.tgz"
slow=$(submit_bundle "$work/slow.tgz")
wait_build_container "$marker" "$slow"
expect 200 "$(req GET /metrics)" "/metrics during a build"
[ "$(metric kiln_builds_running)" = 1 ] || fail "kiln_builds_running is $(metric kiln_builds_running) during one build"
[ "$(metric 'kiln_builds{status="building"}')" = 1 ] || fail "kiln_builds{status=\"building\"} is $(metric 'kiln_builds{status="building"}')"
expect 202 "$(req POST "/api/v1/builds/$slow/cancel")" "cancel the slow build"
[ "$(wait_final "$slow" 60)" = cancelled ] || fail "the slow build ended $(field .status)"
expect 200 "$(req GET /metrics)" "/metrics after the builds"
for status in succeeded failed cancelled; do
  [ "$(metric "kiln_builds{status=\"$status\"}")" = 1 ] || fail "kiln_builds{status=\"$status\"} is '$(metric "kiln_builds{status=\"$status\"}")', want 1"
  [ "$(metric "kiln_build_duration_seconds_bucket{status=\"$status\",le=\"+Inf\"}")" = 1 ] || fail "no +Inf bucket of 1 for $status"
  [ "$(metric "kiln_build_duration_seconds_count{status=\"$status\"}")" = 1 ] || fail "no duration count of 1 for $status"
done
[ "$(grep -c '^kiln_build_duration_seconds_bucket{status="succeeded",le="[0-9.e+]*"} [01]$' "$work/body")" -ge 5 ] ||
  fail "the succeeded histogram has too few finite buckets: $(grep duration_seconds_bucket "$work/body")"
[ "$(metric kiln_queue_depth)" = 0 ] && [ "$(metric kiln_builds_running)" = 0 ] || fail "metrics after the builds: queue $(metric kiln_queue_depth), running $(metric kiln_builds_running)"
wait_no_build_container "$marker" "cancel of the slow build"
echo "ok: /metrics counts builds by status, queue depth, running builds and a duration histogram"

# --- 3. runtime/info ----------------------------------------------------------------
expect 200 "$(req GET /api/v1/runtime/info)" "runtime info"
engine_version=$(docker version --format '{{.Server.Version}}')
jq -e --arg dir "$work/admin-data" --arg version "$engine_version" '
  (.kiln_version | length) > 0 and .engine.reachable == true and .engine.kind == "docker" and .engine.version == $version
  and (.engine.api_version | length) > 0 and .engine.os == "linux" and (.engine.arch | length) > 0
  and (.engine.address | test("^unix://")) and .data_dir == $dir
  and .max_concurrent_builds == 2 and .max_queued_builds == 200 and .build_timeout_seconds == 1800' "$work/body" >/dev/null ||
  fail "runtime info: $(body)"
"$KILN" --version 2>&1 | has_line -F "$(field .kiln_version)" || fail "runtime info says kiln $(field .kiln_version), kiln --version says $("$KILN" --version 2>&1)"
expect 200 "$(req GET /api/v1/openapi.json)" "openapi.json"
jq -e '.openapi and .paths["/api/v1/builds"] and .paths["/api/v1/containers"]' "$work/body" >/dev/null || fail "openapi.json lacks the build and container paths"
echo "ok: runtime info names engine docker $engine_version, the data folder and the limits"

# --- 4. Containers from a built image -------------------------------------------------
app_port=$(free_port)
name="kiln-e2e-app-$nonce"
cleanup_containers+=("$name")
expect 201 "$(req POST /api/v1/containers -H 'Content-Type: application/json' --data-binary \
  "{\"image\": \"$image\", \"name\": \"$name\", \"port\": $app_port, \"env\": {\"GREETING\": \"hi\"}, \"restart_policy\": \"no\", \"memory\": \"128m\", \"cpus\": 0.5}")" \
  "create a container"
container=$(field .id)
[ "$(field .name)" = "$name" ] && [ "$(field .image)" = "$image" ] || fail "created container: $(body)"
inspect=$(docker inspect "$container")
jq -e --arg port "$app_port" '.[0].HostConfig.Memory == 134217728 and .[0].HostConfig.NanoCpus == 500000000
  and .[0].HostConfig.NetworkMode == "host" and (.[0].Config.Env | index("PORT=" + $port)) != null
  and (.[0].Config.Env | index("GREETING=hi")) != null' <<<"$inspect" >/dev/null ||
  fail "the engine's container does not have the asked settings: $(jq -c '.[0] | {HostConfig: {Memory: .HostConfig.Memory, NanoCpus: .HostConfig.NanoCpus, NetworkMode: .HostConfig.NetworkMode}, Env: .Config.Env}' <<<"$inspect")"

# app_answers <seconds>: the app serves the fixture's index.html on its port.
app_answers() {
  local _
  for _ in $(seq 1 $(($1 * 4))); do
    curl -fsS --max-time 2 "http://127.0.0.1:$app_port/" 2>/dev/null | has_line "$(head -n 5 "$static_app/index.html" | tail -n 1 | sed 's/^ *//')" && return 0
    sleep 0.25
  done
  return 1
}
app_answers 1 && fail "the app answers before it was started"
expect 200 "$(req POST "/api/v1/containers/$container/start" --data-binary "")" "start the container"
[ "$(field .status)" = running ] || fail "started container: $(body)"
app_answers 30 || fail "the started app does not answer on port $app_port: $(docker logs "$container" 2>&1 | tail -5)"
expect 200 "$(req GET /api/v1/containers)" "list containers"
field '.containers[].name' | has_line -x "$name" || fail "the container is not listed: $(body)"
started_at=$(docker inspect --format '{{.State.StartedAt}}' "$container")
expect 200 "$(req POST "/api/v1/containers/$name/restart" --data-binary "")" "restart the container by name"
[ "$(docker inspect --format '{{.State.StartedAt}}' "$container")" != "$started_at" ] || fail "restart did not restart the container"
app_answers 30 || fail "the app does not answer after the restart"
expect 200 "$(req POST "/api/v1/containers/$container/stop" --data-binary "")" "stop the container"
[ "$(field .status)" != running ] || fail "stopped container: $(body)"
expect 200 "$(req GET "/api/v1/containers/$container")" "get the stopped container"
[ "$(field .state)" = exited ] || fail "the stopped container's state is $(field .state)"
app_answers 1 && fail "the app still answers after stop"
expect 204 "$(req DELETE "/api/v1/containers/$container")" "delete the container"
expect_error 404 "$(req GET "/api/v1/containers/$container")" not_found "get a deleted container"
expect 200 "$(req GET /api/v1/containers)" "list after delete"
field '.containers[].name' | has_line -x "$name" && fail "the deleted container is still listed"
docker inspect "$container" >/dev/null 2>&1 && fail "the engine still has the deleted container"
echo "ok: a container from $image was created, answered on $app_port, restarted, stopped and deleted"

expect_error 400 "$(req POST /api/v1/containers -H 'Content-Type: application/json' --data-binary \
  '{"image": "kiln/stack-base:bookworm", "name": "kiln-e2e-not-ours"}')" invalid_request "create from an image kiln did not build"
expect_error 404 "$(req POST /api/v1/containers -H 'Content-Type: application/json' --data-binary \
  "{\"image\": \"kiln-e2e/no-such-image:$nonce\"}")" not_found "create from a missing image"
docker inspect kiln-e2e-not-ours >/dev/null 2>&1 && fail "a container was created from an image kiln did not build"

# --- 5. Containers kiln did not start are out of reach ------------------------------
foreign="kiln-e2e-foreign-$nonce"
cleanup_containers+=("$foreign")
foreign_id=$(docker run -d --name "$foreign" --network host kiln/stack-base:bookworm sleep 60)
foreign_started=$(docker inspect --format '{{.State.StartedAt}}' "$foreign")
for ref in "$foreign_id" "$foreign" "${foreign_id:0:12}"; do
  expect_error 404 "$(req GET "/api/v1/containers/$ref")" not_found "get a foreign container ($ref)"
  for action in stop restart start; do
    expect_error 404 "$(req POST "/api/v1/containers/$ref/$action" --data-binary "")" not_found "$action a foreign container ($ref)"
  done
  expect_error 404 "$(req DELETE "/api/v1/containers/$ref")" not_found "delete a foreign container ($ref)"
done
expect 200 "$(req GET /api/v1/containers)" "list with a foreign container"
field '.containers[].name' | has_line -x "$foreign" && fail "a foreign container is listed"
[ "$(docker inspect --format '{{.State.Running}}' "$foreign")" = true ] || fail "the foreign container was stopped"
[ "$(docker inspect --format '{{.State.StartedAt}}' "$foreign")" = "$foreign_started" ] || fail "the foreign container was restarted"
echo "ok: a container kiln did not start is 404 for get/start/stop/restart/delete and keeps running"

# --- 6. A POST without a body and without Content-Length (`curl -X POST`) ----------
# HTTP/1.1 (RFC 9112 6.3): a request with neither Content-Length nor
# Transfer-Encoding has an empty body, so the answer must come at once.
for path in /api/v1/buildpacks/reload "/api/v1/containers/$foreign/stop"; do
  started=$(date +%s%N)
  code=$(req POST "$path" --max-time 10)
  took_ms=$((($(date +%s%N) - started) / 1000000))
  [ "$code" != 000 ] && [ "$took_ms" -lt 5000 ] || soft_fail "POST $path without a body: HTTP $code after ${took_ms} ms (the server waited for a body)"
done
stop_server TERM
[ "$server_rc" = 0 ] || fail "SIGTERM: exit $server_rc"
pass "kiln serve admin: buildpacks and reload, metrics, runtime info, containers"
