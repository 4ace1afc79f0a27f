#!/usr/bin/env bash
# The registry's and the author's figures, with the built kiln (build/kiln, or $KILN):
#   1. resolve: `kiln buildpacks install ID@RANGE --dry-run` against a directory registry whose index
#      holds 10,000 versions of the id (the whole index read, parsed and resolved), median of 20 runs;
#   2. install: a small Lua buildpack from a local directory registry into a fresh plugin dir
#      (copy, size, sha256 and ed25519 checks, extraction, loading it, the swap, the lockfile), median of 20;
#   3. test: `kiln buildpacks test` on a Lua buildpack with ten fixture apps, median of 20.
# Usage: scripts/bench/registry.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
kiln=${KILN:-$root/build/kiln}
runs=${1:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KILN_REGISTRY_CONFIG="$work/registries.toml" KILN_USER_PLUGIN_DIR="$work/user-plugins" KILN_CACHE_DIR="$work/cache"
unset KILN_PLUGIN_PATH

# Median wall time in milliseconds of running "$@" $runs times (output dropped).
median_ms() {
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}'
}

# A small Lua buildpack, signed and published.
"$kiln" buildpacks new com.bench.deno --lua --dir "$work/deno" >/dev/null
"$kiln" buildpacks pack "$work/deno" -o "$work/deno.tar.gz" >/dev/null
"$kiln" buildpacks keygen "$work/key" >/dev/null
"$kiln" buildpacks sign "$work/deno.tar.gz" --key "$work/key" >/dev/null
"$kiln" registry add bench "$work/registry" --trust "$work/key.pub" >/dev/null
"$kiln" buildpacks publish "$work/deno.tar.gz" --registry bench >/dev/null
size=$(stat -c %s "$work/deno.tar.gz")

# 10,000 versions of one id: 100 majors x 100 minors, every line a full index line.
python3 - "$work/registry/index/com.bench.deno" <<'PY'
import json, sys
line = json.loads(open(sys.argv[1]).readline())
with open(sys.argv[1], "w") as out:
    for major in range(100):
        for minor in range(100):
            line.update(version=f"{major}.{minor}.0", url=f"packages/com.bench.deno/com.bench.deno-{major}.{minor}.0.tar.gz")
            out.write(json.dumps(line) + "\n")
PY
lines=$(wc -l <"$work/registry/index/com.bench.deno")
"$kiln" buildpacks install 'com.bench.deno@^42.1' --dry-run --plugin-dir "$work/none" | grep -q "would install com.bench.deno@42.99.0" ||
  { echo "resolve picked the wrong version"; exit 1; }
resolve=$(median_ms "$kiln" buildpacks install 'com.bench.deno@^42.1' --dry-run --plugin-dir "$work/none")

# Installs of the real package (its own one-line index).
"$kiln" registry add small "$work/small" --trust "$work/key.pub" >/dev/null
"$kiln" buildpacks publish "$work/deno.tar.gz" --registry small >/dev/null
n=0
install_once() { n=$((n + 1)); "$kiln" buildpacks install 'com.bench.deno@^0.1' --registry small --plugin-dir "$work/plugins-$n"; }
install_once >/dev/null && [ -f "$work/plugins-1/com.bench.deno/buildpack.lua" ] || { echo "install failed"; exit 1; }
install=$(median_ms install_once)

# Ten fixture apps for the author's loop.
for i in $(seq 1 7); do
  mkdir -p "$work/deno/fixtures/app-$i"
  printf '{"tasks": {"start": "deno run main.ts"}, "name": "app-%s"}\n' "$i" >"$work/deno/fixtures/app-$i/deno.json"
  echo 'Deno.serve(() => new Response("hi"));' >"$work/deno/fixtures/app-$i/main.ts"
done
"$kiln" buildpacks test "$work/deno" --update >/dev/null 2>&1
fixtures=$(ls "$work/deno/fixtures" | wc -l)
"$kiln" buildpacks test "$work/deno" 2>/dev/null | grep -q "$fixtures passed, 0 failed" || { echo "test failed"; exit 1; }
test_ms=$(median_ms "$kiln" buildpacks test "$work/deno")

echo "resolve ^42.1 among $lines versions (read, parse, resolve; kiln process included): ${resolve} ms (median of $runs)"
echo "install of a ${size}-byte signed Lua buildpack from a local registry: ${install} ms (median of $runs)"
echo "kiln buildpacks test, Lua buildpack with $fixtures fixture apps: ${test_ms} ms (median of $runs)"
