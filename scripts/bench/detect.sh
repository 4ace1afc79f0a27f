#!/usr/bin/env bash
# Detection cost, two ways:
#  1. in-process: detect + plan + render per fixture app, median of many runs (goal < 1 ms);
#  2. whole process: `kiln --version`, `kiln detect` and `kiln plan` with every bundled buildpack
#     available, via hyperfine (goal: detect and plan median < 3 ms);
#  3. through the server: POST /api/v1/detect of an uploaded bundle with wrk, p50 and p99 (goal p99 < 5 ms).
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
args=("$build/kiln --version" "${args[@]}" "$build/kiln plan tests/fixtures/apps/node-express-npm" "$build/kiln plan tests/fixtures/apps/python-django-poetry")
hyperfine -N --warmup 5 --runs 40 --export-json "$out" "${args[@]}" >/dev/null
jq -r '.results[] | "\(.command | split("/") | last)\tmedian \(.median * 1000 | . * 10 | round / 10) ms\tmax \(.max * 1000 | . * 10 | round / 10) ms"' "$out" | column -t -s $'\t'
jq -r '[.results[] | select(.command | test(" detect ")) | .median] | sort | "kiln detect, median over apps: \(.[length/2|floor] * 1000 | . * 10 | round / 10) ms"' "$out"
rm -f "$out"

echo
echo "== through the server: POST /api/v1/detect (wrk, 1 connection, 10 s)"
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'access_log = false\n' >"$tmp/server.toml"
"$build/kiln" serve --config "$tmp/server.toml" --listen "127.0.0.1:$port" --data-dir "$tmp/data" >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
tar -C tests/fixtures/apps/node-express-npm -czf "$tmp/app.tgz" .
bundle=$(curl -sf --data-binary @"$tmp/app.tgz" -H 'Content-Type: application/gzip' "http://127.0.0.1:$port/api/v1/bundles" | jq -r .id)
cat >"$tmp/detect.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"source": {"bundle": "$bundle"}}'
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d, p50 %.2f ms, p99 %.2f ms\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
curl -sf -o /dev/null -H 'Content-Type: application/json' -d "{\"source\": {\"bundle\": \"$bundle\"}}" "http://127.0.0.1:$port/api/v1/detect" \
  || { echo "detect through the server failed"; cat "$tmp/server.log"; exit 1; }
wrk -t1 -c1 -d10s -s "$tmp/detect.lua" "http://127.0.0.1:$port/api/v1/detect" | tail -1
