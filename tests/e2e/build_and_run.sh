#!/usr/bin/env bash
# End to end on the real container engine: kiln build a fixture app, kiln run
# it, and check it answers HTTP 200 on loopback.
#   build_and_run.sh <fixture-app> [runtime=NAME:VERSION] [kiln build flags...]
# runtime=node:20 checks the image's io.kiln.runtime label: the stack the app's
# pin chose (node 20.x.y here).
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}"
app="$1"; shift
want_runtime=""
if [ "${1:-}" != "${1#runtime=}" ]; then want_runtime="${1#runtime=}"; shift; fi
dir="$KILN_SOURCE_DIR/tests/fixtures/apps/$app"
tag="kiln-e2e/$app:test"
ca="${KILN_TEST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

if ! curl -fsS --max-time 3 --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null 2>&1 && [ -z "${DOCKER_HOST:-}" ]; then
  echo "FAIL: no container engine answers at unix:///var/run/docker.sock — run scripts/start-engine.sh (CI starts it)"
  exit 1
fi

# A free loopback port, so parallel tests never collide on the host network.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

log=$(mktemp)
# --no-prune: the image's untagged parents are cached layers that a build running beside this test
# may be committing onto; removing them fails that build ("unknown parent image ID").
trap 'rm -f "$log"; docker rmi -f --no-prune "$tag" >/dev/null 2>&1 || true' EXIT
if ! "$KILN" build "$dir" -t "$tag" --ca-bundle "$ca" "$@" >"$log" 2>&1; then
  tail -n 60 "$log"
  echo "FAIL: kiln build $app"
  exit 1
fi
tail -n 3 "$log"
if [ -n "$want_runtime" ]; then
  runtime=$(docker image inspect -f '{{ index .Config.Labels "io.kiln.runtime" }}' "$tag")
  name="${want_runtime%%:*}" version="${want_runtime#*:}"
  if [ "$runtime" != "$name $version" ] && [ "${runtime#"$name $version".}" = "$runtime" ]; then
    echo "FAIL: $app was built with '$runtime', want $name $version"
    exit 1
  fi
  echo "runtime: $runtime"
fi

out=$("$KILN" run "$tag" --port "$port" --check / --wait 120s 2>&1) || { echo "$out"; echo "FAIL: kiln run $app"; exit 1; }
echo "$out" | head -n 30
grep -q -- "-> HTTP 200" <<<"$out" || { echo "FAIL: $app did not answer 200"; exit 1; }

# The CA bundle helped the build but must not be in the run image.
if docker run --rm --network none --entrypoint /bin/sh "$tag" -c \
   'ls /usr/local/share/ca-certificates/kiln /app/.kiln-ca 2>/dev/null | grep -q . ' 2>/dev/null; then
  echo "FAIL: the CA bundle stayed in the run image of $app"
  exit 1
fi
echo "PASS: $app built, ran and answered on port $port"
