#!/usr/bin/env bash
# Builds that go wrong, on the real engine: a failing step is reported with
# its step and exit code; a Dockerfile the engine cannot parse is reported in
# the engine's own words; Ctrl-C and --timeout stop the build on the engine
# and leave no container behind.
set -euo pipefail
: "${KILN:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
marker=$((RANDOM * 7 + 31000))   # a sleep length no other test uses, to find our containers

make_app() {  # make_app <dir> <build command>
  mkdir -p "$1"
  printf 'web: sh -c "exec sleep infinity"\n' >"$1/Procfile"
  printf 'build = "%s"\n' "$2" >"$1/kiln.toml"
}
leftovers() { docker ps -a --no-trunc --format '{{.Command}}' | grep -c "sleep $marker" || true; }

# 1. A failing step: the step and the exit code are in the message; exit status 1.
make_app "$work/broken" "echo about to fail && exit 3"
set +e
out=$("$KILN" build "$work/broken" -t kiln-e2e/broken:test 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "$out"; fail "failing build exited $rc, want 1"; }
grep -q "build of broken failed: Step [0-9]*/[0-9]*: RUN .*exit 3.*(exit code 3)" <<<"$out" \
  || { echo "$out" | tail -5; fail "failure message lacks the step or the exit code"; }

# 1b. The repo's own Dockerfile has a heredoc, which kiln reads but the engine's classic builder does
# not: the engine refuses the build with a JSON error document ("unknown instruction: APK"), and its
# words, not "HTTP 400", are kiln's message.
mkdir -p "$work/badfile"
printf 'FROM kiln/stack-base:bookworm\nRUN <<EOF\napk add curl\nEOF\n' >"$work/badfile/Dockerfile"
set +e
out=$("$KILN" build "$work/badfile" -t kiln-e2e/badfile:test 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "$out"; fail "a Dockerfile the engine refuses exited $rc, want 1"; }
grep -qi "unknown instruction: apk" <<<"$out" || { echo "$out" | tail -5; fail "the engine's words are not in kiln's message"; }

# 2. Ctrl-C mid-build: kiln stops quickly and the engine keeps no container.
make_app "$work/slow" "sleep $marker"
"$KILN" build "$work/slow" -t kiln-e2e/slow:test >"$work/slow.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do grep -q "sleep $marker" "$work/slow.log" && [ "$(leftovers)" -gt 0 ] && break; sleep 0.5; done
[ "$(leftovers)" -gt 0 ] || { cat "$work/slow.log"; fail "the slow step never started"; }
kill -INT "$pid"
set +e
wait "$pid"; rc=$?
set -e
[ "$rc" -ne 0 ] || fail "cancelled build exited 0"
grep -q "cancelled" "$work/slow.log" || { tail -5 "$work/slow.log"; fail "no cancellation message"; }
for _ in $(seq 1 40); do [ "$(leftovers)" -eq 0 ] && break; sleep 0.5; done
[ "$(leftovers)" -eq 0 ] || { docker ps -a; fail "a build container was left behind after cancel"; }

# 3. --timeout: same clean stop, and the message says it timed out.
set +e
out=$("$KILN" build "$work/slow" -t kiln-e2e/slow:test --timeout 3s 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || fail "timed-out build exited $rc"
grep -q "timed out after 3s" <<<"$out" || { echo "$out" | tail -5; fail "no timeout message"; }
for _ in $(seq 1 40); do [ "$(leftovers)" -eq 0 ] && break; sleep 0.5; done
[ "$(leftovers)" -eq 0 ] || fail "a build container was left behind after the timeout"
echo "PASS: failing step reported; the engine's refusal in its words; cancel and timeout stop the build on the engine"
