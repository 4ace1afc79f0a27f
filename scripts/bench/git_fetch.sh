#!/usr/bin/env bash
# The git mirror cache, measured: a repository of 500 commits (real git, each
# commit a source file of ~16 KiB), served by a real `git daemon` on
# 127.0.0.1 (a free port), fetched through `kiln detect --git` three times
# with one fresh cache folder:
#   first   the mirror is made: every object is fetched
#   second  nothing changed upstream: the fetch finds nothing to get
#   third   one new commit upstream: only that commit's objects are fetched
# Each figure is kiln's own "fetch" time for the run (the log line
# "kiln: checked out ... (fetch S s, checkout S s)"), and the whole command's
# wall time beside it.
#
# Usage: scripts/bench/git_fetch.sh [--kiln PATH] [--commits N]
# Needs: git (with git-daemon), python3 (a free port).
set -euo pipefail
export LC_ALL=C
KILN=${KILN:-build/kiln}
COMMITS=500
while [[ $# -gt 0 ]]; do
  case $1 in
    --kiln) KILN=$2; shift 2 ;;
    --commits) COMMITS=$2; shift 2 ;;
    *) echo "usage: $0 [--kiln PATH] [--commits N]" >&2; exit 2 ;;
  esac
done
[[ -x $KILN ]] || { echo "kiln not found at $KILN (build it, or pass --kiln)" >&2; exit 1; }
KILN=$(realpath "$KILN")
# shellcheck source=scripts/lib/git_daemon.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/git_daemon.sh"

tmp=$(mktemp -d)
cleanup() {
  stop_git_daemon
  rm -rf "$tmp"
}
trap cleanup EXIT

repo=$tmp/repos/app
mkdir -p "$repo"
g() { git -C "$repo" -c user.name=bench -c user.email=bench@kiln.invalid -c commit.gpgsign=false "$@"; }
g init --quiet -b main
printf '{\n  "name": "bench-app",\n  "version": "1.0.0",\n  "scripts": { "start": "node src/0.js" }\n}\n' >"$repo/package.json"
mkdir -p "$repo/src"
echo "making $COMMITS commits..." >&2
for ((i = 0; i < COMMITS; i++)); do
  # Incompressible content, so the figures are about moving objects, not zlib.
  head -c 12288 /dev/urandom | base64 >"$repo/src/$i.js"
  g add -A
  g commit --quiet -m "commit $i"
done
echo "repository: $(g rev-list --count HEAD) commits, $(du -sh "$repo/.git" | cut -f1) in .git" >&2

start_git_daemon "$tmp/repos"
url="$git_daemon_url/app"

export KILN_CACHE_DIR=$tmp/cache
run() {
  local label=$1 start end log
  log=$tmp/$label.log
  start=$(date +%s.%N)
  "$KILN" detect --git "$url" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  local fetch
  fetch=$(sed -n 's/.*(fetch \([0-9.]*\) s, checkout \([0-9.]*\) s).*/\1/p' "$log")
  [[ -n $fetch ]] || { echo "no fetch figure in kiln's output:" >&2; cat "$log" >&2; exit 1; }
  printf '%-7s fetch %6.3f s   (kiln detect --git, wall %6.3f s)\n' "$label" "$fetch" "$(echo "$end - $start" | bc -l)"
}
run first
run second
head -c 12288 /dev/urandom | base64 >"$repo/src/new.js"
g add -A
g commit --quiet -m "one more"
run third
echo "mirror: $(du -sh "$KILN_CACHE_DIR/git-mirrors" | cut -f1)"
