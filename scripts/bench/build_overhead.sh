#!/usr/bin/env bash
# kiln's own overhead: `kiln build` vs `docker build` of the same Dockerfile and
# context, side by side on the same engine. Goal: median ratio at most 1.05.
#
#   scripts/bench/build_overhead.sh [APP]     APP: a folder under tests/fixtures/apps
#                                              (default static-plain)
# Environment:
#   KILN     kiln executable (default build/kiln)
#   DOCKER   docker CLI (default: docker on PATH)
#   RUNS     timed runs per side (default 5), after WARMUP (default 1) each
#
# Both sides do the same engine work: kiln's rendered Dockerfile (`kiln dockerfile`)
# is written into a copy of the context as .kiln.Dockerfile with the .dockerignore
# kiln sends, and docker gets the label kiln adds on the query. Both use the
# classic builder (the docker CLI with DOCKER_BUILDKIT=0; kiln through the Engine
# API's /build) and the host network. The APP must build without the network
# (static-plain does; generic-procfile runs apt-get).
#
# Two phases, each alternating kiln and docker runs (k,d,k,d,...):
#   full    --no-cache on both sides: every step runs;
#   cached  no --no-cache, after the full phase: every step comes from the
#           cache, so kiln's fixed costs (process start, plugins, detection,
#           rendering, the tar stream) weigh most.
# Wall-clock seconds of the whole command, as a user sees them.
# Exits non-zero if a build fails or the two sides did not do the same work (step
# counts, cache use); a missed goal is printed (GOAL MISSED), not an error.
set -euo pipefail
# shellcheck source=scripts/bench/build_log.sh
source "$(dirname "$0")/build_log.sh"
export LC_ALL=C

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo_root"

app="${1:-static-plain}"
kiln="${KILN:-build/kiln}"
docker_cli="${DOCKER:-docker}"
runs="${RUNS:-5}"
warmup="${WARMUP:-1}"
goal=1.05

die() { echo "build_overhead: $*" >&2; exit 1; }

[ -d "tests/fixtures/apps/$app" ] || die "no fixture app tests/fixtures/apps/$app"
[ -x "$kiln" ] || die "no kiln at $kiln (set KILN, or build it: scripts/setup.sh)"
kiln="$(cd "$(dirname "$kiln")" && pwd)/$(basename "$kiln")"
command -v "$docker_cli" >/dev/null || die "no docker CLI ($docker_cli)"
"$docker_cli" info >/dev/null 2>&1 || die "the docker engine does not answer"
command -v jq >/dev/null || die "jq is needed"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench-overhead.XXXXXX")"
tag_kiln="kiln-bench/overhead-kiln:$$"
tag_docker="kiln-bench/overhead-docker:$$"
images=()   # the images this script's builds committed, removed at exit

cleanup() {
  remove_built_images "$tag_kiln" "$tag_docker"
  rm -rf "$tmp"
}
trap cleanup EXIT

# Two copies of the app, both named like the app (the image title label uses the folder name).
kiln_ctx="$tmp/kiln/$app"
docker_ctx="$tmp/docker/$app"
mkdir -p "$tmp/kiln" "$tmp/docker"
cp -a "tests/fixtures/apps/$app" "$kiln_ctx"
cp -a "tests/fixtures/apps/$app" "$docker_ctx"
"$kiln" dockerfile "$kiln_ctx" >"$docker_ctx/.kiln.Dockerfile"
{ [ -f "$docker_ctx/.dockerignore" ] && cat "$docker_ctx/.dockerignore" && echo; printf '.kiln.Dockerfile\n.dockerignore\n'; } \
  >"$tmp/dockerignore"
mv "$tmp/dockerignore" "$docker_ctx/.dockerignore"
buildpack="$("$kiln" detect --json "$kiln_ctx" | jq -r .buildpack)"

base="$(awk 'toupper($1) == "FROM" { print $2; exit }' "$docker_ctx/.kiln.Dockerfile")"
"$docker_cli" image inspect "$base" >/dev/null 2>&1 || die "base image $base is missing (scripts/make-stacks.sh)"

# run_one SIDE PHASE LOG: one build, prints its wall-clock seconds; exits on failure.
run_one() {
  local side="$1" phase="$2" log="$3" t0 t1 cache_flag=()
  [ "$phase" = full ] && cache_flag=(--no-cache)
  t0="$EPOCHREALTIME"
  if [ "$side" = kiln ]; then
    "$kiln" build "$kiln_ctx" -t "$tag_kiln" "${cache_flag[@]}" >"$log" 2>&1 || {
      echo "build_overhead: kiln build failed ($phase); last lines of $log:" >&2; tail -n 30 "$log" >&2; return 1; }
  else
    DOCKER_BUILDKIT=0 "$docker_cli" build "${cache_flag[@]}" --network host -f "$docker_ctx/.kiln.Dockerfile" \
      --label "io.kiln.buildpack=$buildpack" -t "$tag_docker" "$docker_ctx" >"$log" 2>&1 || {
      echo "build_overhead: docker build failed ($phase); last lines of $log:" >&2; tail -n 30 "$log" >&2; return 1; }
  fi
  t1="$EPOCHREALTIME"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

steps_in() { grep -cE 'Step [0-9]+/[0-9]+ ?:' "$1" || true; }
froms_in() { grep -cE 'Step [0-9]+/[0-9]+ ?: *FROM ' "$1" || true; }
cached_in() { grep -c -- '---> Using cache' "$1" || true; }
span() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
ratio() { awk -v k="$1" -v d="$2" 'BEGIN { printf "%.3f\n", k / d }'; }

echo "== kiln build vs docker build: $app (buildpack $buildpack, base $base)"
echo "kiln:    $kiln ($("$kiln" --version 2>/dev/null | head -n1))"
echo "docker:  $(command -v "$docker_cli") client $("$docker_cli" version -f '{{.Client.Version}}' 2>/dev/null), engine $("$docker_cli" version -f '{{.Server.Version}}' 2>/dev/null)"
echo "builder: classic on both sides (docker CLI with DOCKER_BUILDKIT=0; kiln posts to the Engine API /build), --network host"
echo "runs:    $warmup warm-up + $runs timed per side, alternating kiln, docker"
echo "load:    $(uptime | sed 's/.*load average/load average/')  ($(nproc) cores)"

declare -A med
for phase in full cached; do
  echo
  if [ "$phase" = full ]; then echo "-- full build (--no-cache on both sides)"; else echo "-- cached build (no --no-cache; every step from the cache)"; fi
  kiln_times=() docker_times=()
  for ((i = 1 - warmup; i <= runs; i++)); do
    for side in kiln docker; do
      log="$tmp/$phase-$side-$i.log"
      secs="$(run_one "$side" "$phase" "$log")" || { remember "$log"; exit 1; }
      remember "$log"
      steps="$(steps_in "$log")" cached="$(cached_in "$log")"
      label="run $i"; [ "$i" -le 0 ] && label="warm-up"
      printf '  %-8s %-6s %7.3f s   steps %2s, from cache %2s\n' "$label" "$side" "$secs" "$steps" "$cached"
      # Same work on both sides and in every run: nothing from the cache in the full
      # phase, every step but FROM from the cache in the cached phase.
      want=0; [ "$phase" = cached ] && want=$((steps - $(froms_in "$log")))
      if [ "$cached" != "$want" ]; then
        tail -n 40 "$log" >&2
        die "$side, $label ($phase): $cached of $steps steps from the cache, expected $want: not comparable"
      fi
      if [ "$i" -gt 0 ]; then
        if [ "$side" = kiln ]; then kiln_times+=("$secs"); else docker_times+=("$secs"); fi
      fi
    done
  done
  # The same Dockerfile on both sides: the same number of steps.
  k_steps="$(steps_in "$tmp/$phase-kiln-$runs.log")" d_steps="$(steps_in "$tmp/$phase-docker-$runs.log")"
  [ "$k_steps" = "$d_steps" ] || die "kiln ran $k_steps steps, docker $d_steps: not the same build"
  med[$phase-kiln]="$(median "${kiln_times[@]}")"
  med[$phase-docker]="$(median "${docker_times[@]}")"
  med[$phase-ratio]="$(ratio "${med[$phase-kiln]}" "${med[$phase-docker]}")"
  med[$phase-steps]="$k_steps"
  med[$phase-range]="kiln $(span "${kiln_times[@]}"), docker $(span "${docker_times[@]}")"
done

echo
echo "== summary: median of $runs, wall-clock seconds ($app, $(nproc) cores, $(uptime | sed 's/.*load average: //') load)"
printf '%-8s %6s %10s %10s %8s %8s  %s\n' phase steps kiln docker ratio goal verdict
for phase in full cached; do
  verdict="GOAL MET"
  awk -v r="${med[$phase-ratio]}" -v g="$goal" 'BEGIN { exit !(r <= g) }' || verdict="GOAL MISSED"
  printf '%-8s %6s %10.3f %10.3f %8.3f %8s  %s\n' "$phase" "${med[$phase-steps]}" "${med[$phase-kiln]}" \
    "${med[$phase-docker]}" "${med[$phase-ratio]}" "<= $goal" "$verdict"
done
echo "range of the timed runs (s): full: ${med[full-range]}; cached: ${med[cached-range]}"
