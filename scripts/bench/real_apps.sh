#!/usr/bin/env bash
# How kiln does on apps shaped like real public repos: for every app under
# tests/fixtures/apps, `kiln detect --json` and `kiln plan` are compared with
# the app's expectation file (tests/fixtures/expectations/*.json):
#   detected right  = the buildpack and the framework are the expected ones;
#   start right     = the plan's start command is the one the authors meant.
# Prints both percentages, per buildpack family and overall, and every miss.
# An app folder that no expectation names counts as a miss of both.
# Usage: scripts/bench/real_apps.sh [build-dir] [name-prefix...]
#   name-prefix: only expectations whose file name starts with one (node- static- bun- deno-)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
shift || true
kiln="$build/kiln"
[ -x "$kiln" ] || { echo "no kiln executable at $kiln: build first (cmake --build $build)" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is needed (apt-get install jq)" >&2; exit 1; }

fixtures=tests/fixtures
prefixes=("$@")
selected() {
  [ "${#prefixes[@]}" -eq 0 ] && return 0
  local p
  for p in "${prefixes[@]}"; do [[ "$1" == "$p"* ]] && return 0; done
  return 1
}

# The start command as `kiln detect` prints it: the shell form, else the argv joined by spaces.
start_of_plan='if .start.shell != null and .start.shell != "" then .start.shell else (.start.argv // [] | join(" ")) end'

total=0 detected=0 starts_total=0 starts=0
misses=()
declare -A named=()
for expectation in "$fixtures"/expectations/*.json; do
  name=$(basename "$expectation" .json)
  selected "$name" || continue
  app=$(jq -r .app "$expectation")
  named["${app%%/*}"]=1
  dir="$fixtures/apps/$app"
  want_buildpack=$(jq -r '.expect.buildpack // empty' "$expectation")
  want_framework=$(jq -r '.expect.framework // "null"' "$expectation")
  total=$((total + 1))

  report=$("$kiln" detect --json "$dir" 2>/dev/null) || report='{}'
  got_buildpack=$(jq -r '.buildpack // "none"' <<<"$report")
  got_framework=$(jq -r '.framework // "null"' <<<"$report")
  if [ "$got_buildpack" = "$want_buildpack" ] && [ "$got_framework" = "$want_framework" ]; then
    detected=$((detected + 1))
  else
    misses+=("detect  $name: want $want_buildpack/$want_framework, got $got_buildpack/$got_framework")
  fi

  if jq -e '.expect | has("start_cmd")' "$expectation" >/dev/null; then
    starts_total=$((starts_total + 1))
    want_start=$(jq -r '.expect.start_cmd // "null"' "$expectation")
    if plan=$("$kiln" plan "$dir" 2>/dev/null); then
      got_start=$(jq -r "$start_of_plan" <<<"$plan")
      [ -n "$got_start" ] || got_start=null  # no start command (a compose app, say)
    else
      got_start="(no plan)"
    fi
    if [ "$got_start" = "$want_start" ]; then
      starts=$((starts + 1))
    else
      misses+=("start   $name: want '$want_start', got '$got_start'")
    fi
  fi
done

# Apps nobody wrote an expectation for are misses too: a fixture must say what is right.
for dir in "$fixtures"/apps/*/; do
  app=$(basename "$dir")
  selected "$app" || continue
  [ -n "${named[$app]:-}" ] && continue
  total=$((total + 1)) starts_total=$((starts_total + 1))
  misses+=("missing $app: no expectation file names it")
done

percent() { [ "$2" -gt 0 ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }' || echo "n/a"; }
echo "apps: $total"
echo "detected right: $detected/$total ($(percent "$detected" "$total")%)"
echo "start commands right: $starts/$starts_total ($(percent "$starts" "$starts_total")%)"
if [ "${#misses[@]}" -gt 0 ]; then
  echo "misses:"
  printf '  %s\n' "${misses[@]}"
fi
