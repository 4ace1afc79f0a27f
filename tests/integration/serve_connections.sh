#!/usr/bin/env bash
# kiln serve leaves nothing of one request on a kept-alive connection for the next: a body it
# did not read (a refused token, a GET's, one over the limit, ...) ends the connection after the
# answer, and a POST without a length has no body to wait for. No container engine is needed.
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/server.log" ] && tail -n 20 "$work/server.log"; exit 1; }

# shellcheck source=lib/engineless_serve.sh
source "$KILN_SOURCE_DIR/tests/integration/lib/engineless_serve.sh"
start_engineless_serve probe
python3 "$KILN_SOURCE_DIR/tests/integration/lib/connection_probe.py" "$port" "$token" ||
  fail "a request left bytes on its connection that the next request was read from (see above)"
kill -0 "$server_pid" 2>/dev/null || fail "kiln serve died"
echo "PASS: no request leaves bytes for the next one on its connection"
