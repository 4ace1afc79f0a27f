#!/usr/bin/env bash
# kiln serve across restarts, on the real engine: builds and logs survive a
# clean restart; after kill -9 the running build is failed (server_restart),
# a queued one runs, one that carried a secret is failed (secrets_lost), and
# the store is intact; SIGTERM lets a running build finish within the grace
# period (no new builds meanwhile) or cancels it (server_shutdown) after it.
set -euo pipefail
work=$(mktemp -d)
# shellcheck source=lib/serve_helpers.sh
source "$(dirname "$0")/lib/serve_helpers.sh"
trap serve_cleanup EXIT

image="kiln-e2e/serve-restart:$nonce"
cleanup_images+=("$image")
bundle_of "$static_app" "$work/static.tgz"

# integrity_check <db>: SQLite's own check of the store file.
integrity_check() {
  if command -v sqlite3 >/dev/null; then
    sqlite3 "$1" 'PRAGMA integrity_check'
  else
    python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$1"
  fi
}

# --- 1. A clean restart keeps builds and their logs -----------------------------
start_server main --max-concurrent-builds 1
done_id=$(submit_bundle "$work/static.tgz" "image=$image")
[ "$(wait_final "$done_id" 120)" = succeeded ] || fail "the first build ended $(field .status)"
cp "$work/body" "$work/before-record.json"
expect 200 "$(req GET "/api/v1/builds/$done_id/logs?limit=10000")" "log before the restart"
cp "$work/body" "$work/before-logs.json"
[ "$(field '.lines | length')" -gt 4 ] || fail "the build logged almost nothing"
stop_server TERM
[ "$server_rc" = 0 ] || fail "SIGTERM on an idle server: exit $server_rc, want 0"
start_server main --max-concurrent-builds 1
expect 200 "$(req GET "/api/v1/builds/$done_id")" "GET the build after the restart"
diff <(jq -S . "$work/before-record.json") <(jq -S . "$work/body") >&2 || fail "the build record changed across a clean restart"
expect 200 "$(req GET "/api/v1/builds/$done_id/logs?limit=10000")" "log after the restart"
diff <(jq -S . "$work/before-logs.json") <(jq -S . "$work/body") >&2 || fail "the build log changed across a clean restart"
[ "$(field .complete)" = true ] || fail "the log of the restored build is not complete"
echo "ok: a clean restart keeps the build and its $(field '.lines | length') log lines"

# --- 2. kill -9 mid-build --------------------------------------------------------
marker=$(new_marker)
slow_app "$work/slow" "$marker"
bundle_of "$work/slow" "$work/slow.tgz"
running=$(submit_bundle "$work/slow.tgz")
wait_build_container "$marker" "$running"
queued=$(submit_bundle "$work/static.tgz" "image=$image")
bundle_id=$(upload_bundle "$work/static.tgz")
secret="secret-$nonce-$(date +%s%N)"
with_secret=$(submit_json "{\"source\": {\"bundle\": \"$bundle_id\"}, \"image\": \"$image\",
  \"env\": {\"PLAIN\": \"visible\", \"API_KEY\": {\"value\": \"$secret\", \"secret\": true}}}")
[ "$(build_status "$queued")" = queued ] && [ "$(build_status "$with_secret")" = queued ] || fail "the two later builds are not queued"
stop_server KILL
[ "$server_rc" = 137 ] || fail "kill -9: exit $server_rc"
[ "$(integrity_check "$work/main-data/kiln.db")" = ok ] || fail "the store is damaged after kill -9: $(integrity_check "$work/main-data/kiln.db")"
start_server main --max-concurrent-builds 1
[ "$(integrity_check "$work/main-data/kiln.db")" = ok ] || fail "the store is damaged after the restart"
[ "$(build_status "$running")" = failed ] || fail "the build running at kill -9 is $(field .status) after the restart, want failed"
[ "$(field .error.code)" = server_restart ] || fail "the build running at kill -9: error $(field .error)"
[ "$(field .finished_at)" != null ] || fail "the build failed by the restart has no finished_at"
# (Had it run, it would have run with "***" in place of the secret.)
[ "$(build_status "$with_secret")" = failed ] && [ "$(field .error.code)" = secrets_lost ] ||
  soft_fail "the queued build with a secret is $(field .status) after the restart, want failed with secrets_lost: error $(field .error)"
[ "$(field .request.env.API_KEY.value)" = "***" ] && [ "$(field .request.env.PLAIN)" = visible ] || fail "the stored request: $(field .request.env)"
status=$(wait_final "$queued" 120)
[ "$status" = succeeded ] || fail "the build queued at kill -9 ended $status after the restart: $(field .error)"
[ "$(field .image.tags[0])" = "$image" ] || fail "the resumed build has tags $(field .image.tags)"
grep -raqF "$secret" "$work/main-data" && fail "the secret is stored in the data folder"
grep -qF "$secret" "$server_log" "$work/answers" && fail "the secret appeared in the server log or an API answer"
wait_no_build_container "$marker" "the build killed with the server"
echo "checked: after kill -9: running build failed (server_restart), queued build succeeded, store ok; secret build (secrets_lost wanted)"
stop_server TERM
[ "$server_rc" = 0 ] || fail "SIGTERM: exit $server_rc"

# --- 3. SIGTERM with a long grace: the running build finishes ------------------
printf 'shutdown_grace = "60s"\nmax_concurrent_builds = 1\n' >"$work/grace.toml"
start_server grace --config "$work/grace.toml"
short="6.$RANDOM$RANDOM"  # a six-second step, found by its unique sleep length
slow_app "$work/short" "$short"
bundle_of "$work/short" "$work/short.tgz"
finishing=$(submit_bundle "$work/short.tgz" "image=$image-grace")
cleanup_images+=("$image-grace")
wait_build_container "$short" "$finishing"
kill -TERM "$server_pid"
sleep 0.5
code=$(req POST "/api/v1/builds?image=$image" -H 'Content-Type: application/gzip' --data-binary "@$work/static.tgz")
case "$code" in
  503) [ "$(field .error.code)" = shutting_down ] || fail "a build submitted during shutdown: $(body)" ;;
  000) ;;  # the listener is already closed: refused is fine too
  *) fail "a build submitted during shutdown answered $code: $(body)" ;;
esac
kill -0 "$server_pid" 2>/dev/null || fail "the server exited before its running build finished"
wait_server_exit 90
[ "$server_rc" = 0 ] || fail "the server exited $server_rc after a graceful shutdown, want 0"
start_server grace --config "$work/grace.toml"
[ "$(build_status "$finishing")" = succeeded ] || fail "the build running at SIGTERM ended $(field .status): $(field .error)"
expect 200 "$(req GET "/api/v1/builds?limit=100")" "list after the graceful shutdown"
[ "$(field '.builds | length')" = 1 ] || fail "a build submitted during the shutdown was stored: $(field '[.builds[].id]')"
echo "ok: SIGTERM with shutdown_grace = 60s: new builds refused ($code), the running build succeeded, exit 0"
stop_server TERM

# --- 4. SIGTERM with a short grace: the running build is cancelled -------------
printf 'shutdown_grace = "1s"\nmax_concurrent_builds = 1\n' >"$work/short-grace.toml"
start_server impatient --config "$work/short-grace.toml"
marker=$(new_marker)
slow_app "$work/slow2" "$marker"
bundle_of "$work/slow2" "$work/slow2.tgz"
doomed=$(submit_bundle "$work/slow2.tgz")
wait_build_container "$marker" "$doomed"
started=$(date +%s)
stop_server TERM 60
stopped_in=$(($(date +%s) - started))
[ "$server_rc" = 0 ] || fail "the server exited $server_rc after cancelling at the end of its grace, want 0"
start_server impatient --config "$work/short-grace.toml"
[ "$(build_status "$doomed")" = cancelled ] || fail "the build running at SIGTERM with a 1s grace is $(field .status), want cancelled"
[ "$(field .error.code)" = server_shutdown ] || fail "the build cancelled by the shutdown: error $(field .error)"
wait_no_build_container "$marker" "the build cancelled by the shutdown"
echo "ok: SIGTERM with shutdown_grace = 1s: the running build was cancelled (server_shutdown), exit 0 after ${stopped_in}s"
stop_server TERM
pass "kiln serve restarts: persistence, kill -9 recovery, graceful and impatient shutdown"
