# shellcheck shell=bash disable=SC2034
# (SC2034: the variables set here are read by the scripts that source this file.)
# Shared by the serve_*.sh tests (sourced, not run: CMake globs only e2e/*.sh).
# Starts real `kiln serve` processes on free loopback ports, each with its own
# data folder under $work, calls their API with curl, and cleans up after them.
#
# The caller sets `work` (a fresh temp dir) before sourcing, and installs
#   trap serve_cleanup EXIT
# Everything a test starts (servers, containers, tagged images, helper
# processes) is registered here so that trap removes it whether the test passes or not.

: "${KILN:?set KILN to the kiln executable}" "${KILN_SOURCE_DIR:?set KILN_SOURCE_DIR to the source tree}"
: "${work:?set work to a temp dir before sourcing serve_helpers.sh}"

static_app="$KILN_SOURCE_DIR/tests/fixtures/apps/static-plain"
nonce="$$-$RANDOM"            # keeps this run's images, markers and files apart from any other run
api=""                        # base URL of the current server
server_pid=""                 # pid of the current server
server_log=""                 # its stderr (appended across restarts of the same name)
api_token=""                  # when set, every req sends it as a bearer token
global_options=()             # kiln options that go before `serve` (--plugin-dir DIR)
helper_pids=()                # registries, git daemons, ... killed at exit
cleanup_images=()             # image tags removed at exit
cleanup_containers=()         # container names removed at exit
cleanup_markers=()            # sleep markers: build containers still running them are removed at exit
cleanup_registries=()         # host:port of registries started here: every local image reference to them is removed at exit
declare -A server_pids=()     # every server started, by pid

# fail <message>: to stderr, so it shows even from inside $(...).
fail() {
  {
    echo "FAIL: $*"
    if [ -n "$server_log" ] && [ -f "$server_log" ]; then
      echo "--- last lines of the server log ($server_log):"
      tail -n 15 "$server_log"
    fi
  } >&2
  exit 1
}

# soft_fail <message>: a failed check after which the rest of the test still
# means something; the test goes on and fails at its end (see pass). Only at
# the top level of a script, never inside $(...).
soft_failures=0
soft_fail() {
  echo "FAIL: $*" >&2
  soft_failures=$((soft_failures + 1))
}

# pass <summary>: the last line of a test; a failure if any soft_fail happened.
pass() {
  [ "$soft_failures" -eq 0 ] || fail "$soft_failures check(s) failed above"
  echo "PASS: $*"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

serve_cleanup() {
  local pid marker
  for pid in "${!server_pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true  # reaped here, so bash prints no "Killed" notice
  done
  for pid in "${helper_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for marker in "${cleanup_markers[@]}"; do
    docker ps -a --no-trunc --format '{{.ID}} {{.Command}}' | grep -E "sleep ${marker//./\\.}([^0-9.]|\$)" | cut -d' ' -f1 |
      xargs -r docker rm -f >/dev/null 2>&1 || true
  done
  [ ${#cleanup_containers[@]} -eq 0 ] || docker rm -f "${cleanup_containers[@]}" >/dev/null 2>&1 || true
  [ ${#cleanup_images[@]} -eq 0 ] || docker rmi -f --no-prune "${cleanup_images[@]}" >/dev/null 2>&1 || true
  local registry
  for registry in "${cleanup_registries[@]}"; do
    # A push leaves a digest reference (repo@sha256:...) besides the tag; it keeps the image alive.
    docker images --digests --format '{{.Repository}}:{{.Tag}} {{.Repository}}@{{.Digest}}' |
      tr ' ' '\n' | grep -F "$registry/" | grep -v -e ':<none>$' -e '@<none>$' | xargs -r docker rmi -f --no-prune >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}

# start_server <name> [kiln serve options...]: a server on a fresh loopback
# port with the data folder $work/<name>-data; waits until /healthz answers.
# Environment variables set by the caller (KILN_API_TOKENS) pass through.
start_server() {
  local name=$1
  shift
  local port
  port=$(free_port)
  server_log="$work/$name.log"
  echo "=== start $(date +%T) ===" >>"$server_log"
  "$KILN" "${global_options[@]}" serve --listen "127.0.0.1:$port" --data-dir "$work/$name-data" "$@" >>"$server_log" 2>&1 &
  server_pid=$!
  server_pids[$server_pid]=1
  api="http://127.0.0.1:$port"
  local _
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$api/healthz")" = 200 ] && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "server $name exited before it answered"
    sleep 0.1
  done
  fail "server $name did not answer /healthz within 10s"
}

# stop_server [signal] [seconds]: signals the current server and waits for it
# to exit; its exit status is left in $server_rc (not printed: `wait` needs this shell).
server_rc=""
stop_server() {
  kill -"${1:-TERM}" "$server_pid" 2>/dev/null || true
  wait_server_exit "${2:-30}"
}

# wait_server_exit [seconds]: waits for the current server to exit; sets $server_rc.
wait_server_exit() {
  local _
  for _ in $(seq 1 $((${1:-30} * 10))); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$server_pid" 2>/dev/null && fail "the server (pid $server_pid) did not exit within ${1:-30}s"
  server_rc=0
  wait "$server_pid" 2>/dev/null || server_rc=$?
  unset "server_pids[$server_pid]"
}

# req <METHOD> <path> [curl options...]: prints the HTTP status; the body is
# in $work/body, the headers in $work/headers. Every body is also appended to
# $work/answers, so a test can search everything the API ever said.
req() {
  local method=$1 path=$2
  shift 2
  local auth=()
  [ -z "$api_token" ] || auth=(-H "Authorization: Bearer $api_token")
  local code
  code=$(curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$method" "${auth[@]}" "$@" "$api$path") || code="000"
  cat "$work/body" >>"$work/answers" 2>/dev/null || true
  echo >>"$work/answers"
  echo "$code"
}

body() { cat "$work/body"; }
# field <jq filter>: a value of the last answer's body, raw.
field() { jq -rc "$1" "$work/body"; }

# expect <want-status> <got-status> <what>: fails with the body when they differ.
expect() {
  [ "$1" = "$2" ] || fail "$3: HTTP $2, want $1: $(head -c 600 "$work/body" 2>/dev/null)"
}

# expect_error <want-status> <got-status> <want-code> <what>: status and JSON error code of the last answer.
expect_error() {
  local want_status=$1 got=$2 want_code=$3 what=$4
  expect "$want_status" "$got" "$what"
  [ "$(field '.error.code')" = "$want_code" ] || fail "$what: error code '$(field '.error.code')', want '$want_code': $(body)"
  [ -n "$(field '.error.message // empty')" ] || fail "$what: the error has no message: $(body)"
}

# bundle_of <folder> <file>: a tar.gz of the folder's contents.
bundle_of() { tar -C "$1" -czf "$2" .; }

# submit_bundle <tar.gz> [query]: POST /api/v1/builds with the raw bundle; prints the build id.
submit_bundle() {
  local code
  code=$(req POST "/api/v1/builds${2:+?$2}" -H 'Content-Type: application/gzip' --data-binary "@$1")
  expect 202 "$code" "submitting bundle $1"
  field .id
}

# upload_bundle <tar.gz>: POST /api/v1/bundles; prints the bundle id.
upload_bundle() {
  local code
  code=$(req POST /api/v1/bundles -H 'Content-Type: application/gzip' --data-binary "@$1")
  expect 201 "$code" "uploading bundle $1"
  field .id
}

# submit_json <json>: POST /api/v1/builds with a JSON request; prints the build id.
submit_json() {
  local code
  code=$(req POST /api/v1/builds -H 'Content-Type: application/json' --data-binary "$1")
  expect 202 "$code" "submitting $1"
  field .id
}

# build_status <id>: the build's status now.
build_status() {
  local code
  code=$(req GET "/api/v1/builds/$1")
  expect 200 "$code" "GET build $1"
  field .status
}

is_final_status() { case "$1" in succeeded | failed | cancelled | timed_out) return 0 ;; *) return 1 ;; esac; }

# wait_final <id> [seconds]: waits until the build ends; prints its final status.
wait_final() {
  local id=$1 seconds=${2:-120} status _
  for _ in $(seq 1 $((seconds * 4))); do
    status=$(build_status "$id")
    is_final_status "$status" && { echo "$status"; return 0; }
    sleep 0.25
  done
  curl -s "$api/api/v1/builds?limit=20" ${api_token:+-H "Authorization: Bearer $api_token"} |
    jq -r '.builds[]? | "  \(.id) \(.status) \(.current_step)"' >&2 || true
  fail "build $id did not end within ${seconds}s (still $status)"
}

# slow_app <folder> <marker>: a Dockerfile app whose build runs `sleep <marker>`.
# A marker no other test uses (new_marker, or "6.<random>" for a short step)
# finds the build's container on the engine.
slow_app() {
  mkdir -p "$1"
  printf 'FROM kiln/stack-base:bookworm\nRUN echo slow-step-starts && sleep %s\nCMD ["sleep", "infinity"]\n' "$2" >"$1/Dockerfile"
  cleanup_markers+=("$2")
}

new_marker() { echo $((RANDOM * 7 + 40000 + RANDOM % 7)); }

# build_containers <marker>: how many engine containers run `sleep <marker>`.
build_containers() {
  docker ps -a --no-trunc --format "{{.Command}}" | grep -cE "sleep ${1//./\\.}([^0-9.]|\$)" || true
}

# wait_build_container <marker> <build-id>: waits until the slow step runs on the engine.
wait_build_container() {
  local _
  for _ in $(seq 1 240); do
    [ "$(build_containers "$1")" -gt 0 ] && return 0
    sleep 0.25
  done
  fail "the slow step of build $2 never started on the engine (status $(build_status "$2"))"
}

# wait_no_build_container <marker> <what>: the engine keeps no container of the step.
wait_no_build_container() {
  local _
  for _ in $(seq 1 60); do
    [ "$(build_containers "$1")" -eq 0 ] && return 0
    sleep 0.5
  done
  docker ps -a --no-trunc --format '{{.ID}} {{.Status}} {{.Command}}' | grep -F "sleep $1" >&2 || true
  fail "$2: a build container (sleep $1) was left on the engine"
}

# has_line [grep options] <pattern>: like grep -q, but reads all its input, so
# the command feeding it never dies of SIGPIPE (which pipefail would report).
has_line() { grep "$@" >/dev/null; }
