#!/usr/bin/env bash
# The GitOps watcher of kiln serve on real parts: a git daemon on 127.0.0.1
# serving repositories made here, the real engine building what it finds.
# A watched branch is built within its interval; a new commit is built once;
# webhooks (GitHub, GitLab, generic) start a check at once when signed with the
# app's secret, and a bad, wrong-length, replayed, oversized or other-branch
# delivery builds nothing; a commit pushed while the server was killed (-9) is
# built exactly once after the restart; retention keeps an app's newest images.
set -euo pipefail
work=$(mktemp -d)
# shellcheck source=lib/serve_helpers.sh
source "$(dirname "$0")/lib/serve_helpers.sh"
trap serve_cleanup EXIT
command -v git >/dev/null || fail "git is not installed: this test needs a real git daemon"
# shellcheck source=scripts/lib/git_daemon.sh
source "$KILN_SOURCE_DIR/scripts/lib/git_daemon.sh"

secret="a-webhook-secret-$nonce"
# --- A repository and a git daemon that serves it --------------------------------
repo="$work/src"
mkdir -p "$repo"
cp -r "$static_app/." "$repo/"
git -C "$repo" init -q -b main
git -C "$repo" -c user.name=kiln -c user.email=kiln@example.invalid add -A
git -C "$repo" -c user.name=kiln -c user.email=kiln@example.invalid commit -qm v1
mkdir -p "$work/git"
add_served_origin "$repo" "$work/git" site
start_git_daemon "$work/git" || fail "this test needs a real git daemon"
helper_pids+=("$git_daemon_pid")
git_url="$git_daemon_url/site.git"

# commit_and_push <text>: a new commit on main, pushed to the served repository; prints its id.
commit_and_push() {
  echo "$1" >"$repo/version.txt"
  git -C "$repo" add version.txt
  git -C "$repo" -c user.name=kiln -c user.email=kiln@example.invalid commit -qm "$1"
  git -C "$repo" push -q origin main
  git -C "$repo" rev-parse HEAD
}

# Two apps on the one repository: "polled" looks every 2 s; "hooked" every hour, so only a
# webhook, a sync or a restart makes it look.
image_repo="kiln-e2e/watcher-$nonce"
cat >"$work/server.toml" <<TOML
[[apps]]
name = "polled"
repo = "$git_url"
interval = "2s"
keep = 2
image = "$image_repo-{app}:{short_sha}"

[[apps]]
name = "hooked"
repo = "$git_url"
interval = "1h"
image = "$image_repo-{app}:{short_sha}"
webhook_secret = "$secret"
TOML

# deployments_of <app> <commit>: how many deployments the app has of that commit.
deployments_of() {
  expect 200 "$(req GET "/api/v1/apps/$1/deployments?limit=100")" "deployments of $1"
  field "[.deployments[] | select(.commit == \"$2\")] | length"
}
# builds_of <commit>: how many builds the server has of that commit (any app).
builds_of() {
  expect 200 "$(req GET "/api/v1/builds?limit=1000")" "list builds"
  field "[.builds[] | select(.request.source.git.commit == \"$1\")] | length"
}
# wait_deployment <app> <commit> <seconds>: waits until the app has a deployment of the commit; prints its build id.
wait_deployment() {
  local _
  for _ in $(seq 1 $(($3 * 10))); do
    req GET "/api/v1/apps/$1/deployments?limit=100" >/dev/null
    local id
    id=$(field "[.deployments[] | select(.commit == \"$2\")][0].build_id // empty")
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.1
  done
  fail "app $1 did not deploy $2 within $3 s: $(cat "$work/body")"
}
# github_hook <delivery> <body> [signature]: POST /hooks/github as a push event; prints the status.
github_hook() {
  local signature=${3:-sha256=$(printf '%s' "$2" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)}
  req POST /api/v1/hooks/github -H 'Content-Type: application/json' -H "X-GitHub-Event: ${event:-push}" \
    -H "X-GitHub-Delivery: $1" -H "X-Hub-Signature-256: $signature" --data-binary "$2"
}
push_body() { printf '{"ref": "refs/heads/%s", "after": "%s", "repository": {"clone_url": "%s"}}' "$1" "$2" "$git_url"; }

# --- 1. The watcher builds the branch head at start, and a new commit within its interval --------
first=$(git -C "$repo" rev-parse HEAD)
start_server main --config "$work/server.toml"
cleanup_images+=("$image_repo-polled:${first:0:12}" "$image_repo-hooked:${first:0:12}")
id=$(wait_deployment polled "$first" 10)
[ "$(wait_final "$id" 180)" = succeeded ] || fail "the first deployment's build ended $(field .status): $(field .error)"
[ "$(field .image.tags[0])" = "$image_repo-polled:${first:0:12}" ] || fail "the deployment's image is $(field .image.tags)"
wait_deployment hooked "$first" 10 >/dev/null  # a start checks every app once
expect 200 "$(req GET /api/v1/apps/polled)" "GET the app"
[ "$(field .head)" = "$first" ] || fail "the app's head is $(field .head), want $first"
[ "$(field .webhooks)" = false ] && [ "$(field .latest_deployment.commit)" = "$first" ] || fail "GET /apps/polled: $(body)"
expect 200 "$(req GET /api/v1/apps)" "GET /apps"
[ "$(field '[.apps[].name] | sort | join(",")')" = "hooked,polled" ] || fail "GET /apps: $(body)"
grep -qF "$secret" "$work/body" && fail "GET /apps shows the webhook secret"
expect_error 404 "$(req GET /api/v1/apps/nope)" not_found "an unknown app"

second=$(commit_and_push v2)
cleanup_images+=("$image_repo-polled:${second:0:12}" "$image_repo-hooked:${second:0:12}")
pushed_at=$(date +%s%N)
id=$(wait_deployment polled "$second" 10)
echo "ok: the polled app saw the new commit $(( ($(date +%s%N) - pushed_at) / 1000000 )) ms after the push (interval 2 s)"
[ "$(wait_final "$id" 180)" = succeeded ] || fail "the second deployment's build ended $(field .status)"
sleep 3  # more polls: the same head is not built again
[ "$(deployments_of polled "$second")" = 1 ] || fail "commit $second was deployed more than once"
[ "$(deployments_of hooked "$second")" = 0 ] || fail "the hourly app built the new commit without being asked"

# --- 2. Webhooks ----------------------------------------------------------------------------
expect 401 "$(github_hook d-bad-$nonce "$(push_body main "$second")" "sha256=$(printf '%064d' 0)")" "a bad signature"
[ "$(field .error.code)" = unauthorized ] || fail "a bad signature: $(body)"
expect 401 "$(github_hook d-short-$nonce "$(push_body main "$second")" "sha256=abcd")" "a short signature"
[[ "$(field .error.message)" == *"64 hex digits"* ]] || fail "a wrong-length signature is not said so: $(body)"
grep -q '"refs/heads/main"' "$server_log" && fail "a refused webhook's body is in the server log"
grep -q 'webhook refused' "$server_log" || fail "a refused webhook is not logged"
[ "$(deployments_of hooked "$second")" = 0 ] || fail "a refused webhook started a build"

expect 202 "$(github_hook d-other-$nonce "$(push_body feature "$second")")" "a push to another branch"
[ "$(field '.triggered | length')" = 0 ] || fail "a push to another branch triggered $(field .triggered)"
expect 202 "$(req POST /api/v1/hooks/github -H 'X-GitHub-Event: push' -H "X-Hub-Signature-256: sha256=$(printf '%064d' 0)" \
  --data-binary '{"ref": "refs/heads/main", "repository": {"clone_url": "https://elsewhere.example/x.git"}}')" "an unknown repository"
expect 200 "$(event=ping github_hook d-ping-$nonce "$(push_body main "$second")")" "a ping"
[ "$(field .pong)" = true ] || fail "ping: $(body)"
head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$work/big.json"
expect 413 "$(req POST /api/v1/hooks/github -H 'X-GitHub-Event: push' --data-binary "@$work/big.json")" "a 10 MB webhook body"
sleep 0.5
[ "$(deployments_of hooked "$second")" = 0 ] || fail "a webhook for another branch or repository started a build"

# A good push webhook: the hourly app checks at once.
t0=$(date +%s%N)
expect 202 "$(github_hook d-good-$nonce "$(push_body main "$second")")" "a signed push"
[ "$(field .triggered)" = '["hooked"]' ] || fail "the signed push triggered $(field .triggered)"
id=$(wait_deployment hooked "$second" 5)
echo "ok: webhook to deployment: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
[ "$(wait_final "$id" 180)" = succeeded ] || fail "the webhook's build ended $(field .status)"
# The same delivery again is ignored, even for a new commit.
third=$(commit_and_push v3)
cleanup_images+=("$image_repo-polled:${third:0:12}" "$image_repo-hooked:${third:0:12}")
expect 200 "$(github_hook d-good-$nonce "$(push_body main "$third")")" "a replayed delivery"
[ "$(field '.triggered | length')" = 0 ] || fail "a replayed delivery triggered $(field .triggered)"
sleep 1
[ "$(deployments_of hooked "$third")" = 0 ] || fail "a replayed delivery started a build"
# GitLab's token and the generic HMAC hook.
expect 401 "$(req POST /api/v1/hooks/gitlab -H 'X-Gitlab-Event: Push Hook' -H 'X-Gitlab-Token: wrong-token-of-some-length' \
  --data-binary "{\"ref\": \"refs/heads/main\", \"project\": {\"git_http_url\": \"$git_url\"}}")" "a wrong GitLab token"
expect 202 "$(req POST /api/v1/hooks/gitlab -H 'X-Gitlab-Event: Push Hook' -H "X-Gitlab-Token: $secret" -H "X-Gitlab-Event-UUID: g-$nonce" \
  --data-binary "{\"ref\": \"refs/heads/main\", \"project\": {\"git_http_url\": \"$git_url\"}}")" "a GitLab push"
[ "$(field .triggered)" = '["hooked"]' ] || fail "the GitLab push triggered $(field .triggered)"
id=$(wait_deployment hooked "$third" 5)
[ "$(wait_final "$id" 180)" = succeeded ] || fail "the GitLab webhook's build ended $(field .status)"
generic="{\"repo\": \"$git_url\", \"branch\": \"main\"}"
expect 202 "$(req POST /api/v1/hooks/generic -H "X-Kiln-Signature-256: sha256=$(printf '%s' "$generic" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)" \
  --data-binary "$generic")" "a generic signed hook"
[ "$(field .triggered)" = '["hooked"]' ] || fail "the generic hook triggered $(field .triggered)"
expect 200 "$(req POST /api/v1/apps/hooked/sync)" "sync of an app that is up to date"
[ "$(field .up_to_date)" = true ] || fail "sync: $(body)"
[ "$(deployments_of hooked "$third")" = 1 ] || fail "commit $third of hooked was deployed more than once"
echo "ok: webhooks: good ones build at once; bad, short, replayed, other-branch, unknown-repo and 10 MB ones do not"

# --- 3. kill -9 between a push and the poll: built exactly once after the restart -------------
stop_server KILL
fourth=$(commit_and_push v4)
cleanup_images+=("$image_repo-polled:${fourth:0:12}" "$image_repo-hooked:${fourth:0:12}")
start_server main --config "$work/server.toml"
id=$(wait_deployment hooked "$fourth" 10)
[ "$(wait_final "$id" 180)" = succeeded ] || fail "the build after the restart ended $(field .status)"
id=$(wait_deployment polled "$fourth" 10)
[ "$(wait_final "$id" 180)" = succeeded ] || fail "polled's build after the restart ended $(field .status)"
stop_server KILL
start_server main --config "$work/server.toml"
sleep 3
[ "$(deployments_of hooked "$fourth")" = 1 ] && [ "$(deployments_of polled "$fourth")" = 1 ] || fail "commit $fourth was deployed more than once per app"
[ "$(builds_of "$fourth")" = 2 ] || fail "commit $fourth has $(builds_of "$fourth") builds, want 2 (one per app)"
[ "$(builds_of "$first")" = 2 ] || fail "commit $first was built again after restarts"
# --- 4. Retention: "polled" keeps its newest 2 images (v3, v4); v1 and v2 left the engine ------
image_gone() { ! docker image inspect "$1" >/dev/null 2>&1; }
for _ in $(seq 1 50); do image_gone "$image_repo-polled:${second:0:12}" && break; sleep 0.2; done
image_gone "$image_repo-polled:${first:0:12}" && image_gone "$image_repo-polled:${second:0:12}" ||
  fail "retention kept polled's oldest images: $(docker images --format '{{.Repository}}:{{.Tag}}' | grep -F "$image_repo-polled" | tr '\n' ' ')"
docker image inspect "$image_repo-polled:${third:0:12}" "$image_repo-polled:${fourth:0:12}" >/dev/null || fail "retention removed one of the newest 2 images"
docker image inspect "$image_repo-hooked:${first:0:12}" >/dev/null || fail "retention of polled removed an image of hooked (keep 5)"
grep -q 'retention: removed old images' "$server_log" || fail "retention is not logged"
echo "ok: retention keeps the newest 2 images of polled"
stop_server TERM
[ "$server_rc" = 0 ] || fail "SIGTERM: exit $server_rc"
pass "the watcher builds each new commit once, on polls, webhooks and across kill -9"
