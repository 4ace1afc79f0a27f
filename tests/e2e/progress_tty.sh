#!/usr/bin/env bash
# `kiln build` as a person sees it on a terminal: real builds on the real engine, run under tmux
# (a real terminal), read back with capture-pane.
#   1. The Express sample: the plan summary first, one row per step with its time, nothing of
#      the engine's "Running in ... / Removing intermediate container" noise, the output of the
#      steps folded away, the image with its size and time last; colour unless NO_COLOR.
#   2. The same on a 40-column terminal with NO_COLOR: every row cut to the width, none wrapped.
#   3. A step that fails with exit 3: its whole output, its exit code, kiln exits 1.
#   4. Ctrl-C during a step: the step ends as CANCELED, the engine keeps no container.
#   5. Not a terminal: --progress tty falls back to plain (no escape sequences); json is JSON lines.
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}"
fail() { echo "FAIL: $*"; exit 1; }
command -v tmux >/dev/null || fail "tmux is not installed (scripts/setup.sh installs it)"
if ! curl -fsS --max-time 3 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1 && [ -z "${DOCKER_HOST:-}" ]; then
  fail "no container engine answers at unix:///var/run/docker.sock — run scripts/start-engine.sh (CI starts it)"
fi

work=$(mktemp -d)
sock="$work/tmux.sock"
express="$KILN_SOURCE_DIR/tests/fixtures/apps/node-express-npm"
tag="kiln-e2e/progress-express:test"
ca="${KILN_TEST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
marker=$((RANDOM * 7 + 41000))   # a sleep length no other test uses, to find our containers
cleanup() {
  tmux -S "$sock" kill-server >/dev/null 2>&1 || true
  docker rmi -f --no-prune "$tag" kiln-e2e/progress-broken:test >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# run_in_terminal <name> <columns> <env...> -- <kiln args...>: runs kiln in a tmux pane of that
# width (tall enough that nothing scrolls), waits for it to end, leaves the screen in $work/<name>.txt
# (with colour codes in <name>.ansi) and kiln's exit status in $work/<name>.rc.
start_in_terminal() {
  local name="$1" width="$2"; shift 2
  local env=()
  while [ "$1" != "--" ]; do env+=("$1"); shift; done
  shift
  printf '%q ' env TERM=xterm-256color "${env[@]}" "$KILN" build "$@" >"$work/$name.cmd"
  printf '; echo "KILN-EXIT=$?" >%q; sleep 3600\n' "$work/$name.rc" >>"$work/$name.cmd"
  tmux -S "$sock" new-session -d -s "$name" -x "$width" -y 100 "bash $work/$name.cmd"
}
wait_in_terminal() {
  local name="$1" limit="${2:-900}"
  for _ in $(seq 1 $((limit * 2))); do [ -s "$work/$name.rc" ] && break; sleep 0.5; done
  [ -s "$work/$name.rc" ] || { capture "$name"; cat "$work/$name.txt"; fail "$name: kiln did not finish in ${limit}s"; }
  capture "$name"
}
capture() {  # .txt: the rows with wrapped lines joined (kiln's own error line on stderr is long); .raw: as shown
  tmux -S "$sock" capture-pane -p -J -t "$1" -S - >"$work/$1.txt"
  tmux -S "$sock" capture-pane -p -t "$1" -S - >"$work/$1.raw"
  tmux -S "$sock" capture-pane -p -e -t "$1" -S - >"$work/$1.ansi"
}
exit_of() { sed -n 's/^KILN-EXIT=//p' "$work/$1.rc"; }
show() { echo "---- screen of $1:"; cat "$work/$1.txt"; echo "----"; }

# Each of a build's steps has exactly one row: a redraw that miscounted its rows leaves a copy.
check_step_rows() {  # check_step_rows <name>
  local screen="$work/$1.txt" steps
  steps=$(grep -oE '^ => (ERROR |CANCELED )?\[ *[0-9]+/[0-9]+\]' "$screen" | head -n 1 | sed -E 's/.*\/([0-9]+)\]/\1/')
  [ -n "$steps" ] || { show "$1"; fail "$1: no step rows"; }
  for i in $(seq 1 "$steps"); do
    n=$(grep -cE "^ => (ERROR |CANCELED )?\[ *$i/$steps\] " "$screen" || true)
    [ "$n" -le 1 ] || { show "$1"; fail "$1: step $i/$steps has $n rows"; }
  done
}
# Every row is one the live view writes; anything else is a wrapped or garbled row.
check_rows_known() {  # check_rows_known <name> <extra allowed regex>
  local bad
  bad=$(grep -vE "^$|^kiln\.[a-z0-9.-]+  |^  (runtime|install|build|start|port) |^ {10}|^kiln\.[a-z0-9.-]+ \(|^ => |^    |^warning: |^kiln: warning: |${2:-^\$}" "$work/$1.txt" || true)
  [ -z "$bad" ] || { show "$1"; fail "$1: rows the live view does not write: $bad"; }
}

# 1. The Express sample, on a 100-column terminal, from scratch (so every step runs and has a time).
start_in_terminal express 100 -- "$express" -t "$tag" --ca-bundle "$ca" --no-cache
wait_in_terminal express
screen="$work/express.txt"
[ "$(exit_of express)" = 0 ] || { show express; fail "the Express build exited $(exit_of express)"; }
grep -qE '^kiln\.node  node / express \(npm\)$' "$screen" || { show express; fail "no plan summary naming the buildpack, language, framework"; }
grep -qE '^  runtime [^ ]+' "$screen" || { show express; fail "the summary names no runtime"; }
grep -qE '^  install .*npm ci' "$screen" || { show express; fail "the summary lacks the install command"; }
grep -qE '^  build   ' "$screen" || { show express; fail "the summary lacks the build line"; }
grep -qE '^  start   npm start$' "$screen" || { show express; fail "the summary lacks the start command"; }
summary_line=$(grep -nE '^kiln\.node  ' "$screen" | head -n 1 | cut -d: -f1)
first_step=$(grep -nE '^ => \[' "$screen" | head -n 1 | cut -d: -f1)
[ "$summary_line" -lt "$first_step" ] || { show express; fail "the summary is not before the steps"; }
timed='([0-9]+\.[0-9]s|[0-9]+m[0-9]{2}s)'
steps=$(grep -cE "^ => \[ *[0-9]+/[0-9]+\] .* ($timed|CACHED)$" "$screen" || true)
[ "$steps" -ge 5 ] || { show express; fail "expected a row per step with its time, found $steps"; }
grep -qE "^ => \[ *[0-9]+/[0-9]+\] RUN .*npm ci.* $timed$" "$screen" || { show express; fail "the npm ci step has no row with its time"; }
check_step_rows express
last=$(grep -vE '^$' "$screen" | tail -n 1)
grep -qE "^ => built $tag  [0-9a-f]{12}  [0-9]+\.[0-9] MB  in $timed$" <<<"$last" \
  || { show express; fail "the last row is not the image with its size and time: $last"; }
for noise in "Removing intermediate container" "Running in" "---> " "Successfully built" "Successfully tagged"; do
  ! grep -qF -- "$noise" "$screen" || { show express; fail "the engine's noise is on the screen: $noise"; }
done
! grep -qE '^    ' "$screen" || { show express; fail "a finished step's output was not folded away"; }
check_rows_known express
grep -qE $'\e\\[34m(\e\\[[0-9;]*m)* => \\[' "$work/express.ansi" || fail "step rows are not coloured on a colour terminal"
echo "ok: Express sample: summary, $steps step rows with times, image row last, no engine noise"

# 2. 40 columns and NO_COLOR (the layers are cached now: CACHED rows).
start_in_terminal narrow 40 NO_COLOR=1 -- "$express" -t "$tag" --ca-bundle "$ca"
wait_in_terminal narrow
[ "$(exit_of narrow)" = 0 ] || { show narrow; fail "the narrow build exited $(exit_of narrow)"; }
long=$(python3 -c 'import sys; print("\n".join(l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if len(l) > 39))' "$work/narrow.raw")
[ -z "$long" ] || { show narrow; fail "rows wider than the terminal's 40 columns less one: $long"; }
[ "$(wc -l <"$work/narrow.raw")" -eq "$(wc -l <"$work/narrow.txt")" ] || { show narrow; fail "a row wrapped"; }
check_rows_known narrow
check_step_rows narrow
grep -qE '^ => built ' "$work/narrow.txt" || { show narrow; fail "no image row on a narrow terminal"; }
! grep -qE $'\e\\[[0-9;]*3[0-9]m' "$work/narrow.ansi" || fail "colour codes under NO_COLOR"
echo "ok: 40 columns with NO_COLOR: every row cut to the width, none wrapped, no colour"

# 3. A build step that fails with exit code 3 after more output than the live view shows.
broken="$work/broken"
mkdir -p "$broken"
printf 'web: sh -c "exec sleep infinity"\n' >"$broken/Procfile"
printf '%s\n' "build = 'for i in 1 2 3 4 5 6 7 8 9; do echo \"compiling part \$i\"; done; echo giving up >&2; exit 3'" >"$broken/kiln.toml"
start_in_terminal broken 100 -- "$broken" -t kiln-e2e/progress-broken:test
wait_in_terminal broken
screen="$work/broken.txt"
[ "$(exit_of broken)" = 1 ] || { show broken; fail "the failing build exited $(exit_of broken), want 1"; }
grep -qE "^ => ERROR \[ *[0-9]+/[0-9]+\] RUN .* $timed$" "$screen" || { show broken; fail "no ERROR row for the failing step"; }
for i in 1 2 3 4 5 6 7 8 9; do
  grep -qxF "    compiling part $i" "$screen" || { show broken; fail "the failing step's log lacks line $i"; }
done
grep -qxF "    giving up" "$screen" || { show broken; fail "the failing step's stderr is not shown"; }
grep -qxF "    exit code 3" "$screen" || { show broken; fail "no exit code 3"; }
grep -qE "^ => failed after $timed$" "$screen" || { show broken; fail "no closing failed row"; }
check_step_rows broken
check_rows_known broken '^kiln: build of broken failed: '
! grep -qF "Removing intermediate container" "$screen" || { show broken; fail "the engine's noise is in the failing step's log"; }
echo "ok: failing step: its whole log and exit code 3"

# 4. Ctrl-C while a step runs.
slow="$work/slow"
mkdir -p "$slow"
printf 'web: sh -c "exec sleep infinity"\n' >"$slow/Procfile"
printf 'build = "echo sleeping && sleep %s"\n' "$marker" >"$slow/kiln.toml"
leftovers() { docker ps -a --no-trunc --format '{{.Command}}' | grep -c "sleep $marker" || true; }
start_in_terminal slow 100 -- "$slow" -t kiln-e2e/progress-slow:test
for _ in $(seq 1 240); do
  capture slow
  grep -qE "^ => \[ *[0-9]+/[0-9]+\] RUN .*sleep $marker" "$work/slow.txt" && [ "$(leftovers)" -gt 0 ] && break
  sleep 0.5
done
[ "$(leftovers)" -gt 0 ] || { show slow; fail "the slow step never started"; }
sleep 1.5   # the step's clock ticks
capture slow
grep -qE "^ => \[ *[0-9]+/[0-9]+\] RUN .*sleep $marker.* [1-9][0-9]*\.[0-9]s$" "$work/slow.txt" \
  || { show slow; fail "the running step's time does not tick"; }
grep -qxF "    sleeping" "$work/slow.txt" || { show slow; fail "the running step's output is not shown under it"; }
tmux -S "$sock" send-keys -t slow C-c
wait_in_terminal slow 60
[ "$(exit_of slow)" != 0 ] || { show slow; fail "the cancelled build exited 0"; }
grep -qE "^ => CANCELED \[ *[0-9]+/[0-9]+\] RUN .*sleep $marker" "$work/slow.txt" || { show slow; fail "no CANCELED row"; }
grep -qE "^ => cancelled after $timed$" "$work/slow.txt" || { show slow; fail "no closing cancelled row"; }
check_step_rows slow
check_rows_known slow '^kiln: cancelled'
for _ in $(seq 1 40); do [ "$(leftovers)" -eq 0 ] && break; sleep 0.5; done
[ "$(leftovers)" -eq 0 ] || fail "a build container was left behind after Ctrl-C"
echo "ok: Ctrl-C: the step ends as CANCELED, no container left"

# 5. Not a terminal.
set +e
"$KILN" build "$broken" -t kiln-e2e/progress-broken:test --progress tty >"$work/pipe.out" 2>"$work/pipe.err"; rc=$?
set -e
[ "$rc" -eq 1 ] || { cat "$work/pipe.out" "$work/pipe.err"; fail "piped failing build exited $rc"; }
grep -q "needs a terminal" "$work/pipe.err" || { cat "$work/pipe.err"; fail "no word that tty fell back to plain"; }
! grep -q $'\e' "$work/pipe.out" || fail "escape sequences written to a pipe"
grep -qE '^\[ *[0-9]+%\] broken Step [0-9]+/[0-9]+: RUN ' "$work/pipe.out" || { cat "$work/pipe.out"; fail "piped output is not plain"; }
grep -qF "Removing intermediate container" "$work/pipe.out" || grep -qF " ---> " "$work/pipe.out" \
  || { cat "$work/pipe.out"; fail "plain lost the engine's full output"; }
set +e
"$KILN" build "$broken" -t kiln-e2e/progress-broken:test --progress json >"$work/json.out" 2>/dev/null; rc=$?
set -e
[ "$rc" -eq 1 ] || fail "json failing build exited $rc"
jq -e -s 'all(.[]; (.type | type) == "string" and (.time_ms | type) == "number")' "$work/json.out" >/dev/null \
  || { head -n 5 "$work/json.out"; fail "--progress json wrote a line that is not an event"; }
jq -e -s 'last | .type == "finished" and .ok == false and .error.exit_code == 3 and .error.code == "build_failed"' "$work/json.out" >/dev/null \
  || { tail -n 2 "$work/json.out"; fail "the last json event is not the failure with exit code 3"; }
jq -e -s 'map(select(.type == "log" and .source == "step" and .line == "compiling part 9")) | length == 1' "$work/json.out" >/dev/null \
  || fail "the step's output is not in the json events"
echo "PASS: tty progress under tmux (summary, timed steps, image row, failing step log and exit code, Ctrl-C, narrow, NO_COLOR); plain and json off a terminal"
