#!/usr/bin/env bash
# End to end on Podman (Debian's podman 4.3) through its Docker-compatible API:
# scripts/start-podman.sh starts the service and copies kiln's stacks from
# Docker; kiln must tell Podman from Docker, build apps with RUN steps into
# Podman's own store, report a failing step with its exit code, and run an
# image it built there until it answers HTTP 200.
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}"
fail() { echo "FAIL: $*"; exit 1; }

command -v podman >/dev/null 2>&1 \
  || fail "podman is not installed: this test needs Debian's podman package (scripts/setup.sh installs it)"
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
  || fail "no Docker engine answers: kiln's stacks are copied from Docker's store (run scripts/start-engine.sh and scripts/make-stacks.sh)"

engine=$("$KILN_SOURCE_DIR/scripts/start-podman.sh" base static static-runtime) || fail "scripts/start-podman.sh could not start Podman"
socket="${engine#unix://}"
echo "podman API service: $engine"

work=$(mktemp -d)
tags=(kiln-e2e-podman/static-plain:test kiln-e2e-podman/with-run:test kiln-e2e-podman/broken:test)
cleanup() {
  rm -rf "$work"
  for t in "${tags[@]}"; do podman rmi -f "$t" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

# 1. The API: /_ping carries Podman's headers and a Docker API version; /version names Podman.
headers=$(curl -fsS -D - -o /dev/null --unix-socket "$socket" http://d/_ping) || fail "GET /_ping failed on $engine"
grep -qi '^Api-Version: 1\.[0-9]*' <<<"$headers" || { echo "$headers"; fail "/_ping has no Api-Version header"; }
grep -qi '^Libpod-Api-Version: ' <<<"$headers" || { echo "$headers"; fail "/_ping has no Libpod-Api-Version header"; }
curl -fsS --unix-socket "$socket" http://d/version | grep -q '"Name":"Podman Engine"' \
  || fail "/version does not list the Podman Engine component"

# 2. A plain static site: built into Podman's store, not Docker's.
tag=${tags[0]}
if ! out=$("$KILN" build "$KILN_SOURCE_DIR/tests/fixtures/apps/static-plain" -t "$tag" --engine "$engine" 2>&1); then
  echo "$out" | tail -n 40; fail "kiln build static-plain on podman"
fi
echo "$out" | tail -n 3
grep -q "on podman " <<<"$out" || { echo "$out" | head -3; fail "kiln did not recognise the engine as podman"; }
grep -qE '^\[ *[0-9]*%\] static-plain (\[[0-9]+/[0-9]+\] )?Step [0-9]+/[0-9]+: ' <<<"$out" || fail "no step progress in the build output"
podman image exists "$tag" || fail "$tag is not in podman's store"
[ "$(podman image inspect --format '{{index .Labels "io.kiln.language"}}' "$tag")" = static ] \
  || fail "$tag lacks kiln's io.kiln.language label"

# 3. kiln run on Podman: the container starts and answers on loopback.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
out=$("$KILN" run "$tag" --port "$port" --check / --wait 60s --engine "$engine" 2>&1) \
  || { echo "$out"; fail "kiln run $tag on podman"; }
grep -q -- "-> HTTP 200" <<<"$out" || { echo "$out"; fail "static-plain on podman did not answer 200"; }
grep -q "Harbour Bakery" <<<"$out" || { echo "$out"; fail "static-plain on podman served the wrong page"; }

# 4. RUN steps execute on Podman (OCI isolation, runc), and their output streams back.
mkdir -p "$work/with-run"
printf 'web: sh -c "exec sleep infinity"\n' >"$work/with-run/Procfile"
# shellcheck disable=SC2016  # expanded by the shell of the RUN step, so the output proves it ran
printf 'build = "echo podman-ran-$((6 * 7)) | tee built.txt"\n' >"$work/with-run/kiln.toml"
tag=${tags[1]}
if ! out=$("$KILN" build "$work/with-run" -t "$tag" --engine "$engine" 2>&1); then
  echo "$out" | tail -n 40; fail "kiln build with a RUN step on podman"
fi
grep -q "^ *podman-ran-42$" <<<"$out" || { echo "$out" | tail -n 20; fail "the RUN step's output is not in the build log"; }
podman image exists "$tag" || fail "$tag is not in podman's store"

# 5. A failing RUN step: exit status 1, the step and the exit code in the message.
mkdir -p "$work/broken"
printf 'web: sh -c "exec sleep infinity"\n' >"$work/broken/Procfile"
printf 'build = "echo about to fail && exit 3"\n' >"$work/broken/kiln.toml"
set +e
out=$("$KILN" build "$work/broken" -t "${tags[2]}" --engine "$engine" 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "$out" | tail -n 10; fail "failing build on podman exited $rc, want 1"; }
grep -q "build of broken failed: Step [0-9]*/[0-9]*: RUN .*exit 3.*(exit code 3)" <<<"$out" \
  || { echo "$out" | tail -n 5; fail "failure message on podman lacks the step or the exit code"; }

echo "NOT TESTED on podman: cancelling a build (Ctrl-C, --timeout) — Podman 4.3's compat /build keeps running the step after kiln hangs up, until the step ends on its own; push to a registry"
echo "PASS: podman API, engine detection, builds with RUN steps into podman's store, failing step and exit code, kiln run answering 200"
