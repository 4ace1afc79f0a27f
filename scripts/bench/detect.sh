#!/usr/bin/env bash
# Detection cost, two ways:
#  1. in-process: detect + plan + render per fixture app, median of many runs (goal < 1 ms);
#  2. whole process: `kiln detect` with every bundled buildpack loaded, via hyperfine (goal < 30 ms).
# Usage: scripts/bench/detect.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
[ -x "$build/bench/detect_bench" ] || scripts/setup.sh >/dev/null

echo "== in-process (detect + plan + render), all bundled buildpacks loaded"
"$build/bench/detect_bench" "$build/buildpacks" tests/fixtures 300

echo
echo "== whole process: kiln detect"
apps=(node-express-npm node-next-pnpm python-django-poetry go-chi java-spring-maven ruby-sinatra compose-two-services static-plain)
args=()
for app in "${apps[@]}"; do
  [ -d "tests/fixtures/apps/$app" ] && args+=("$build/kiln detect tests/fixtures/apps/$app")
done
out=$(mktemp)
hyperfine -N --warmup 5 --runs 40 --export-json "$out" "${args[@]}" >/dev/null
jq -r '.results[] | "\(.command | split("/") | last)\tmedian \(.median * 1000 | . * 10 | round / 10) ms\tmax \(.max * 1000 | . * 10 | round / 10) ms"' "$out" | column -t -s $'\t'
jq -r '[.results[].median] | sort | "median over apps: \(.[length/2|floor] * 1000 | . * 10 | round / 10) ms"' "$out"
rm -f "$out"
