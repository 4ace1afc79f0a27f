#!/usr/bin/env bash
# kiln build --git on the real engine: a static site in a repository served by
# a real git daemon on 127.0.0.1, built at a branch and at a commit; the image
# has the commit's files and the OCI source and revision labels.
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}"
# shellcheck source=scripts/lib/git_daemon.sh
source "$KILN_SOURCE_DIR/scripts/lib/git_daemon.sh"
work=$(mktemp -d)
images=()
cleanup() {
  stop_git_daemon
  for image in "${images[@]}"; do docker image rm -f "$image" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
docker info >/dev/null 2>&1 || fail "no container engine answers (scripts/start-engine.sh)"
export KILN_CACHE_DIR=$work/cache

repo=$work/repos/site
mkdir -p "$repo"
g() { git -C "$repo" -c user.name=test -c user.email=test@kiln.invalid -c commit.gpgsign=false "$@"; }
g init -q -b main
mkdir -p "$repo/web"
cp -r "$KILN_SOURCE_DIR/tests/fixtures/apps/static-plain/." "$repo/web/"
echo one >"$repo/web/version.txt"
g add -A && g commit -qm one
first=$(g rev-parse HEAD)
echo two >"$repo/web/version.txt"
g commit -qam two
tip=$(g rev-parse HEAD)

start_git_daemon "$work/repos" || fail "this test needs a real git daemon"
url="$git_daemon_url/site"

build() {  # build <name> <want-commit> <want-version> <kiln args...>
  local name=$1 want=$2 version=$3; shift 3
  local tag="kiln-e2e/cli-git:$name-$$"
  images+=("$tag")
  "$KILN" build --git "$url" --context-root web -t "$tag" --progress plain "$@" >"$work/$name.log" 2>&1 \
    || fail "kiln build --git ($name): $(tail -20 "$work/$name.log")"
  local labels got
  labels=$(docker image inspect --format '{{index .Config.Labels "org.opencontainers.image.revision"}} {{index .Config.Labels "org.opencontainers.image.source"}}' "$tag")
  [ "$labels" = "$want $url" ] || fail "$name: OCI revision/source labels are '$labels', want '$want $url'"
  got=$(docker run --rm --network none --entrypoint cat "$tag" /app/version.txt) || fail "$name: no /app/version.txt in the image"
  [ "$got" = "$version" ] || fail "$name: the image has version '$got', want '$version'"
}
build branch "$tip" two --ref main
build commit "$first" one --commit "$first"
echo "ok: kiln build --git at a branch and a commit, with OCI source and revision labels"
