#!/usr/bin/env bash
# Hostile buildpacks on the CLI: one that segfaults, aborts, exits, loops,
# allocates without end (native), and Lua whose pattern match or gsub runs for
# minutes inside one C call. Each fails alone, named, within the deadline; kiln
# stays small and the bundled buildpack still wins.
set -euo pipefail
: "${KILN:?}" "${KILN_SOURCE_DIR:?}" "${KILN_BINARY_DIR:?}"
fail() { echo "FAIL: $*"; exit 1; }
command -v /usr/bin/time >/dev/null || fail "/usr/bin/time is missing (Debian package 'time'; scripts/setup.sh installs it)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
app="$KILN_SOURCE_DIR/tests/fixtures/apps/node-express-npm"

check() {  # <plugin dir> <buildpack id> <what the warning must say>
  local dir=$1 id=$2 says=$3
  /usr/bin/time -f "%e %M" -o "$work/time" "$KILN" --plugin-dir "$dir" --buildpack-timeout 3 detect "$app" --json \
    >"$work/out" 2>"$work/err" || fail "$id: kiln detect exited $? ($(cat "$work/err"))"
  read -r seconds rss_kb <"$work/time"
  [ "$(jq -r .buildpack "$work/out")" = kiln.node ] || fail "$id: the node app was not detected by kiln.node: $(cat "$work/out")"
  grep -q "buildpack $id .*failed in detect: .*$says" "$work/err" || fail "$id: no warning saying '$says': $(cat "$work/err")"
  awk -v s="$seconds" 'BEGIN { exit !(s < 10) }' || fail "$id: the answer took $seconds s"
  [ "$rss_kb" -lt $((1024 * 1024)) ] || fail "$id: peak RSS $rss_kb KB"
  echo "ok: $id fails alone ($says) in $seconds s, peak RSS $((rss_kb / 1024)) MB"
}

plugins="$KILN_BINARY_DIR/test-plugins"
check "$plugins/crash_segfault" com.example.segfault "killed by signal 11"
check "$plugins/crash_abort" com.example.abort "killed by signal 6"
check "$plugins/crash_exit" com.example.exit "exited with status 3"
check "$plugins/crash_loop" com.example.loop "no answer within 3 s"
check "$plugins/crash_alloc" com.example.alloc "out of memory"
lua="$work/lua" && mkdir -p "$lua"
for k in pattern gsub; do
  cp -r "$KILN_SOURCE_DIR/tests/fixtures/plugins/lua-crash/$k" "$lua/"
  check "$lua" "com.example.lua-$k" "no answer within 3 s"
  rm -rf "$lua/$k"
done

# Every hostile buildpack at once: each fails alone, the good ones still win, and plan works too.
all="$work/all" && mkdir -p "$all"
for c in segfault abort exit loop alloc; do cp -r "$plugins/crash_$c/fixture_crash_$c" "$all/"; done
cp -r "$KILN_SOURCE_DIR/tests/fixtures/plugins/lua-crash/"* "$all/"
start=$(date +%s)
"$KILN" --plugin-dir "$all" --buildpack-timeout 2 plan "$app" >"$work/plan" 2>"$work/err" || fail "plan with every hostile buildpack: $(cat "$work/err")"
[ "$(jq -r .buildpack "$work/plan")" = kiln.node ] || fail "plan: $(cat "$work/plan")"
[ "$(grep -c 'failed in detect' "$work/err")" = 7 ] || fail "expected 7 failures: $(cat "$work/err")"
echo "ok: with all 7 hostile buildpacks loaded, kiln plan still plans the node app ($(($(date +%s) - start)) s)"
echo "PASS: buildpack crashes"
