#!/usr/bin/env bash
# End to end on the real container engine: kiln build a fixture app, kiln run
# it, and check it answers HTTP 200 on loopback (a worker, whose image exposes
# no port, must instead start and stay up).
#   build_and_run.sh <fixture-app> [runtime=NAME:VERSION] [--e2e-root PATH] [--e2e-check PATH]... [kiln build flags...]
# runtime=node:20 checks the image's io.kiln.runtime label: the stack the app's
# pin chose (node 20.x.y here).
# --e2e-check PATH: also check that PATH answers 200 (a single-page app's client route, say).
# --e2e-root PATH: check PATH instead of / (an app whose index needs a database it has not got).
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}"
app="$1"; shift
want_runtime=""
case "${1:-}" in runtime=*) want_runtime="${1#runtime=}"; shift ;; esac
extra_checks=()
build_flags=()
root_path=/
while [ "$#" -gt 0 ]; do
  if [ "$1" = --e2e-check ] && [ "$#" -ge 2 ]; then extra_checks+=("$2"); shift 2
  elif [ "$1" = --e2e-root ] && [ "$#" -ge 2 ]; then root_path="$2"; shift 2
  else build_flags+=("$1"); shift; fi
done
set -- ${build_flags[@]+"${build_flags[@]}"}
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

# The CA bundle helped the build but must not be in the run image. Read from
# the image's files, not by a shell inside it: run images may have none.
cid=$(docker create "$tag" /no-command)
files=$(docker export "$cid" | tar -t) || { docker rm "$cid" >/dev/null; echo "FAIL: could not read the files of $tag"; exit 1; }
docker rm "$cid" >/dev/null
[ -n "$files" ] || { echo "FAIL: the image $tag lists no files"; exit 1; }
if grep -E '^(usr/local/share/ca-certificates/kiln|app/\.kiln-ca)/.' <<<"$files"; then
  echo "FAIL: the CA bundle stayed in the run image of $app"
  exit 1
fi
# A worker or bot exposes no port: it must start and still be running a while later.
if [ "$(docker image inspect -f '{{json .Config.ExposedPorts}}' "$tag")" = "null" ]; then
  cid=$(docker run -d --network none "$tag")
  sleep "${KILN_WORKER_UPTIME:-10}"
  running=$(docker inspect -f '{{.State.Running}}' "$cid")
  logs=$(docker logs "$cid" 2>&1 | tail -n 20)
  docker rm -f "$cid" >/dev/null 2>&1 || true
  echo "$logs"
  [ "$running" = true ] || { echo "FAIL: worker $app exited instead of staying up"; exit 1; }
  [ -n "$logs" ] || { echo "FAIL: worker $app stayed up but printed nothing"; exit 1; }
  echo "PASS: $app built, started as a worker (no port) and stayed up"
  exit 0
fi

out=$("$KILN" run "$tag" --port "$port" --check "$root_path" --wait 120s 2>&1) || { echo "$out"; echo "FAIL: kiln run $app"; exit 1; }
echo "$out" | head -n 30
grep -q -- "-> HTTP 200" <<<"$out" || { echo "FAIL: $app did not answer 200 on $root_path"; exit 1; }
for path in ${extra_checks[@]+"${extra_checks[@]}"}; do
  out=$("$KILN" run "$tag" --port "$port" --check "$path" --wait 120s 2>&1) || { echo "$out"; echo "FAIL: kiln run $app (check $path)"; exit 1; }
  grep -q -- "-> HTTP 200" <<<"$out" || { echo "$out" | head -n 20; echo "FAIL: $app did not answer 200 on $path"; exit 1; }
  echo "$app answered 200 on $path"
done

echo "PASS: $app built, ran and answered on port $port"
