# shellcheck shell=bash
# A `kiln serve` with no container engine behind it, for integration tests of
# what the server does without one (sourced, not run). Needs $KILN, $work and
# fail() from the caller.
#   start_engineless_serve TOKEN_PREFIX [KILN_OPTION...]
#       starts it on a free 127.0.0.1 port with one random API token and waits
#       until it answers; sets port, token and server_pid (the caller's EXIT
#       trap kills server_pid); the log is $work/server.log
start_engineless_serve() {
  local prefix=$1
  shift
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  token="$prefix-$(openssl rand -hex 16)"
  printf 'engine = "unix://%s/no-engine.sock"\n' "$work" >"$work/server.toml"
  KILN_API_TOKENS=$token "$KILN" "$@" serve --listen "127.0.0.1:$port" --data-dir "$work/data" --config "$work/server.toml" \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "kiln serve exited before it answered"
    sleep 0.1
  done
  fail "kiln serve did not answer on 127.0.0.1:$port within 10 s"
}
