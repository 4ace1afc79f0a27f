#!/usr/bin/env bash
# Push to a real registry (Debian's docker-registry on 127.0.0.1), with and
# without htpasswd auth, then pull back by digest. The password must never
# show in kiln's output.
set -euo pipefail
: "${KILN:?}" "${KILN_SOURCE_DIR:?}"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_registry() {  # start_registry <name> <port> [htpasswd-file]
  local config="$work/$1.yml"
  {
    echo "version: 0.1"
    echo "storage: {filesystem: {rootdirectory: $work/$1-data}, delete: {enabled: true}}"
    echo "http: {addr: 127.0.0.1:$2}"
    [ -n "${3:-}" ] && echo "auth: {htpasswd: {realm: kiln-test, path: $3}}"
  } >"$config"
  docker-registry serve "$config" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do curl -s "http://127.0.0.1:$2/v2/" >/dev/null && return 0; sleep 0.2; done
  cat "$work/$1.log"; fail "registry $1 did not start"
}

open_port=$(free_port); auth_port=$(free_port)
password="s3cret-$(date +%s%N)"
htpasswd -Bbc "$work/htpasswd" kiln "$password" >/dev/null 2>&1
start_registry open "$open_port"
start_registry auth "$auth_port" "$work/htpasswd"
app="$KILN_SOURCE_DIR/tests/fixtures/apps/static-plain"

# Without auth.
out=$("$KILN" build "$app" -t kiln-e2e/push:test --push "127.0.0.1:$open_port/team/site:1" 2>&1) || { echo "$out"; fail "push without auth"; }
digest=$(grep -o 'pushed 127.0.0.1:[0-9]*/team/site:1@sha256:[0-9a-f]*' <<<"$out" | sed 's/.*@//')
[ -n "$digest" ] || { echo "$out"; fail "no digest reported"; }

# Pull back by digest, after removing every local name of it.
docker rmi -f --no-prune "127.0.0.1:$open_port/team/site:1" kiln-e2e/push:test >/dev/null
docker pull "127.0.0.1:$open_port/team/site@$digest" >/dev/null || fail "pull by digest"
echo "pushed and pulled back 127.0.0.1:$open_port/team/site@$digest"

# With auth: the right password works and never appears in the output.
out=$(printf '%s\n' "$password" | "$KILN" build "$app" -t kiln-e2e/push:test --push "127.0.0.1:$auth_port/team/site:2" \
      --registry-username kiln --registry-password-stdin 2>&1) || { echo "$out"; fail "push with auth"; }
grep -q "pushed 127.0.0.1:$auth_port/team/site:2@sha256:" <<<"$out" || fail "authenticated push not reported"
grep -qF "$password" <<<"$out" && fail "the password appeared in kiln's output"

# A wrong password fails clearly, still without echoing it.
set +e
out=$(printf 'wrong-%s\n' "$password" | "$KILN" build "$app" -t kiln-e2e/push:test --push "127.0.0.1:$auth_port/team/site:3" \
      --registry-username kiln --registry-password-stdin 2>&1); rc=$?
set -e
[ "$rc" -ne 0 ] || fail "push with a wrong password succeeded"
grep -qi "push of 127.0.0.1:$auth_port/team/site:3" <<<"$out" || { echo "$out"; fail "wrong-password error does not name the push"; }
grep -qF "$password" <<<"$out" && fail "the wrong password appeared in kiln's output"
docker rmi -f --no-prune kiln-e2e/push:test "127.0.0.1:$auth_port/team/site:2" "127.0.0.1:$auth_port/team/site:3" >/dev/null 2>&1 || true
echo "PASS: push with and without auth, pull by digest"
