# shellcheck shell=bash
# A dockerd of the test's own: its own socket, data and exec roots under
# $work, no bridge. A test that lets a fuzzer create, stop and delete
# containers runs it, so that no other test's (or person's) containers on the
# shared engine are ever in reach. Sourced after serve_helpers.sh; the caller
# calls stop_private_engine before serve_cleanup removes $work.

private_engine_pid=""
private_engine_root=""
private_engine=""             # unix://... once started

# start_private_engine: starts dockerd and waits until it answers.
start_private_engine() {
  command -v dockerd >/dev/null || fail "dockerd is not installed (scripts/setup.sh installs docker.io)"
  private_engine_root="$work/engine"
  mkdir -p "$private_engine_root"
  local socket="$private_engine_root/docker.sock"
  dockerd --host "unix://$socket" --data-root "$private_engine_root/data" --exec-root "$private_engine_root/exec" \
    --pidfile "$private_engine_root/docker.pid" --bridge=none --iptables=false --ip6tables=false --log-level=warn \
    >"$private_engine_root/dockerd.log" 2>&1 &
  private_engine_pid=$!
  private_engine="unix://$socket"
  local _
  for _ in $(seq 1 300); do
    curl -fsS --max-time 2 --unix-socket "$socket" http://engine/_ping >/dev/null 2>&1 && return 0
    kill -0 "$private_engine_pid" 2>/dev/null || { tail -n 20 "$private_engine_root/dockerd.log" >&2; fail "the private dockerd exited at start"; }
    sleep 0.1
  done
  tail -n 20 "$private_engine_root/dockerd.log" >&2
  fail "the private dockerd did not answer within 30s"
}

# private_docker <args...>: the docker CLI against the private engine.
private_docker() { DOCKER_HOST="$private_engine" docker "$@"; }

# stop_private_engine: removes its containers, stops it, unmounts what it left.
stop_private_engine() {
  [ -n "$private_engine_pid" ] || return 0
  private_docker ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="$private_engine" docker rm -f >/dev/null 2>&1 || true
  kill -TERM "$private_engine_pid" 2>/dev/null || true
  local _
  for _ in $(seq 1 200); do
    kill -0 "$private_engine_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$private_engine_pid" 2>/dev/null || true
  wait "$private_engine_pid" 2>/dev/null || true
  # dockerd keeps its netns file mounted; without this the folder cannot be removed.
  grep -F " $private_engine_root/" /proc/self/mountinfo | cut -d' ' -f5 | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  private_engine_pid=""
}
