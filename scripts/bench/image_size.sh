#!/usr/bin/env bash
# Run image sizes: each app built by kiln, and by the Dockerfile a careful
# person would write for it by hand (scripts/bench/image_size/APP.Dockerfile,
# FROM the same local stacks, since nothing can be pulled here), on the real
# engine. Prints a table: app, kiln's size, the hand-written one's, the ratio,
# and kiln's size against the goal of issue 11 where there is one.
#
#   scripts/bench/image_size.sh [APP ...]   default: every APP.Dockerfile
#                                           under scripts/bench/image_size/
# Environment:
#   KILN            kiln executable (default build/kiln)
#   KILN_CA_BUNDLE  PEM bundle the builds trust (a proxy's CA; default the
#                   host's /etc/ssl/certs/ca-certificates.crt): kiln gets it
#                   with --ca-bundle, a hand-written Dockerfile that names
#                   kiln-ca.crt finds it in its build context
#   KEEP=1          keep the images (kiln-bench/APP:kiln, kiln-bench/APP:hand)
#                   to read with `docker history`
# Sizes are the engine's (docker image inspect .Size), in MB of 10^6 bytes.
# Exits non-zero if a build fails; a missed goal is printed (GOAL MISSED), not an error.
set -euo pipefail
export LC_ALL=C
# Paths below are the repository's.
cd "$(dirname "$0")/../.."
kiln="${KILN:-build/kiln}"
ca="${KILN_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
hand_dir="scripts/bench/image_size"
apps_dir="tests/fixtures/apps"

# Issue 11's goals for kiln's image, in MB (the Express sample: 60% of 308).
goal_of() {
  case "$1" in
    node-express-npm) echo 185 ;;
    python-flask-pip) echo 150 ;;
    go-chi) echo 25 ;;
    static-plain) echo 15 ;;
    *) echo "" ;;
  esac
}

die() { echo "image_size: $*" >&2; exit 1; }

[ -x "$kiln" ] || die "no kiln executable at $kiln (build it, or set KILN)"
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
  die "no container engine answers: run scripts/start-engine.sh"

apps=("$@")
if [ "${#apps[@]}" -eq 0 ]; then
  for f in "$hand_dir"/*.Dockerfile; do apps+=("$(basename "$f" .Dockerfile)"); done
fi
for app in "${apps[@]}"; do
  [ -d "$apps_dir/$app" ] || die "no app $apps_dir/$app"
  [ -f "$hand_dir/$app.Dockerfile" ] || die "no hand-written $hand_dir/$app.Dockerfile"
done

work="$(mktemp -d "${TMPDIR:-/tmp}/kiln-image-size.XXXXXX")"
made=()
cleanup() {
  rm -rf "$work"
  # --no-prune: untagged parents may be layers another build is using.
  if [ "${KEEP:-0}" != 1 ] && [ "${#made[@]}" -gt 0 ]; then docker rmi -f --no-prune "${made[@]}" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

mb() { echo $(( $(docker image inspect -f '{{.Size}}' "$1") / 1000000 )); }

build_kiln() {
  local app="$1" tag="kiln-bench/$1:kiln" ca_flag=()
  [ -s "$ca" ] && ca_flag=(--ca-bundle "$ca")
  made+=("$tag")
  "$kiln" build "$apps_dir/$app" -t "$tag" "${ca_flag[@]}" >"$work/$app.kiln.log" 2>&1 ||
    { tail -n 40 "$work/$app.kiln.log" >&2; die "kiln build $app failed"; }
}

# The app's files in a context of their own, with the CA bundle beside them
# when the Dockerfile asks for it (kiln-ca.crt), as make-stacks.sh does.
build_hand() {
  local app="$1" tag="kiln-bench/$1:hand" context="$work/$1.context"
  mkdir -p "$context"
  cp -R "$apps_dir/$app/." "$context/"
  if grep -q 'kiln-ca.crt' "$hand_dir/$app.Dockerfile"; then
    if [ -s "$ca" ]; then cp "$ca" "$context/kiln-ca.crt"; else : >"$context/kiln-ca.crt"; fi
  fi
  made+=("$tag")
  DOCKER_BUILDKIT=0 docker build --network host --pull=false --force-rm -q -t "$tag" \
    -f "$hand_dir/$app.Dockerfile" "$context" >"$work/$app.hand.log" 2>&1 ||
    { tail -n 40 "$work/$app.hand.log" >&2; die "docker build of $hand_dir/$app.Dockerfile failed"; }
}

rows=()
missed=0
for app in "${apps[@]}"; do
  echo "building $app (kiln, then by hand)" >&2
  build_kiln "$app"
  build_hand "$app"
  kiln_mb="$(mb "kiln-bench/$app:kiln")"
  hand_mb="$(mb "kiln-bench/$app:hand")"
  ratio="$(awk -v k="$kiln_mb" -v h="$hand_mb" 'BEGIN { if (h > 0) printf "%.2f", k / h; else print "-" }')"
  goal="$(goal_of "$app")" verdict="-"
  if [ -n "$goal" ]; then
    if [ "$kiln_mb" -le "$goal" ]; then verdict="met (<= $goal)"; else verdict="GOAL MISSED (> $goal)"; missed=1; fi
  fi
  rows+=("$(printf '%-20s %9s %9s %6s  %s' "$app" "$kiln_mb" "$hand_mb" "$ratio" "$verdict")")
done

printf '%-20s %9s %9s %6s  %s\n' APP "KILN MB" "HAND MB" RATIO "GOAL (kiln)"
printf '%s\n' "${rows[@]}"
[ "$missed" -eq 0 ] || echo "some goals missed" >&2
