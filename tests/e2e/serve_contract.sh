#!/usr/bin/env bash
# The API keeps its contract: schemathesis (pinned; scripts/install-schemathesis.sh)
# reads the server's own GET /api/v1/openapi.json and runs all its phases
# (examples, coverage, fuzzing, stateful) with a bearer token, checking every
# answer against the document: no 5xx, only documented statuses, headers and
# bodies, 405 with Allow for undocumented methods, schema-valid requests
# accepted and invalid ones refused, no route open without the token.
#
# It all runs in a network namespace of its own that holds only loopback: the
# fuzzer, kiln serve and a private dockerd. Fuzzed git and bundle URLs so reach
# nothing, and fuzzed container calls (stop, delete, ...) never touch the
# containers of the shared engine. Needs root (unshare, dockerd) and the
# kiln/stack-base image on the shared engine (scripts/make-stacks.sh).
#   KILN_CONTRACT_SEED     the fuzzer's seed (fixed by default, so CI is repeatable)
#   KILN_CONTRACT_EXAMPLES examples per operation and phase (default 25)
#   KILN_CONTRACT_MAX_TIME seconds the whole fuzzer run may take (default 240; the test takes about 40 s more)
set -euo pipefail
: "${KILN:?set KILN to the kiln executable}" "${KILN_SOURCE_DIR:?set KILN_SOURCE_DIR to the source tree}"
base_image="kiln/stack-base:bookworm"

# Outside the namespace: check what is needed, install the fuzzer (from PyPI), then enter it.
if [ -z "${KILN_CONTRACT_NETNS:-}" ]; then
  missing() { echo "FAIL: serve_contract cannot run: $*" >&2; exit 1; }
  [ "$(id -u)" -eq 0 ] || missing "it needs root (a network namespace and a dockerd of its own)"
  for tool in unshare ip dockerd docker curl jq; do command -v "$tool" >/dev/null || missing "no $tool (scripts/setup.sh installs it)"; done
  docker image inspect "$base_image" >/dev/null 2>&1 ||
    missing "no $base_image on the engine (run scripts/start-engine.sh, then scripts/make-stacks.sh)"
  SCHEMATHESIS=$(bash "$KILN_SOURCE_DIR/scripts/install-schemathesis.sh" "${KILN_BINARY_DIR:-$KILN_SOURCE_DIR/build}/schemathesis-venv") ||
    missing "schemathesis could not be installed (see above)"
  export SCHEMATHESIS KILN_CONTRACT_NETNS=1
  # --mount too: whatever the private dockerd mounts goes away with the namespace.
  exec unshare --net --mount -- bash "$0" "$@"
fi

ip link set lo up
work=$(mktemp -d)
# shellcheck source=lib/serve_helpers.sh
source "$(dirname "$0")/lib/serve_helpers.sh"
# shellcheck source=lib/private_engine.sh
source "$(dirname "$0")/lib/private_engine.sh"
contract_cleanup() {
  [ -z "$server_pid" ] || kill -KILL "$server_pid" 2>/dev/null || true
  stop_private_engine
  serve_cleanup
}
trap contract_cleanup EXIT
unset KILN_API_TOKENS DOCKER_HOST

# The private engine gets the base image and one image "built by kiln" (it carries
# io.kiln.buildpack), so that creating, starting and stopping containers can succeed.
start_private_engine
docker save "$base_image" | private_docker load -q >/dev/null || fail "could not copy $base_image to the private engine"
app_image="kiln-e2e/contract:$nonce"
printf 'FROM %s\nLABEL io.kiln.buildpack=kiln.contract-test\nCMD ["sleep", "infinity"]\n' "$base_image" |
  private_docker build -q -t "$app_image" - >/dev/null 2>&1 || fail "could not build $app_image on the private engine"
echo "ok: private engine at $private_engine with $app_image"

token="contract-$(openssl rand -hex 16)"
printf 'engine = "%s"\nmax_concurrent_builds = 1\nbuild_timeout = "2m"\n' "$private_engine" >"$work/server.toml"
KILN_API_TOKENS=$token start_server contract --config "$work/server.toml"
api_token=$token
expect 200 "$(req GET /api/v1/openapi.json)" "GET /api/v1/openapi.json"
cp "$work/body" "$work/openapi.json"
# Give the fuzzer the real image to name, so container creation is not always a 404.
jq --arg image "$app_image" '.components.schemas.ContainerCreate.properties.image.example = $image' \
  "$work/openapi.json" >"$work/openapi-run.json"

seed="${KILN_CONTRACT_SEED:-20240501}"
echo "fuzzing $api (seed $seed; reproduce with KILN_CONTRACT_SEED=$seed)"
started=$(date +%s)
set +e
# From the work folder, so schemathesis's own cache (.schemathesis/) never lands in the checkout.
cd "$work"
SCHEMATHESIS_HOOKS="$KILN_SOURCE_DIR/tests/e2e/contract/hooks.py" \
  "$SCHEMATHESIS" --config-file "$KILN_SOURCE_DIR/tests/e2e/contract/schemathesis.toml" run "$work/openapi-run.json" \
  --url "$api" -H "Authorization: Bearer $token" \
  --phases=examples,coverage,fuzzing,stateful --checks all \
  --max-examples "${KILN_CONTRACT_EXAMPLES:-25}" --max-time "${KILN_CONTRACT_MAX_TIME:-240}" --seed "$seed" \
  --workers 2 --request-timeout 30 --generation-database none --no-color \
  --report junit --report-dir "$work/report" >"$work/schemathesis.out" 2>&1
rc=$?
set -e
elapsed=$(($(date +%s) - started))
cat "$work/schemathesis.out"
# Kept after the run (the work folder is not): the fuzzer's report and what the server logged.
keep="${KILN_BINARY_DIR:-$KILN_SOURCE_DIR/build}/serve_contract-last"
rm -rf "$keep" && mkdir -p "$keep" && cp -r "$work/schemathesis.out" "$work/report" "$server_log" "$keep/" 2>/dev/null || true
kill -0 "$server_pid" 2>/dev/null || fail "kiln serve died during the fuzzer run"
[ "$rc" -eq 0 ] || fail "schemathesis found contract failures (exit $rc, ${elapsed}s); see above"
pass "the API keeps its contract under schemathesis (${elapsed}s)"
