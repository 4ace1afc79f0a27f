#!/usr/bin/env bash
# `kiln build --isolation helper` on the real engine: kiln's own image is made
# (scripts/make-kiln-image.sh, a no-op when current), then builds run inside a
# short-lived helper container that gets the app streamed in. Checked: the
# image works and carries the app as sent; the CA bundle and the registry
# password reach the helper as files (never in its config); a failing build,
# Ctrl-C and --timeout all end with the right status and leave no helper and
# no build container behind.
set -euo pipefail
: "${KILN:?}" "${KILN_SOURCE_DIR:?}"
work=$(mktemp -d)
pids=()
tags=()
cleanup() {
  # A kiln still running removes its helper on SIGTERM: wait for it to finish.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for tag in "${tags[@]}"; do docker rmi -f --no-prune "$tag" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
marker=$((RANDOM * 7 + 31000))   # in app names and a sleep length, to find this test's containers
# Helper containers of this test: their command names an app folder with the marker.
helpers() { docker ps -a --no-trunc --filter label=io.kiln.role=helper --format '{{.Command}}' | grep -c -- "-$marker" || true; }
leftovers() { docker ps -a --no-trunc --format '{{.Command}}' | grep -c "sleep $marker" || true; }
no_helper_left() {  # no_helper_left <when>
  for _ in $(seq 1 40); do [ "$(helpers)" -eq 0 ] && break; sleep 0.5; done
  [ "$(helpers)" -eq 0 ] || { docker ps -a --filter label=io.kiln.role=helper; fail "a helper container was left $1"; }
}
make_app() {  # make_app <dir> <build command>
  mkdir -p "$1"
  printf 'web: sh -c "exec sleep infinity"\n' >"$1/Procfile"
  printf 'build = "%s"\n' "$2" >"$1/kiln.toml"
}
ca="${KILN_TEST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

"$KILN_SOURCE_DIR/scripts/make-kiln-image.sh" --build-dir "$(dirname "$KILN")" || fail "making kiln's image"
[ "$(helpers)" -eq 0 ] || fail "a helper container is already there before the test"

# 1. A real app, with a CA bundle for npm behind the proxy. A marker file
#    proves the app reached the image through the helper; kiln on the host
#    writes nothing to its temp folder.
app="$work/node-express-npm-$marker"
cp -r "$KILN_SOURCE_DIR/tests/fixtures/apps/node-express-npm" "$app"
token="helper-$(date +%s%N)"
echo "$token" >"$app/helper-marker.txt"
tag="kiln-e2e/helper-node:test"; tags+=("$tag")
mkdir "$work/tmp"
if ! TMPDIR="$work/tmp" "$KILN" build "$app" --isolation helper -t "$tag" --ca-bundle "$ca" >"$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log"; fail "the helper build of node-express-npm"
fi
grep -q "^==> sent the app to /workspace/app/node-express-npm-$marker: " "$work/build.log" \
  || { head -5 "$work/build.log"; fail "the app was not sent to the helper's /workspace/app"; }
[ -z "$(ls -A "$work/tmp")" ] || fail "kiln on the host wrote to its temp folder: $(ls -A "$work/tmp")"
[ "$(docker run --rm --network none --entrypoint cat "$tag" /app/helper-marker.txt)" = "$token" ] \
  || fail "the image does not hold the app the helper was given"
port=$(free_port)
out=$("$KILN" run "$tag" --port "$port" --check / --wait 120s 2>&1) || { echo "$out"; fail "kiln run of the helper-built image"; }
grep -q -- "-> HTTP 200" <<<"$out" || { echo "$out"; fail "the helper-built app did not answer 200"; }
no_helper_left "after a successful build"
echo "ok: built in a helper, ran, answered 200"

# 2. A failing step: the helper's exit status (1) and message come through.
broken="$work/broken-$marker"
make_app "$broken" "echo about to fail && exit 3"
set +e
out=$("$KILN" build "$broken" --isolation helper -t kiln-e2e/helper-broken:test 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "$out" | tail -5; fail "failing helper build exited $rc, want 1"; }
grep -q "build of broken-$marker failed: .*(exit code 3)" <<<"$out" || { echo "$out" | tail -5; fail "no step failure message"; }
no_helper_left "after a failing build"
echo "ok: a failing build exits 1"

# 3. Ctrl-C mid-build. While the helper runs: it holds the app under
#    /workspace/app, the password only as a file of its own user, and its
#    config (docker inspect) shows no password.
slow="$work/slow-$marker"
make_app "$slow" "sleep $marker"
password="pw-$(date +%s%N)"
KILN_REGISTRY_PASSWORD="$password" "$KILN" build "$slow" --isolation helper -t kiln-e2e/helper-slow:test \
  --push 127.0.0.1:9/kiln-e2e/never:1 --registry-username kiln >"$work/slow.log" 2>&1 &
pid=$!
pids+=("$pid")
for _ in $(seq 1 120); do grep -q "sleep $marker" "$work/slow.log" && [ "$(leftovers)" -gt 0 ] && break; sleep 0.5; done
[ "$(leftovers)" -gt 0 ] || { cat "$work/slow.log"; fail "the slow step never started"; }
helper=$(docker ps --no-trunc --filter label=io.kiln.role=helper --format '{{.ID}} {{.Command}}' | grep -- "-$marker" | cut -d' ' -f1 || true)
[ -n "$helper" ] || { fail "no running helper container during the build"; }
docker exec "$helper" ls "/workspace/app/slow-$marker" | grep -qx kiln.toml || { fail "the app is not in the helper's /workspace/app"; }
[ "$(docker exec "$helper" stat -c '%a %u' /workspace/inputs/registry-password)" = "600 10001" ] \
  || { fail "the password file is not private to the helper's user"; }
if docker inspect "$helper" | grep -qF "$password"; then fail "the password shows in docker inspect"; fi
kill -INT "$pid"
set +e
wait "$pid"; rc=$?
set -e
[ "$rc" -ne 0 ] || fail "cancelled helper build exited 0"
grep -q "cancelled" "$work/slow.log" || { tail -5 "$work/slow.log"; fail "no cancellation message"; }
no_helper_left "after Ctrl-C"
for _ in $(seq 1 40); do [ "$(leftovers)" -eq 0 ] && break; sleep 0.5; done
[ "$(leftovers)" -eq 0 ] || fail "a build container was left behind after Ctrl-C"
grep -qF "$password" "$work/slow.log" && fail "the password appeared in kiln's output"
echo "ok: Ctrl-C stops the helper and its build"

# 4. --timeout: the host stops the helper; same clean end.
set +e
out=$("$KILN" build "$slow" --isolation helper -t kiln-e2e/helper-slow:test --timeout 5s 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "$out" | tail -5; fail "timed-out helper build exited $rc"; }
grep -q "timed out after 5s" <<<"$out" || { echo "$out" | tail -5; fail "no timeout message"; }
no_helper_left "after the timeout"
for _ in $(seq 1 40); do [ "$(leftovers)" -eq 0 ] && break; sleep 0.5; done
[ "$(leftovers)" -eq 0 ] || fail "a build container was left behind after the timeout"
echo "ok: --timeout stops the helper and its build"

# 5. A push with credentials: the password goes in as a file and works.
reg_port=$(free_port)
htpasswd -Bbc "$work/htpasswd" kiln "$password" >/dev/null 2>&1
printf 'version: 0.1\nstorage: {filesystem: {rootdirectory: %s}}\nhttp: {addr: 127.0.0.1:%s}\nauth: {htpasswd: {realm: kiln-test, path: %s}}\n' \
  "$work/registry" "$reg_port" "$work/htpasswd" >"$work/registry.yml"
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do curl -s "http://127.0.0.1:$reg_port/v2/" >/dev/null && break; sleep 0.2; done
tags+=(kiln-e2e/helper-push:test "127.0.0.1:$reg_port/team/site:helper")
cp -r "$KILN_SOURCE_DIR/tests/fixtures/apps/static-plain" "$work/static-$marker"
out=$(printf '%s\n' "$password" | "$KILN" build "$work/static-$marker" --isolation helper \
      -t kiln-e2e/helper-push:test --push "127.0.0.1:$reg_port/team/site:helper" \
      --registry-username kiln --registry-password-stdin 2>&1) || { echo "$out" | tail -10; fail "push through the helper"; }
grep -q "pushed 127.0.0.1:$reg_port/team/site:helper@sha256:" <<<"$out" || { echo "$out" | tail -5; fail "push not reported"; }
grep -qF "$password" <<<"$out" && fail "the password appeared in kiln's output"
no_helper_left "after a push"
echo "ok: authenticated push from the helper"

# 6. A plugin folder of the host cannot reach the helper: a clear refusal, no container.
set +e
out=$("$KILN" --plugin-dir "$work" build "$broken" --isolation helper 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q -- "--plugin-dir names a folder on this machine" <<<"$out" || { echo "$out"; fail "--plugin-dir not refused"; }
no_helper_left "after a refused option"
# 7. The same image runs the build service: socket mounted with its group, data on a volume folder.
svc_port=$(free_port)
svc="kiln-e2e-serve-$marker"
mkdir -m 777 "$work/svc-data"
docker run -d --name "$svc" --network host -v /var/run/docker.sock:/var/run/docker.sock \
  --group-add "$(stat -c %g /var/run/docker.sock)" -v "$work/svc-data:/var/lib/kiln" \
  kiln/kiln:dev serve --listen "127.0.0.1:$svc_port" >/dev/null || fail "starting kiln serve from kiln's image"
stop_service() { docker rm -f "$svc" >/dev/null 2>&1 || true; }
health=""
for _ in $(seq 1 50); do health=$(curl -s "http://127.0.0.1:$svc_port/healthz") && [ -n "$health" ] && break; sleep 0.2; done
[ "$(jq -r .engine.reachable <<<"$health" 2>/dev/null)" = true ] || { docker logs "$svc" | tail; stop_service; fail "the containerised service does not reach the engine: $health"; }
tar -C "$KILN_SOURCE_DIR/tests/fixtures/apps/static-plain" -czf "$work/site.tgz" .
id=$(curl -s --data-binary @"$work/site.tgz" -H 'Content-Type: application/gzip' \
     "http://127.0.0.1:$svc_port/api/v1/builds?image=kiln-e2e/helper-served:test" | jq -r .id)
tags+=(kiln-e2e/helper-served:test)
status=""
for _ in $(seq 1 300); do
  status=$(curl -s "http://127.0.0.1:$svc_port/api/v1/builds/$id" | jq -r .status)
  case "$status" in succeeded|failed|cancelled|timed_out) break ;; esac
  sleep 0.5
done
[ "$status" = succeeded ] || { curl -s "http://127.0.0.1:$svc_port/api/v1/builds/$id/logs" | jq -r '.lines[].text' | tail; stop_service; fail "a build through the containerised service ended $status"; }
[ -f "$work/svc-data/kiln-data/kiln.db" ] || { stop_service; fail "the service did not keep its store on the mounted folder"; }
stop_service
echo "ok: kiln serve runs from kiln's image and builds through the mounted socket"

echo "PASS: helper builds run, fail, cancel, time out and push, and leave nothing behind"
