#!/usr/bin/env bash
# Builds kiln's own image (scripts/image/kiln.Dockerfile) from a build tree:
# the install is staged in a temporary folder with --strip, and kiln itself
# builds it (the folder is a repository with its own Dockerfile), so no
# other builder is needed.
#
#   scripts/make-kiln-image.sh [--build-dir DIR] [--tag IMAGE]... [--base IMAGE] [--force]
#
# Default tags: kiln/kiln:<version> and kiln/kiln:dev. Default build dir:
# build/ (or $KILN_BUILD_DIR). The base (default kiln/stack-base:bookworm)
# must exist: scripts/make-stacks.sh base. The image is rebuilt only when
# the staged install, the Dockerfile or the base changed (a hash of them is
# the image's io.kiln.image.recipe label), or with --force.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
dockerfile="$repo_root/scripts/image/kiln.Dockerfile"
build_dir="${KILN_BUILD_DIR:-$repo_root/build}"
base="kiln/stack-base:bookworm"
tags=()
force=0

die() { echo "make-kiln-image: $*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

while [ "$#" -gt 0 ]; do
  case "$1" in
    --build-dir) [ "$#" -ge 2 ] || die "--build-dir needs a folder"; build_dir="$2"; shift ;;
    --tag) [ "$#" -ge 2 ] || die "--tag needs an image name"; tags+=("$2"); shift ;;
    --base) [ "$#" -ge 2 ] || die "--base needs an image"; base="$2"; shift ;;
    --force) force=1 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

build_dir="$(cd "$build_dir" 2>/dev/null && pwd)" || die "no build folder $build_dir: configure and build kiln first (scripts/setup.sh)"
kiln="$build_dir/kiln"
[ -x "$kiln" ] || die "$kiln is missing: build kiln first (cmake --build $build_dir)"
command -v docker >/dev/null 2>&1 || die "the docker command is missing (Debian package docker.io)"
docker image inspect "$base" >/dev/null 2>&1 || die "no base image $base: run scripts/make-stacks.sh base"

version="$("$kiln" --version | awk '{print $2}')"
[ -n "$version" ] || die "could not read the version of $kiln"
[ "${#tags[@]}" -gt 0 ] || tags=("kiln/kiln:$version" "kiln/kiln:dev")

stage="$(mktemp -d "${TMPDIR:-/tmp}/kiln-image.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
cmake --install "$build_dir" --prefix "$stage/kiln" --strip >/dev/null
cp "$dockerfile" "$stage/Dockerfile"

# What the image is made of: every staged file, the Dockerfile, the base.
recipe="$(
  {
    (cd "$stage" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    docker image inspect -f '{{.Id}}' "$base"
  } | sha256sum | cut -c1-16
)"

current() {  # current <tag>: the tag exists and was made from this recipe
  [ "$(docker image inspect -f '{{ index .Config.Labels "io.kiln.image.recipe" }}' "$1" 2>/dev/null)" = "$recipe" ]
}
if [ "$force" -eq 0 ]; then
  up_to_date=1
  for tag in "${tags[@]}"; do current "$tag" || up_to_date=0; done
  if [ "$up_to_date" -eq 1 ]; then
    echo "make-kiln-image: ${tags[*]} up to date (recipe $recipe)"
    exit 0
  fi
fi

tag_args=()
for tag in "${tags[@]}"; do tag_args+=(-t "$tag"); done
previous="$(docker image inspect -f '{{.Id}}' "${tags[0]}" 2>/dev/null || true)"
echo "make-kiln-image: building ${tags[*]} from $build_dir on $base"
"$kiln" build "$stage" "${tag_args[@]}" \
  --build-arg "BASE=$base" --build-arg "KILN_VERSION=$version" \
  --label "io.kiln.image.recipe=$recipe"

# The image this one replaced, unless another tag still uses it.
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "${tags[0]}")" ]; then
  docker rmi --no-prune "$previous" >/dev/null 2>&1 || true
fi
echo "make-kiln-image: built ${tags[*]} ($(( $(docker image inspect -f '{{.Size}}' "${tags[0]}") / 1000000 )) MB)"
