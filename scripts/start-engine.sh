#!/usr/bin/env bash
# Starts dockerd if no engine socket answers (idempotent). Bridge networking is
# off in this environment: builds that need the network use the host network.
#   DOCKER_HOST (unix:///var/run/docker.sock by default) names the socket to check.
set -euo pipefail
socket="${DOCKER_HOST:-unix:///var/run/docker.sock}"
socket_path="${socket#unix://}"
log="${KILN_ENGINE_LOG:-/var/log/kiln-dockerd.log}"

answers() { curl -fsS --max-time 2 --unix-socket "$socket_path" http://localhost/_ping >/dev/null 2>&1; }

if answers; then
  echo "engine: $socket answers"
  exit 0
fi
if ! command -v dockerd >/dev/null; then
  echo "engine: dockerd is not installed (scripts/setup.sh installs docker.io)" >&2
  exit 1
fi
sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
echo "engine: starting dockerd (log: $log)"
# In a session of its own: started from a test or a terminal, dockerd must not die with that
# caller's process group (a test runner that stops a test's group took the engine with it).
$sudo_cmd setsid -f sh -c "exec dockerd --host='unix://$socket_path' --bridge=none --iptables=false --ip6tables=false >'$log' 2>&1 </dev/null"
for _ in $(seq 1 60); do
  if answers; then
    echo "engine: $socket answers"
    exit 0
  fi
  sleep 0.5
done
echo "engine: dockerd did not answer within 30 s; last lines of $log:" >&2
tail -n 20 "$log" >&2
exit 1
