# shellcheck shell=bash
# A real `git daemon` on 127.0.0.1 for tests and benchmarks (sourced, not run).
#   start_git_daemon BASE   serves every repository under BASE on a free port;
#                           sets git_daemon_url (git://127.0.0.1:PORT) and git_daemon_pid
#   stop_git_daemon         stops it (call from the EXIT trap)
#   add_served_origin WORKTREE BASE NAME
#                           clones WORKTREE bare into BASE/NAME.git and makes it the
#                           worktree's origin, so `git push origin` reaches the daemon
# Fails loudly when git daemon is not installed: nothing here fakes one.
git_daemon_pid=
git_daemon_url=

start_git_daemon() {
  local base=$1 port
  [[ -x "$(git --exec-path)/git-daemon" ]] || { echo "git daemon is not installed (it ships with Debian's git)" >&2; return 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  git daemon --export-all --base-path="$base" --listen=127.0.0.1 --port="$port" --reuseaddr "$base" 2>"$base.daemon.log" &
  git_daemon_pid=$!
  git_daemon_url="git://127.0.0.1:$port"
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "git daemon did not start: $(cat "$base.daemon.log")" >&2
  return 1
}

stop_git_daemon() {
  [[ -n $git_daemon_pid ]] || return 0
  kill "$git_daemon_pid" 2>/dev/null && wait "$git_daemon_pid" 2>/dev/null || true  # wait answers 143: killed, as asked
  git_daemon_pid=
}

add_served_origin() {
  local worktree=$1 base=$2 name=$3
  git clone -q --bare "$worktree" "$base/$name.git"
  git -C "$worktree" remote add origin "$base/$name.git"
}
