#!/usr/bin/env bash
# Rebuild after changing one source file of the node sample: the dependency
# layer (`npm ci`) is reused; the rebuild's time as a fraction of the first build.
#
#   scripts/bench/rebuild.sh
# Environment:
#   KILN       kiln executable (default build/kiln)
#   DOCKER     docker CLI, for image cleanup (default: docker on PATH)
#   PAIRS      first build + rebuild pairs (default 3); medians are reported
#   CA_BUNDLE  PEM bundle for the build steps' HTTPS (npm through a proxy);
#              default /etc/ssl/certs/ca-certificates.crt when present, empty: none
#   FIRST      how the first build of a pair does all the app's work:
#                no-cache  (default) `kiln build --no-cache`: every step runs;
#                new-deps  no --no-cache, but package.json gets a description
#                          no cache has seen, so npm ci and every later step run
#                          while the stack-level steps before it come from the
#                          cache: a new app's first build on a warm engine.
#
# Each pair: a fresh copy of tests/fixtures/apps/node-express-npm, the first
# build, then one line appended to src/server.js and `kiln build` again (the
# rebuild). From kiln's output (the engine's, indented) the script checks that
# the first build ran `npm ci`, and that the rebuild took it from the cache
# ("---> Using cache") while running `COPY . .` again (the change was seen).
# Wall-clock seconds of the whole command. The last column names the rebuild's
# first step that missed the cache: `COPY . .` when the layers before it were
# reused. (On the classic builder a --no-cache build of a two-stage Dockerfile
# whose stages begin alike -- FROM the same stack, WORKDIR /app -- leaves two
# equal sibling images; the next build follows the newer, the run stage's, and
# the build stage misses from its next step on.)
# Exits non-zero if a build fails or the dependency layer was not reused (the
# fraction means nothing then); prints GOAL MET / GOAL MISSED either way.
set -euo pipefail
# shellcheck source=scripts/bench/build_log.sh
source "$(dirname "$0")/build_log.sh"
export LC_ALL=C

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo_root"

app=node-express-npm
source_file=src/server.js
kiln="${KILN:-build/kiln}"
docker_cli="${DOCKER:-docker}"
pairs="${PAIRS:-3}"
first_mode="${FIRST:-no-cache}"
if [ -z "${CA_BUNDLE+set}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
fi
ca_args=()
[ -n "${CA_BUNDLE:-}" ] && ca_args=(--ca-bundle "$CA_BUNDLE")

die() { echo "rebuild: $*" >&2; exit 1; }

case "$first_mode" in
  no-cache) first_args=(--no-cache) ;;
  new-deps) first_args=() ;;
  *) die "FIRST must be no-cache or new-deps, not '$first_mode'" ;;
esac
[ -d "tests/fixtures/apps/$app" ] || die "no fixture app tests/fixtures/apps/$app"
[ -f "tests/fixtures/apps/$app/$source_file" ] || die "no $source_file in the $app fixture"
[ -x "$kiln" ] || die "no kiln at $kiln (set KILN, or build it: scripts/setup.sh)"
kiln="$(cd "$(dirname "$kiln")" && pwd)/$(basename "$kiln")"
"$docker_cli" info >/dev/null 2>&1 || die "the docker engine does not answer"
command -v jq >/dev/null || die "jq is needed"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench-rebuild.XXXXXX")"
tag="kiln-bench/rebuild:$$"
images=()   # the images this script's builds committed, removed at exit

cleanup() {
  remove_built_images "$tag"
  rm -rf "$tmp"
}
trap cleanup EXIT


# build LOG [kiln build flags...]: prints the wall-clock seconds; exits on failure.
build() {
  local log="$1" t0 t1
  shift
  t0="$EPOCHREALTIME"
  "$kiln" build "$tmp/$app" -t "$tag" "${ca_args[@]}" "$@" >"$log" 2>&1 || {
    echo "rebuild: kiln build failed; last lines of its output:" >&2; tail -n 30 "$log" >&2; return 1; }
  t1="$EPOCHREALTIME"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

# steps LOG: one line per build step, "Step N/M: INSTRUCTION<TAB>cached|ran|-"
# ("-" for FROM, which the engine neither runs nor caches).
steps() {
  awk '
    function flush() { if (step != "") print step "\t" (outcome != "" ? outcome : "-") }
    /Step [0-9]+\/[0-9]+ ?:/ {
      flush(); step = substr($0, index($0, "Step ")); outcome = ""
      if (step ~ /^Step [0-9]+\/[0-9]+ ?: *FROM /) outcome = "-"
      next
    }
    step != "" && outcome == "" && /--->/ { outcome = /---> Using cache/ ? "cached" : "ran" }
    END { flush() }' "$1"
}
# step_outcome LOG TEXT: the outcome of the first step whose instruction contains TEXT, or "missing".
step_outcome() { steps "$1" | awk -F'\t' -v text="$2" 'index($1, text) { print $2; found = 1; exit } END { if (!found) print "missing" }'; }
# first_miss LOG: the first step that ran instead of coming from the cache, shortened.
first_miss() { steps "$1" | awk -F'\t' '$2 == "ran" { sub(/^Step /, "", $1); print substr($1, 1, 44); exit }'; }


echo "== rebuild after changing one source file: $app ($source_file)"
echo "kiln:   $kiln ($("$kiln" --version 2>/dev/null | head -n1)), engine $("$docker_cli" version -f '{{.Server.Version}}' 2>/dev/null)"
echo "pairs:  $pairs; first build: $first_mode${CA_BUNDLE:+; --ca-bundle $CA_BUNDLE}"
echo "load:   $(uptime | sed 's/.*load average/load average/')  ($(nproc) cores)"
echo

firsts=() rebuilds=() fractions=() problems=()
printf '%-5s %9s %9s %9s  %-7s %s\n' pair first rebuild fraction "npm ci" "rebuild's first cache miss"
for ((p = 1; p <= pairs; p++)); do
  rm -rf "${tmp:?}/$app"
  cp -a "tests/fixtures/apps/$app" "$tmp/$app"
  if [ "$first_mode" = new-deps ]; then
    jq --arg run "kiln-bench $$ $p $EPOCHREALTIME" '.description += " (" + $run + ")"' \
      "$tmp/$app/package.json" >"$tmp/package.json"
    mv "$tmp/package.json" "$tmp/$app/package.json"
  fi

  first="$(build "$tmp/first-$p.log" "${first_args[@]}")" || { remember "$tmp/first-$p.log"; exit 1; }
  remember "$tmp/first-$p.log"
  first_npm="$(step_outcome "$tmp/first-$p.log" "npm ci")"
  [ "$first_npm" = ran ] || problems+=("pair $p: the first build's npm ci step: $first_npm (expected: ran)")

  printf '// kiln-bench rebuild %s %s\n' "$p" "$EPOCHREALTIME" >>"$tmp/$app/$source_file"

  rebuild="$(build "$tmp/rebuild-$p.log")" || { remember "$tmp/rebuild-$p.log"; exit 1; }
  remember "$tmp/rebuild-$p.log"
  npm="$(step_outcome "$tmp/rebuild-$p.log" "npm ci")"
  copy="$(step_outcome "$tmp/rebuild-$p.log" "COPY . .")"
  miss="$(first_miss "$tmp/rebuild-$p.log")"
  [ "$npm" = cached ] || problems+=("pair $p: the rebuild's npm ci step: $npm (expected: cached)")
  [ "$copy" = ran ] || problems+=("pair $p: the rebuild's COPY . . step: $copy (expected: ran, the source changed)")

  fraction="$(awk -v r="$rebuild" -v f="$first" 'BEGIN { printf "%.3f\n", r / f }')"
  firsts+=("$first") rebuilds+=("$rebuild") fractions+=("$fraction")
  printf '%-5s %8.3fs %8.3fs %9.3f  %-7s %s\n' "$p" "$first" "$rebuild" "$fraction" "$npm" "${miss:-none}"
  if { [ "$npm" != cached ] || [ "$copy" != ran ]; } && [ -z "${shown_steps:-}" ]; then
    shown_steps=1
    echo "      pair $p, the rebuild's steps (shown once):" >&2
    steps "$tmp/rebuild-$p.log" | awk -F'\t' '{ printf "    %-7s %s\n", $2, substr($1, 1, 100) }' >&2
  fi
done

m_first="$(median "${firsts[@]}")"
m_rebuild="$(median "${rebuilds[@]}")"
m_fraction="$(median "${fractions[@]}")"
echo
echo "== summary: median of $pairs pairs, wall-clock seconds ($app, first build: $first_mode, $(nproc) cores, $(uptime | sed 's/.*load average: //') load)"
printf '%-28s %.3f s\n' "first build" "$m_first"
printf '%-28s %.3f s\n' "rebuild (one file changed)" "$m_rebuild"
printf '%-28s %.3f  (median of the per-pair fractions; ratio of the medians %.3f)\n' "rebuild / first" "$m_fraction" \
  "$(awk -v r="$m_rebuild" -v f="$m_first" 'BEGIN { print r / f }')"
if [ "${#problems[@]}" -eq 0 ]; then
  printf '%-28s %s\n' "dependency layer (npm ci)" "reused on every rebuild: GOAL MET"
else
  printf '%-28s %s\n' "dependency layer (npm ci)" "not reused: GOAL MISSED"
  printf '  %s\n' "${problems[@]}"
  exit 1
fi
