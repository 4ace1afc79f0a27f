#!/usr/bin/env bash
# A repository that lists two [[apps]] in its kiln.toml, watched by kiln serve
# through a real git daemon on 127.0.0.1 and built on the real engine: the
# first head builds both sub-apps; a commit touching one rebuilds only that
# one; a kiln.toml change rebuilds both; a sub-app path that is a symlink out
# of the repository, or that climbs out with "..", is refused with a clear
# error and builds nothing.
set -euo pipefail
work=$(mktemp -d)
# shellcheck source=lib/serve_helpers.sh
source "$(dirname "$0")/lib/serve_helpers.sh"
trap serve_cleanup EXIT
command -v git >/dev/null || fail "git is not installed: this test needs a real git daemon"
# shellcheck source=scripts/lib/git_daemon.sh
source "$KILN_SOURCE_DIR/scripts/lib/git_daemon.sh"

# --- A repository with two static sites, web/ and docs/, and a git daemon that serves it --------
repo="$work/src"
mkdir -p "$repo/web" "$repo/docs"
cp -r "$static_app/." "$repo/web/"
cp -r "$static_app/." "$repo/docs/"
cat >"$repo/kiln.toml" <<'TOML'
[[apps]]
name = "web"
path = "web"

[[apps]]
name = "docs"
path = "docs"
keep = 5
TOML
git -C "$repo" init -q -b main
mkdir -p "$work/git"
commit_and_push() {  # commit_and_push <message>: commits everything, pushes; prints the commit
  git -C "$repo" add -A
  git -C "$repo" -c user.name=kiln -c user.email=kiln@example.invalid commit -qm "$1"
  git -C "$repo" push -q origin main
  git -C "$repo" rev-parse HEAD
}
git -C "$repo" -c user.name=kiln -c user.email=kiln@example.invalid add -A
git -C "$repo" -c user.name=kiln -c user.email=kiln@example.invalid commit -qm v1
add_served_origin "$repo" "$work/git" mono
start_git_daemon "$work/git" || fail "this test needs a real git daemon"
helper_pids+=("$git_daemon_pid")
git_url="$git_daemon_url/mono.git"

image_repo="kiln-e2e/repo-apps-$nonce"
cat >"$work/server.toml" <<TOML
[[apps]]
name = "mono"
repo = "$git_url"
interval = "1h"
image = "$image_repo/{app}:{short_sha}"
TOML

# deployed <sub-app> <commit>: how many deployments of the commit mono/<sub-app> has.
deployed() {
  expect 200 "$(req GET "/api/v1/apps/mono/deployments?limit=100")" "deployments of mono"
  field "[.deployments[] | select(.app == \"mono/$1\" and .commit == \"$2\")] | length"
}
# sync_built <commit>: POST /sync; waits for every build it started; prints the sub-apps built, sorted.
sync_built() {
  local status
  status=$(req POST /api/v1/apps/mono/sync)
  [ "$status" = 202 ] || [ "$status" = 200 ] || fail "sync of $1: HTTP $status: $(body)"
  local apps ids id
  apps=$(field '[.deployments[].app] | sort | join(",")')
  ids=$(field '.deployments[].build_id')
  for id in $ids; do
    [ "$(wait_final "$id" 300)" = succeeded ] || fail "build $id of $1 ended $(field .status): $(field .error)"
  done
  echo "$apps"
}

# --- 1. The first head builds both sub-apps ----------------------------------------------------
first=$(git -C "$repo" rev-parse HEAD)
cleanup_images+=("$image_repo/mono/web:${first:0:12}" "$image_repo/mono/docs:${first:0:12}")
start_server main --config "$work/server.toml"
# A start checks every app once: wait for both claims, then for their builds.
for _ in $(seq 1 100); do
  [ "$(deployed web "$first")" = 1 ] && [ "$(deployed docs "$first")" = 1 ] && break
  sleep 0.2
done
[ "$(deployed web "$first")" = 1 ] && [ "$(deployed docs "$first")" = 1 ] || fail "the first head did not deploy both sub-apps: $(body)"
for id in $(field '.deployments[].build_id'); do
  [ "$(wait_final "$id" 300)" = succeeded ] || fail "a first build ended $(field .status): $(field .error)"
done
docker image inspect "$image_repo/mono/web:${first:0:12}" "$image_repo/mono/docs:${first:0:12}" >/dev/null ||
  fail "the sub-apps' images are not in the engine"
expect 200 "$(req GET /api/v1/apps/mono)" "GET the app"
[ "$(field '[.sub_apps[].name] | sort | join(",")')" = "mono/docs,mono/web" ] || fail "GET /apps/mono does not list its sub-apps: $(body)"
[ "$(field '.sub_apps[] | select(.name == "mono/web") | .path')" = web ] || fail "GET /apps/mono: $(body)"
[ "$(field '.sub_apps[] | select(.name == "mono/web") | .latest_deployment.commit')" = "$first" ] || fail "GET /apps/mono: $(body)"
echo "ok: the first head built both sub-apps"

# --- 2. A commit touching web/ only rebuilds web -----------------------------------------------
echo "<p>v2</p>" >>"$repo/web/index.html"
second=$(commit_and_push "web v2")
cleanup_images+=("$image_repo/mono/web:${second:0:12}")
[ "$(sync_built "$second")" = "mono/web" ] || fail "a commit touching web/ built $(field '[.deployments[].app]')"
[ "$(deployed docs "$second")" = 0 ] || fail "docs was rebuilt though none of its files changed"
expect 200 "$(req POST /api/v1/apps/mono/sync)" "sync again"
[ "$(field .up_to_date)" = true ] || fail "a second sync of the same head: $(body)"
grep -q 'nothing of this sub-app changed' "$server_log" || fail "skipping an unchanged sub-app is not logged"
echo "ok: a commit touching web/ rebuilt only mono/web"

# A commit touching docs/ only rebuilds docs: what changed is measured from each app's last deployment.
echo "<p>docs v3</p>" >>"$repo/docs/index.html"
third=$(commit_and_push "docs v3")
cleanup_images+=("$image_repo/mono/docs:${third:0:12}")
[ "$(sync_built "$third")" = "mono/docs" ] || fail "a commit touching docs/ built $(field '[.deployments[].app]')"

# --- 3. A kiln.toml change rebuilds both -------------------------------------------------------
printf '\n# a comment is a change too\n' >>"$repo/kiln.toml"
fourth=$(commit_and_push "manifest")
cleanup_images+=("$image_repo/mono/web:${fourth:0:12}" "$image_repo/mono/docs:${fourth:0:12}")
[ "$(sync_built "$fourth")" = "mono/docs,mono/web" ] || fail "a kiln.toml change built $(field '[.deployments[].app]')"
echo "ok: a kiln.toml change rebuilt both sub-apps"

# --- 4. Paths that escape the repository are refused; nothing is built -------------------------
ln -s /etc "$repo/outside"
cat >>"$repo/kiln.toml" <<'TOML'

[[apps]]
name = "escape"
path = "outside"
TOML
fifth=$(commit_and_push "symlink out")
expect_error 400 "$(req POST /api/v1/apps/mono/sync)" invalid_config "a sub-app path that is a symlink out"
[[ "$(field .error.message)" == *"'outside' is a symbolic link"* ]] || fail "the symlink is not named: $(body)"
expect 200 "$(req GET /api/v1/apps/mono)" "GET the app"
[[ "$(field .last_error)" == *"symbolic link"* ]] || fail "the refusal is not the app's last_error: $(body)"
[ "$(deployed web "$fifth")" = 0 ] && [ "$(deployed docs "$fifth")" = 0 ] || fail "a refused manifest built something"

rm "$repo/outside"
sed -i 's|path = "outside"|path = "../outside"|' "$repo/kiln.toml"
sixth=$(commit_and_push "dot-dot out")
expect_error 400 "$(req POST /api/v1/apps/mono/sync)" invalid_config "a sub-app path with .."
[[ "$(field .error.message)" == *"inside the repository"* ]] || fail "the '..' path is not explained: $(body)"
[[ "$(field .error.message)" == *"kiln.toml:"* ]] || fail "the error does not name the file and line: $(body)"
[ "$(deployed web "$sixth")" = 0 ] && [ "$(deployed docs "$sixth")" = 0 ] || fail "a refused manifest built something"
echo "ok: sub-app paths that leave the repository are refused, nothing built"

expect 200 "$(req GET "/api/v1/apps/mono/deployments?limit=100")" "deployments of mono"
[ "$(field '.deployments | length')" = 6 ] || fail "mono has $(field '.deployments | length') deployments, want 6 (2 + 1 + 1 + 2)"
stop_server TERM
[ "$server_rc" = 0 ] || fail "SIGTERM: exit $server_rc"
pass "a repository's [[apps]] are rebuilt only when their files or the manifest change"
