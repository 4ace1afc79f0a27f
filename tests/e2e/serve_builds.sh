#!/usr/bin/env bash
# kiln serve, builds over HTTP on the real engine: a bundle upload builds an
# image the engine has; logs come in pages and as Server-Sent Events (for a
# finished build and for one still running); git sources over git:// with
# ref, commit and subdir (file:// only when the server allows it); detect and
# plan; cancel of a queued and of a running build; a failing step; a
# per-build timeout; push to a registry with auth, the password never shown;
# the build list, newest first, filtered and paged.
set -euo pipefail
work=$(mktemp -d)
# shellcheck source=lib/serve_helpers.sh
source "$(dirname "$0")/lib/serve_helpers.sh"
trap serve_cleanup EXIT

image="kiln-e2e/serve-builds:$nonce"
cleanup_images+=("$image")
submitted=()  # every build id, in submission order, for the list checks at the end

# One build at a time: a slow build keeps the next one queued.
start_server main --max-concurrent-builds 1

# --- 1. A bundle upload builds; the record says what was done -----------------
bundle_of "$static_app" "$work/static.tgz"
id=$(submit_bundle "$work/static.tgz" "image=$image")
submitted+=("$id")
[ "$(field .status_url)" = "/api/v1/builds/$id" ] || fail "status_url: $(body)"
[ "$(field .logs_url)" = "/api/v1/builds/$id/logs" ] || fail "logs_url: $(body)"
status=$(wait_final "$id" 120)
[ "$status" = succeeded ] || fail "static build ended $status: $(field .error)"
expect 200 "$(req GET "/api/v1/builds/$id")" "GET the static build"
jq -e --arg image "$image" '
  .progress == 100 and .error == null
  and (.image.id | startswith("sha256:")) and .image.size > 0 and (.image.tags | index($image)) != null
  and .detection.buildpack == "kiln.static" and (.detection.evidence | index("index.html")) != null
  and .plan.buildpack == "kiln.static" and .plan.language == "static"
  and .request.image == $image and (.request.source.bundle | length) == 64
  and (.created_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z$"))
  and .created_at <= .started_at and .started_at <= .finished_at' "$work/body" >/dev/null ||
  fail "the succeeded build's record is incomplete: $(body)"
static_image_id=$(field .image.id)
engine_id=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null) || fail "image $image is not in the engine"
[ "$engine_id" = "$static_image_id" ] || fail "the engine's $image is $engine_id, the build says $static_image_id"
echo "ok: bundle upload built $image ($static_image_id)"

# --- 2. Paged logs: contiguous seqs, next_after, complete ---------------------
after=0 pages=0 paged_texts="$work/paged.txt"
: >"$paged_texts"
while :; do
  expect 200 "$(req GET "/api/v1/builds/$id/logs?after=$after&limit=4")" "log page after $after"
  count=$(field '.lines | length')
  [ "$count" -le 4 ] || fail "a page of limit=4 has $count lines"
  want=$(seq -s ' ' $((after + 1)) $((after + count)))
  [ "$(field '[.lines[].seq] | map(tostring) | join(" ")')" = "$want" ] || fail "log page after $after has seqs $(field '[.lines[].seq]'), want $want"
  field '.lines[].text' >>"$paged_texts"
  [ "$(field .next_after)" = $((after + count)) ] || fail "next_after $(field .next_after) after $after + $count lines"
  after=$((after + count)) pages=$((pages + 1))
  [ "$(field .complete)" = true ] && break
  [ "$count" -eq 4 ] || fail "a short page ($count lines) of a finished build is not complete"
  [ "$pages" -lt 200 ] || fail "the log never completes"
done
total_lines=$after
[ "$total_lines" -gt 4 ] || fail "the build logged only $total_lines lines"
grep -qx "status: succeeded" <(tail -n 1 "$paged_texts") || fail "the last log line is not the final status: $(tail -n 1 "$paged_texts")"
grep -q "buildpack kiln.static" "$paged_texts" || fail "the log does not name the buildpack"
expect 200 "$(req GET "/api/v1/builds/$id/logs?after=$total_lines")" "log page past the end"
[ "$(field '.lines | length')" = 0 ] && [ "$(field .complete)" = true ] && [ "$(field .next_after)" = "$total_lines" ] ||
  fail "a page past the end: $(body)"
expect_error 400 "$(req GET "/api/v1/builds/$id/logs?limit=0")" invalid_request "limit=0"
echo "ok: $total_lines log lines in $pages pages"

# sse_check <file> <first-seq> <last-seq> <final-status>: the stream holds the
# events first..last, each once and in order, then one `end` with the status.
sse_check() {
  local file=$1 first=$2 last=$3 final=$4
  local ids
  ids=$(grep '^id: ' "$file" | cut -d' ' -f2 | tr '\n' ' ' | sed 's/ $//')
  [ "$ids" = "$(seq -s ' ' "$first" "$last")" ] || fail "SSE ids are '$ids', want $first..$last"
  [ "$(grep -c '^event: log$' "$file")" = $((last - first + 1)) ] || fail "SSE log events do not match the ids"
  [ "$(grep -c '^event: end$' "$file")" = 1 ] || fail "SSE stream has no single end event: $(tail -n 5 "$file")"
  [ "$(grep '^event: ' "$file" | tail -n 1)" = "event: end" ] || fail "the end event is not last"
  [ "$(grep -A1 '^event: end$' "$file" | sed -n 's/^data: //p' | jq -r .status)" = "$final" ] ||
    fail "the end event does not say $final: $(tail -n 3 "$file")"
}

# --- 3. SSE of a finished build: the whole backlog, then end -------------------
curl -sSN --max-time 30 "$api/api/v1/builds/$id/logs?follow=1" >"$work/sse-done.txt" || fail "SSE of a finished build did not end by itself"
sse_check "$work/sse-done.txt" 1 "$total_lines" succeeded
diff <(sed -n 's/^data: //p' "$work/sse-done.txt" | jq -r 'select(.text) | .text') "$paged_texts" >/dev/null ||
  fail "SSE lines differ from the paged lines"
curl -sSN --max-time 30 "$api/api/v1/builds/$id/logs?follow=1&after=3" >"$work/sse-after.txt" || fail "SSE with after=3"
sse_check "$work/sse-after.txt" 4 "$total_lines" succeeded
curl -sSN --max-time 30 -H "Last-Event-ID: 5" "$api/api/v1/builds/$id/logs?follow=1" >"$work/sse-resume.txt" || fail "SSE with Last-Event-ID"
sse_check "$work/sse-resume.txt" 6 "$total_lines" succeeded
echo "ok: SSE of a finished build replays its backlog (also from after= and Last-Event-ID), then end"

# --- 4. SSE joined while the build runs: backlog first, then live, no gaps ----
mkdir -p "$work/ticker"
printf 'FROM kiln/stack-base:bookworm\nRUN for i in $(seq 1 12); do echo tick-%s-$i; sleep 0.5; done\nCMD ["sleep", "infinity"]\n' \
  "$nonce" >"$work/ticker/Dockerfile"
bundle_of "$work/ticker" "$work/ticker.tgz"
ticker=$(submit_bundle "$work/ticker.tgz" "image=$image-ticker")
cleanup_images+=("$image-ticker")
submitted+=("$ticker")
for _ in $(seq 1 240); do
  expect 200 "$(req GET "/api/v1/builds/$ticker/logs?limit=10000")" "ticker log"
  field '.lines[].text' | has_line "^tick-$nonce-1$" && break
  sleep 0.25
done
field '.lines[].text' | has_line "^tick-$nonce-1$" || fail "the ticking step never logged"
backlog=$(field .next_after)
field '.lines[].text' | has_line "^tick-$nonce-12$" && fail "the ticker finished before the late client joined; the test proves nothing"
curl -sSN --max-time 90 "$api/api/v1/builds/$ticker/logs?follow=1" >"$work/sse-live.txt" || fail "SSE of a running build did not end by itself"
status=$(build_status "$ticker")
[ "$status" = succeeded ] || fail "ticker build ended $status"
expect 200 "$(req GET "/api/v1/builds/$ticker/logs?limit=10000")" "ticker log after the end"
ticker_lines=$(field .next_after)
[ "$ticker_lines" -gt "$backlog" ] || fail "no line came after the client joined"
sse_check "$work/sse-live.txt" 1 "$ticker_lines" succeeded
for i in $(seq 1 12); do grep -q "\"text\":\"tick-$nonce-$i\"" "$work/sse-live.txt" || fail "SSE missed tick $i"; done
echo "ok: a late SSE client got the backlog ($backlog lines) then live lines up to $ticker_lines, no gaps, then end"

# --- 5. Git sources over git:// with ref, commit and subdir --------------------
repo="$work/src-repo"
git init -q -b main "$repo"
git -C "$repo" config user.email e2e@kiln.test
git -C "$repo" config user.name "kiln e2e"
mkdir -p "$repo/site"
cp -r "$static_app/." "$repo/site/"
echo v1 >"$repo/site/version.txt"
git -C "$repo" add -A && git -C "$repo" commit -qm v1
commit_v1=$(git -C "$repo" rev-parse HEAD)
echo v2 >"$repo/site/version.txt"
git -C "$repo" commit -qam v2
commit_main=$(git -C "$repo" rev-parse HEAD)
git -C "$repo" checkout -qb release
echo release >"$repo/site/version.txt"
git -C "$repo" commit -qam release
commit_release=$(git -C "$repo" rev-parse HEAD)
git -C "$repo" checkout -q main
mkdir -p "$work/git"
git clone -q --bare "$repo" "$work/git/app.git"
git_port=$(free_port)
git daemon --export-all --reuseaddr --base-path="$work/git" --port="$git_port" --listen=127.0.0.1 "$work/git" 2>"$work/git-daemon.log" &
helper_pids+=($!)
for _ in $(seq 1 50); do git ls-remote "git://127.0.0.1:$git_port/app.git" >/dev/null 2>&1 && break; sleep 0.2; done
git ls-remote "git://127.0.0.1:$git_port/app.git" >/dev/null 2>&1 || fail "git daemon did not start: $(cat "$work/git-daemon.log")"
git_url="git://127.0.0.1:$git_port/app.git"

# git_build <tag> <want-revision> <want-version.txt> <git-object-json>
git_build() {
  local tag="kiln-e2e/serve-builds-git:$1-$nonce" want_rev=$2 want_version=$3 git_json=$4 id status
  cleanup_images+=("$tag")
  id=$(submit_json "{\"source\": {\"git\": $git_json}, \"image\": \"$tag\"}")
  submitted+=("$id")
  status=$(wait_final "$id" 120)
  [ "$status" = succeeded ] || fail "git build $1 ended $status: $(field .error)"
  expect 200 "$(req GET "/api/v1/builds/$id/logs?limit=10000")" "git build $1 log"
  field '.lines[].text' | has_line -x "source ready ($want_rev)" || fail "git build $1 did not build revision $want_rev: $(field '.lines[].text' | grep 'source ready')"
  expect 200 "$(req GET "/api/v1/builds/$id")" "git build $1 record"
  [ "$(field .revision)" = "$want_rev" ] || fail "git build $1: the record's revision is '$(field .revision)', want $want_rev"
  local labels
  labels=$(docker image inspect --format '{{index .Config.Labels "org.opencontainers.image.revision"}} {{index .Config.Labels "org.opencontainers.image.source"}}' "$tag")
  [ "$labels" = "$want_rev $git_url" ] || fail "git build $1: OCI revision/source labels are '$labels'"
  local got
  got=$(docker run --rm --network none --entrypoint cat "$tag" /app/version.txt) || fail "git build $1: no /app/version.txt in the image (subdir not honoured?)"
  [ "$got" = "$want_version" ] || fail "git build $1 has version '$got', want '$want_version'"
}
git_build default "$commit_main" v2 "{\"url\": \"$git_url\", \"subdir\": \"site\"}"
git_build release "$commit_release" release "{\"url\": \"$git_url\", \"ref\": \"release\", \"subdir\": \"site\"}"
git_build commit "$commit_v1" v1 "{\"url\": \"$git_url\", \"commit\": \"$commit_v1\", \"subdir\": \"site\"}"
git_build ref-and-commit "$commit_v1" v1 "{\"url\": \"$git_url\", \"ref\": \"main\", \"commit\": \"$commit_v1\", \"subdir\": \"site\"}"
echo "ok: git:// builds follow ref, commit and subdir"

# A commit that does not exist fails the build clearly; a subdir that does not exist too.
id=$(submit_json "{\"source\": {\"git\": {\"url\": \"$git_url\", \"commit\": \"$(printf '%040d' 7)\"}}}")
submitted+=("$id")
[ "$(wait_final "$id" 60)" = failed ] || fail "a missing commit did not fail the build"
[ "$(field .error.code)" = fetch_failed ] || fail "missing commit: error $(field .error)"
id=$(submit_json "{\"source\": {\"git\": {\"url\": \"$git_url\", \"subdir\": \"no-such-folder\"}}}")
submitted+=("$id")
[ "$(wait_final "$id" 60)" = failed ] || fail "a missing git subdir did not fail the build"
field .error.message | has_line "no-such-folder" || fail "missing subdir: the error does not name it: $(field .error)"

# file:// reads the server's own disk: refused unless the server allows it.
file_url="file://$work/git/app.git"
expect_error 400 "$(req POST /api/v1/builds -H 'Content-Type: application/json' \
  --data-binary "{\"source\": {\"git\": {\"url\": \"$file_url\"}}}")" invalid_source "file:// git URL"
field .error.message | has_line "file://" || fail "the file:// refusal does not say why: $(body)"
expect_error 400 "$(req POST /api/v1/detect -H 'Content-Type: application/json' \
  --data-binary "{\"source\": {\"git\": {\"url\": \"$file_url\"}}}")" invalid_source "file:// git URL on detect"
echo "ok: file:// git URLs are refused by default"

# --- 6. detect and plan ---------------------------------------------------------
expect 200 "$(req POST /api/v1/detect -H 'Content-Type: application/json' \
  --data-binary "{\"source\": {\"git\": {\"url\": \"$git_url\", \"ref\": \"release\", \"subdir\": \"site\"}}}")" "detect a git source"
jq -e --arg rev "$commit_release" '.buildpack == "kiln.static" and .language == "static" and .revision == $rev
  and (.candidates | map(.buildpack) | index("kiln.static")) != null' "$work/body" >/dev/null || fail "detect answer: $(body)"
bundle_id=$(upload_bundle "$work/static.tgz")
expect 200 "$(req POST /api/v1/plan -H 'Content-Type: application/json' \
  --data-binary "{\"source\": {\"bundle\": \"$bundle_id\"}}")" "plan an uploaded bundle"
jq -e '.buildpack == "kiln.static" and .plan.language == "static" and .plan.port == 8080 and (.plan.start | type) == "object"' \
  "$work/body" >/dev/null || fail "plan answer: $(body)"
expect_error 404 "$(req POST /api/v1/plan -H 'Content-Type: application/json' \
  --data-binary "{\"source\": {\"bundle\": \"$(printf '%064d' 0)\"}}")" not_found "plan of a bundle never uploaded"
echo "ok: detect and plan answer without building"

# --- 7. Cancel: a queued build, then the running one ---------------------------
marker=$(new_marker)
slow_app "$work/slow" "$marker"
bundle_of "$work/slow" "$work/slow.tgz"
slow=$(submit_bundle "$work/slow.tgz")
submitted+=("$slow")
wait_build_container "$marker" "$slow"
queued=$(submit_bundle "$work/static.tgz" "image=$image")
submitted+=("$queued")
[ "$(build_status "$queued")" = queued ] || fail "with one worker busy, a new build is $(field .status), want queued"
expect 202 "$(req POST "/api/v1/builds/$queued/cancel")" "cancel the queued build"
[ "$(field .status)" = cancelled ] || fail "cancel of a queued build answered $(body)"
[ "$(build_status "$queued")" = cancelled ] || fail "the cancelled queued build is $(field .status)"
[ "$(field .error.code)" = cancelled ] && [ "$(field .started_at)" = null ] || fail "cancelled queued build: $(body)"
expect_error 409 "$(req POST "/api/v1/builds/$queued/cancel")" conflict "cancel of an ended build"
# A push of a finished build waits in the same queue; cancelling it drops the
# push, and the build stays what it was: succeeded, with its image.
ticker_image=$(jq -r .image.id <<<"$(curl -fsS "$api/api/v1/builds/$ticker")")
expect 202 "$(req POST "/api/v1/builds/$ticker/push" -H 'Content-Type: application/json' --data-binary '{"registry": "127.0.0.1:9"}')" \
  "queue a push of the ticker build"
code=$(req POST "/api/v1/builds/$ticker/cancel")
[[ "$code" =~ ^2 ]] || soft_fail "cancel of a queued push: HTTP $code: $(body)"
[ "$(build_status "$ticker")" = succeeded ] && [ "$(field .image.id)" = "$ticker_image" ] ||
  soft_fail "cancelling a queued push turned succeeded build $ticker into $(field .status): error $(field .error)"
expect 202 "$(req POST "/api/v1/builds/$slow/cancel")" "cancel the running build"
status=$(wait_final "$slow" 60)
[ "$status" = cancelled ] || fail "the running build ended $status after cancel"
[ "$(field .error.code)" = cancelled ] || fail "cancelled running build: $(field .error)"
wait_no_build_container "$marker" "cancel of a running build"
echo "ok: a queued build and a running build were cancelled; no build container left"

# --- 8. A failing step: failed, with the step and its exit code ----------------
mkdir -p "$work/broken"
printf 'FROM kiln/stack-base:bookworm\nRUN echo about-to-fail-%s && exit 3\n' "$nonce" >"$work/broken/Dockerfile"
bundle_of "$work/broken" "$work/broken.tgz"
id=$(submit_bundle "$work/broken.tgz")
submitted+=("$id")
status=$(wait_final "$id" 60)
[ "$status" = failed ] || fail "the broken build ended $status"
jq -e '.error.code == "build_failed" and .error.step == 2 and .error.exit_code == 3 and (.error.message | test("exit"))' \
  "$work/body" >/dev/null || fail "failed build error: $(field .error)"
expect 200 "$(req GET "/api/v1/builds/$id/logs?limit=10000")" "broken build log"
field '.lines[].text' | has_line -x "about-to-fail-$nonce" || fail "the failing step's output is not in the log"
echo "ok: a failing step is reported as failed with error.step 2 and exit_code 3"

# A Dockerfile (a heredoc) the engine cannot parse: the record's error is the engine's own words, not "HTTP 400".
mkdir -p "$work/badfile"
printf 'FROM kiln/stack-base:bookworm\nRUN <<EOF\napk add curl\nEOF\n' >"$work/badfile/Dockerfile"
bundle_of "$work/badfile" "$work/badfile.tgz"
id=$(submit_bundle "$work/badfile.tgz")
submitted+=("$id")
status=$(wait_final "$id" 60)
[ "$status" = failed ] || fail "the build of an unparsable Dockerfile ended $status"
jq -e '.error.code == "build_failed" and (.error.message | ascii_downcase | test("unknown instruction: apk"))' \
  "$work/body" >/dev/null || fail "the engine's words are not in the record: $(field .error)"
echo "ok: an unparsable Dockerfile fails with the engine's own message"

# --- 9. A per-build timeout ends the build as timed_out ------------------------
marker=$(new_marker)
slow_app "$work/slow2" "$marker"
bundle_of "$work/slow2" "$work/slow2.tgz"
id=$(submit_bundle "$work/slow2.tgz" "timeout=4")
submitted+=("$id")
[ "$(field .status)" = queued ] || fail "timeout build: $(body)"
expect 200 "$(req GET "/api/v1/builds/$id")" "GET timeout build"
[ "$(field .request.timeout)" = 4 ] || fail "the request does not keep the timeout: $(field .request)"
status=$(wait_final "$id" 60)
[ "$status" = timed_out ] || fail "the build with timeout=4 ended $status"
[ "$(field .error.code)" = timed_out ] || fail "timed out build: $(field .error)"
wait_no_build_container "$marker" "timeout of a running build"
echo "ok: timeout=4 ended the build as timed_out; no build container left"

# --- 10. Push to a registry with auth; the password is never shown -------------
registry_port=$(free_port)
password="pw-$nonce-$(date +%s%N)"
htpasswd -Bbc "$work/htpasswd" kiln "$password" >/dev/null 2>&1
cat >"$work/registry.yml" <<EOF
version: 0.1
storage: {filesystem: {rootdirectory: $work/registry-data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$registry_port}
auth: {htpasswd: {realm: kiln-test, path: $work/htpasswd}}
EOF
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
helper_pids+=($!)
for _ in $(seq 1 50); do curl -s "http://127.0.0.1:$registry_port/v2/" >/dev/null && break; sleep 0.2; done
registry="127.0.0.1:$registry_port"
cleanup_registries+=("$registry")
pushed_ref="$registry/team/serve-builds:$nonce"
cleanup_images+=("$pushed_ref")

# registry_digest <repo> <tag>: the digest the registry holds for it.
registry_digest() {
  curl -fsS -u "kiln:$password" -o /dev/null -D - \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$registry/v2/$1/manifests/$2" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p'
}

id=$(submit_json "{\"source\": {\"bundle\": \"$bundle_id\"}, \"image\": \"$image\",
  \"push\": {\"registry\": \"$registry\", \"namespace\": \"team\", \"username\": \"kiln\", \"password\": \"$password\"}}")
submitted+=("$id")
status=$(wait_final "$id" 120)
[ "$status" = succeeded ] || fail "build with push ended $status: $(field .error)"
digest=$(field .image.digest)
[[ "$digest" == sha256:* ]] || fail "no digest after the push: $(field .image)"
jq -e --arg ref "$pushed_ref" '(.image.tags | index($ref)) != null and .request.push.password == "***"
  and .request.push.username == "kiln"' "$work/body" >/dev/null || fail "pushed build record: $(body)"
[ "$(registry_digest team/serve-builds "$nonce")" = "$digest" ] || fail "the registry does not hold $pushed_ref at $digest"
expect 200 "$(req GET "/api/v1/builds/$id/logs?limit=10000")" "push build log"
field '.lines[].text' | has_line "pushed $pushed_ref@$digest" || fail "the log does not report the push"

# The same push later, on the first build, through POST /builds/{id}/push.
expect 202 "$(req POST "/api/v1/builds/${submitted[0]}/push" -H 'Content-Type: application/json' \
  --data-binary "{\"registry\": \"$registry\", \"namespace\": \"later\", \"username\": \"kiln\", \"password\": \"$password\"}")" \
  "push an existing build"
status=$(wait_final "${submitted[0]}" 120)
[ "$status" = succeeded ] || fail "push of an existing build ended $status: $(field .error)"
later_digest=$(field .image.digest)
[[ "$later_digest" == sha256:* ]] || fail "no digest after pushing an existing build: $(field .image)"
cleanup_images+=("$registry/later/serve-builds:$nonce")
[ "$(registry_digest later/serve-builds "$nonce")" = "$later_digest" ] || fail "the registry does not hold later/serve-builds:$nonce"
expect_error 409 "$(req POST "/api/v1/builds/$slow/push" -H 'Content-Type: application/json' \
  --data-binary "{\"registry\": \"$registry\"}")" conflict "push of a cancelled build"

# A wrong password fails the push, still without showing it.
id=$(submit_json "{\"source\": {\"bundle\": \"$bundle_id\"}, \"image\": \"$image\",
  \"push\": {\"registry\": \"$registry\", \"namespace\": \"team\", \"username\": \"kiln\", \"password\": \"wrong-$password\"}}")
submitted+=("$id")
[ "$(wait_final "$id" 120)" = failed ] || fail "a push with a wrong password did not fail"
[ "$(field .error.code)" = push_failed ] || fail "wrong password: error $(field .error)"

for build in "${submitted[@]}"; do req GET "/api/v1/builds/$build/logs?limit=10000" >/dev/null; done
grep -qF "$password" "$work/answers" && fail "the registry password appeared in an API answer"
grep -qF "$password" "$server_log" && fail "the registry password appeared in the server's log"
grep -raqF "$password" "$work/main-data" && fail "the registry password is stored in the data folder: $(grep -ralF "$password" "$work/main-data")"
echo "ok: pushed with auth (digest $digest, also via POST /push); the password is in no answer, log or stored file"

# --- 11. The list: newest first, filtered by status, paged by cursor -----------
expect 200 "$(req GET "/api/v1/builds?limit=1000")" "list all builds"
cp "$work/body" "$work/all-builds.json"
[ "$(field '.next_cursor')" = null ] || fail "one page of 1000 still has a next cursor"
listed=$(field '[.builds[].id] | join(" ")')
newest_first=$(for ((i = ${#submitted[@]} - 1; i >= 0; i--)); do printf '%s ' "${submitted[i]}"; done | sed 's/ $//')
[ "$listed" = "$newest_first" ] || fail "the list is not every build, newest first:
  got  $listed
  want $newest_first"
field '[.builds[].created_at] | . == (sort | reverse)' | has_line -x true || fail "created_at is not newest first"
for status in succeeded failed cancelled timed_out; do
  want=$(jq -r "[.builds[] | select(.status == \"$status\") | .id] | join(\" \")" "$work/all-builds.json")
  [ -n "$want" ] || fail "no $status build to filter on"
  expect 200 "$(req GET "/api/v1/builds?status=$status&limit=1000")" "list ?status=$status"
  [ "$(field '[.builds[].id] | join(" ")')" = "$want" ] || fail "?status=$status lists $(field '[.builds[].id]'), want $want"
done
paged="" cursor="" pages=0
while :; do
  expect 200 "$(req GET "/api/v1/builds?limit=2${cursor:+&cursor=$cursor}")" "list page ${cursor:-1}"
  [ "$(field '.builds | length')" -le 2 ] || fail "a page of limit=2 has $(field '.builds | length') builds"
  paged="$paged $(field '[.builds[].id] | join(" ")')"
  cursor=$(field '.next_cursor // empty')
  pages=$((pages + 1))
  [ -n "$cursor" ] || break
  [ "$pages" -lt 100 ] || fail "the cursor never ends"
done
paged=$(echo "$paged" | xargs)
[ "$paged" = "$listed" ] || fail "paging by cursor gave
  $paged
  want $listed"
expect_error 400 "$(req GET "/api/v1/builds?status=exploded")" invalid_request "list ?status=exploded"
expect_error 400 "$(req GET "/api/v1/builds?cursor=abc")" invalid_request "list ?cursor=abc"
echo "ok: ${#submitted[@]} builds listed newest first; status filter and cursor paging ($pages pages) agree"

# --- 12. A server that allows file:// git URLs ---------------------------------
printf 'allow_file_git_urls = true\n' >"$work/file-git.toml"
stop_server TERM
[ "$server_rc" = 0 ] || fail "the server exited $server_rc on SIGTERM"
start_server filegit --config "$work/file-git.toml"
expect 200 "$(req POST /api/v1/detect -H 'Content-Type: application/json' \
  --data-binary "{\"source\": {\"git\": {\"url\": \"$file_url\", \"subdir\": \"site\"}}}")" "detect over file:// when allowed"
[ "$(field .revision)" = "$commit_main" ] && [ "$(field .buildpack)" = kiln.static ] || fail "file:// detect: $(body)"
echo "ok: file:// works once allow_file_git_urls = true"
pass "kiln serve builds: bundle, logs, SSE, git, detect/plan, cancel, failure, timeout, push, list"
