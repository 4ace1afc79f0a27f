#!/usr/bin/env bash
# Starts Podman's Docker-compatible API service on a socket, for kiln's
# `--engine unix://...`, and copies kiln's stack images into Podman's store
# from Docker's (Podman has its own store and no registry is reachable here).
#
#   scripts/start-podman.sh [stack ...]   start (or reuse) the service, load the
#                                         stacks (default: base static static-runtime), print the socket
#   scripts/start-podman.sh --stop        stop a service this script started
#
# Idempotent: a service already answering on the socket is reused, and a stack
# is loaded only when Podman lacks it or holds a different image than Docker.
# Installs nothing: scripts/setup.sh installs podman. Stacks come from Docker's
# store, so run scripts/make-stacks.sh first.
#
# Containers: rootful Podman gives every container created through the API
# RLIMIT_NOFILE and RLIMIT_NPROC of 1048576; where the service's own hard
# limits are lower and it lacks CAP_SYS_RESOURCE (as in kiln's sandbox), runc
# refuses to start any container ("error setting rlimit type 7: operation not
# permitted"). The service is therefore started with a containers.conf
# (CONTAINERS_CONF) whose default_ulimits are the service's own hard limits
# (Podman lowers its RLIMIT_NPROC at start, so they are read back from the
# running service); the rest of that file is the system's.
#
# Builds: Podman 4.3's Docker-compatible /build always runs RUN steps with OCI
# isolation (runc); it ignores the `isolation` query parameter and
# BUILDAH_ISOLATION, so there is nothing to choose there.
#
# Environment:
#   KILN_PODMAN_SOCKET   socket path (default /run/kiln-podman/podman.sock)
#   KILN_PODMAN_LOG      service log (default beside the socket, service.log)
set -euo pipefail

socket="${KILN_PODMAN_SOCKET:-/run/kiln-podman/podman.sock}"
state_dir="$(dirname "$socket")"
pid_file="$state_dir/service.pid"
conf="$state_dir/containers.conf"
log="${KILN_PODMAN_LOG:-$state_dir/service.log}"
suite=bookworm

die() { echo "start-podman: $*" >&2; exit 1; }
say() { echo "start-podman: $*" >&2; }

answers() {  # a Podman service (not some other engine) answers on the socket
  curl -fsS --max-time 3 -o /dev/null -D - --unix-socket "$socket" http://d/_ping 2>/dev/null \
    | grep -qi '^Libpod-Api-Version:'
}


command -v podman >/dev/null 2>&1 \
  || die "podman is not installed (Debian: apt-get install podman; scripts/setup.sh installs it)"
[ "$(id -u)" -eq 0 ] || die "run as root: kiln uses rootful Podman (rootless needs subuids and slirp4netns)"

# --- the service --------------------------------------------------------------

write_conf() {  # write_conf <nofile> <nproc>
  # The system's containers.conf (Debian ships /usr/share's; an admin's /etc one
  # replaces it here), with default_ulimits set to what the service may grant.
  local base="" f
  for f in /etc/containers/containers.conf /usr/share/containers/containers.conf; do
    [ -f "$f" ] && { base="$f"; break; }
  done
  local ulimits="default_ulimits = [\"nofile=$1:$1\", \"nproc=$2:$2\"]"
  {
    echo "# Written by kiln's scripts/start-podman.sh from ${base:-nothing}: do not edit."
    if [ -n "$base" ] && grep -q '^[[:space:]]*\[containers\][[:space:]]*$' "$base"; then
      awk -v line="$ulimits" '
        /^[[:space:]]*default_ulimits[[:space:]]*=/ { next }
        { print }
        /^[[:space:]]*\[containers\][[:space:]]*$/ { print line }' "$base"
    else
      printf '[containers]\n%s\n' "$ulimits"
      [ -n "$base" ] && cat "$base"
    fi
  } >"$conf.new"
  mv "$conf.new" "$conf"
  CONTAINERS_CONF="$conf" podman info --format '{{.Host.OCIRuntime.Name}}' >/dev/null 2>"$state_dir/conf-check.log" \
    || die "podman rejects $conf: $(tail -n 3 "$state_dir/conf-check.log")"
}

hard_limit() {  # hard_limit <pid> <"open files"|"processes">
  awk -v what="$2" '$0 ~ "^Max " what " " { print $(NF - 1) }' "/proc/$1/limits"
}

start_service() {
  rm -f "$socket"
  # Detached, with every descriptor on the log, so no caller (ctest) waits on it; and from /, because
  # runc fails containers ("write child: broken pipe") once the service's working folder is deleted
  # (a test build folder removed while the service lives on).
  (cd / && CONTAINERS_CONF="$conf" exec setsid podman system service --time=0 "unix://$socket" \
    </dev/null >>"$log" 2>&1 9>&-) &
  echo $! >"$pid_file"
  for _ in $(seq 1 100); do answers && break; sleep 0.2; done
  answers || { tail -n 20 "$log" >&2; die "the service did not answer on $socket (log: $log)"; }
}

stop_service() {
  local pid
  pid=$(cat "$pid_file")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pid_file"
}

if [ "${1:-}" = "--stop" ]; then
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    say "stopping the service (pid $(cat "$pid_file"))"
    stop_service
  else
    say "no service started by this script is running"
    rm -f "$pid_file"
  fi
  exit 0
fi

# One start at a time (parallel tests call this script too).
mkdir -p "$state_dir"
exec 9>"$state_dir/start.lock"
flock 9

if answers; then
  say "a Podman service already answers on $socket"
else
  # A first guess (this shell's hard limits, NPROC no more than pid_max), then
  # the limits the running service really has, restarting once if they differ.
  nofile=$(ulimit -Hn); nproc=$(ulimit -Hu); pid_max=$(cat /proc/sys/kernel/pid_max)
  [ "$nofile" = unlimited ] && nofile=$(cat /proc/sys/fs/nr_open)
  { [ "$nproc" = unlimited ] || [ "$nproc" -gt "$pid_max" ]; } && nproc=$pid_max
  write_conf "$nofile" "$nproc"
  start_service
  pid=$(cat "$pid_file")
  real_nofile=$(hard_limit "$pid" "open files"); real_nproc=$(hard_limit "$pid" processes)
  if [ "$real_nofile" != "$nofile" ] || [ "$real_nproc" != "$nproc" ]; then
    [ "$real_nofile" = unlimited ] && real_nofile=$(cat /proc/sys/fs/nr_open)
    [ "$real_nproc" = unlimited ] && real_nproc=$pid_max
    stop_service
    write_conf "$real_nofile" "$real_nproc"
    start_service
  fi
  say "started podman system service (pid $(cat "$pid_file"), log $log)"
fi

# --- stacks ---------------------------------------------------------------------

stacks=("$@")
[ ${#stacks[@]} -gt 0 ] || stacks=(base static static-runtime)
for stack in "${stacks[@]}"; do
  image="kiln/stack-$stack:$suite"
  docker_id=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null) \
    || die "$image is not in Docker's store: build it with scripts/make-stacks.sh $stack"
  podman_id=$(podman image inspect --format '{{.Id}}' "localhost/$image" 2>/dev/null || true)
  if [ "sha256:${podman_id#sha256:}" = "$docker_id" ]; then
    continue
  fi
  say "loading $image from Docker into Podman"
  docker save "$image" | podman load -q >/dev/null || die "could not copy $image from Docker to Podman"
done

echo "unix://$socket"
