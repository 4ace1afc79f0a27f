#!/usr/bin/env bash
# Webhook-to-build-start latency of kiln serve's GitOps watcher, over loopback:
# a git daemon on 127.0.0.1 serves a repository made here; a server watches it
# with a one-hour interval (so only the webhook makes it look). Each round
# pushes a commit, sends a signed GitHub `push` delivery, and measures from just
# before the POST to the build's `started_at` (the worker took it: the
# ls-remote, the claim in the store and the submission are all inside), and to
# the deployment's appearance in GET /apps/{name}/deployments. Each build runs
# to its end before the next round, so no round waits in the queue.
#
# Usage: scripts/bench/webhook_latency.sh [--kiln PATH] [--rounds N]
#   --kiln PATH  kiln executable (default: $KILN, else build/kiln)
#   --rounds N   pushes measured (default 10)
# Needs: the engine (scripts/start-engine.sh) and the stacks (scripts/make-stacks.sh), git with
# git daemon, curl, jq, openssl, python3. Goal: under 1 s from webhook to build start.
set -euo pipefail
export LC_ALL=C
repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo_root"
die() { echo "webhook bench: $*" >&2; exit 1; }
# shellcheck source=scripts/lib/git_daemon.sh
source scripts/lib/git_daemon.sh

kiln="${KILN:-build/kiln}"
rounds=10
while [ $# -gt 0 ]; do
  case "$1" in
    --kiln) kiln=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
[ -x "$kiln" ] || die "no kiln executable at $kiln (build first, or pass --kiln)"
for tool in git curl jq openssl python3; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

work=$(mktemp -d)
pids=()
images=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ ${#images[@]} -eq 0 ] || docker rmi -f --no-prune "${images[@]}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
git_as() { git -C "$work/src" -c user.name=bench -c user.email=bench@example.invalid "$@"; }

mkdir -p "$work/src" "$work/git"
cp -r tests/fixtures/apps/static-plain/. "$work/src/"
git -C "$work/src" init -q -b main
git_as add -A
git_as commit -qm v0
add_served_origin "$work/src" "$work/git" site
start_git_daemon "$work/git" || die "a real git daemon is needed"
pids+=("$git_daemon_pid")
git_url="$git_daemon_url/site.git"

secret="bench-webhook-secret-$$"
tag="kiln-bench/webhook-$$"
cat >"$work/server.toml" <<TOML
access_log = false
[[apps]]
name = "site"
repo = "$git_url"
interval = "1h"
image = "$tag:{short_sha}"
webhook_secret = "$secret"
TOML
port=$(free_port)
api="http://127.0.0.1:$port"
"$kiln" serve --config "$work/server.toml" --listen "127.0.0.1:$port" --data-dir "$work/data" 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "$api/healthz" >/dev/null && break; sleep 0.1; done
curl -sf "$api/healthz" >/dev/null || die "the server did not start: $(tail -5 "$work/server.log")"

# wait_build <commit>: the build id of the app's deployment of that commit, once there.
wait_build() {
  for _ in $(seq 1 200); do
    local id
    id=$(curl -sf "$api/api/v1/apps/site/deployments" | jq -r --arg c "$1" '[.deployments[] | select(.commit == $c)][0].build_id // empty')
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.01
  done
  die "no deployment of $1 within 2 s"
}
wait_final() {
  for _ in $(seq 1 600); do
    case "$(curl -sf "$api/api/v1/builds/$1" | jq -r .status)" in succeeded) return 0 ;; failed | cancelled | timed_out) die "build $1 failed: $(curl -s "$api/api/v1/builds/$1" | jq -c .error)" ;; esac
    sleep 0.5
  done
  die "build $1 did not end"
}
started_ms() { curl -sf "$api/api/v1/builds/$1" | jq -r '.started_at // empty' | python3 -c 'import sys, datetime; t=sys.stdin.read().strip(); print(int(datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() * 1000) if t else "")'; }

# The start-up check builds v0; wait for it so the rounds start with an idle server.
wait_final "$(wait_build "$(git -C "$work/src" rev-parse HEAD)")"
images+=("$tag:$(git -C "$work/src" rev-parse HEAD | cut -c1-12)")
to_start=()
to_record=()
for round in $(seq 1 "$rounds"); do
  echo "round $round" >"$work/src/round.txt"
  git_as add round.txt
  git_as commit -qm "round $round"
  git -C "$work/src" push -q origin main
  commit=$(git -C "$work/src" rev-parse HEAD)
  images+=("$tag:${commit:0:12}")
  body=$(printf '{"ref": "refs/heads/main", "after": "%s", "repository": {"clone_url": "%s"}}' "$commit" "$git_url")
  signature="sha256=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)"
  t0=$(now_ms)
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$api/api/v1/hooks/github" -H 'X-GitHub-Event: push' \
    -H "X-GitHub-Delivery: bench-$$-$round" -H "X-Hub-Signature-256: $signature" --data-binary "$body")
  [ "$code" = 202 ] || die "the webhook got HTTP $code"
  id=$(wait_build "$commit")
  recorded=$(now_ms)
  start=""
  for _ in $(seq 1 200); do start=$(started_ms "$id"); [ -n "$start" ] && break; sleep 0.01; done
  [ -n "$start" ] || die "build $id did not start within 2 s"
  to_start+=($((start - t0)))
  to_record+=($((recorded - t0)))
  wait_final "$id"
done
summary() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "min %d ms, median %d ms, max %d ms", a[1], a[int((NR+1)/2)], a[NR]}'; }
echo "webhook -> build started ($rounds rounds): $(summary "${to_start[@]}")"
echo "webhook -> deployment listed (client polls every 10 ms): $(summary "${to_record[@]}")"
