#!/usr/bin/env bash
# kiln serve under load, on the real engine: 100 builds submitted at once all
# reach a final state, none lost or duplicated, never more running than
# allowed; then a bounded queue answers 429 queue_full with Retry-After.
set -euo pipefail
work=$(mktemp -d)
# shellcheck source=lib/serve_helpers.sh
source "$(dirname "$0")/lib/serve_helpers.sh"
trap serve_cleanup EXIT

builds=100
workers=3
image="kiln-e2e/serve-load:$nonce"
cleanup_images+=("$image")
bundle_of "$static_app" "$work/static.tgz"

# post_bundle_in_background <n> <tar.gz> <query>: one raw-bundle submission, its
# status, headers and body in $work/submit/<n>.{code,headers,json}.
post_bundle_in_background() {
  curl -sS -o "$work/submit/$1.json" -D "$work/submit/$1.headers" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/gzip' --data-binary "@$2" "$api/api/v1/builds?$3" >"$work/submit/$1.code" 2>"$work/submit/$1.err" &
  submitters+=($!)
}

# metric <name-with-labels>: the value of one series on /metrics.
metric() { curl -fsS "$api/metrics" | awk -v name="$1" '$1 == name { print $2 }'; }

# --- 1. 100 builds at once -----------------------------------------------------
printf 'max_queued_builds = %d\nmax_concurrent_builds = %d\n' $((builds + 20)) "$workers" >"$work/load.toml"
start_server load --config "$work/load.toml"
mkdir -p "$work/submit"
submitters=()
started=$(date +%s)
for i in $(seq 1 "$builds"); do post_bundle_in_background "$i" "$work/static.tgz" "image=$image"; done
for pid in "${submitters[@]}"; do wait "$pid" || true; done
submitted_in=$(($(date +%s) - started))
for i in $(seq 1 "$builds"); do
  [ "$(cat "$work/submit/$i.code")" = 202 ] ||
    fail "submission $i answered $(cat "$work/submit/$i.code"): $(cat "$work/submit/$i.json" "$work/submit/$i.err")"
  jq -r .id "$work/submit/$i.json"
done >"$work/ids"
[ "$(sort -u "$work/ids" | wc -l)" = "$builds" ] || fail "the $builds submissions got $(sort -u "$work/ids" | wc -l) distinct ids"
echo "ok: $builds submissions accepted in ${submitted_in}s, $builds distinct ids"

# Wait for every build to end, watching that no more than $workers run at once.
most_running=0
for _ in $(seq 1 600); do
  running=$(metric kiln_builds_running)
  [ "$running" -le "$most_running" ] || most_running=$running
  expect 200 "$(req GET "/api/v1/builds?limit=1000")" "list during the load"
  unfinished=$(field '[.builds[] | select(.status | IN("succeeded", "failed", "cancelled", "timed_out") | not)] | length')
  [ "$unfinished" = 0 ] && break
  sleep 0.5
done
[ "$unfinished" = 0 ] || fail "$unfinished builds still unfinished after 5 minutes"
finished_in=$(($(date +%s) - started))
[ "$most_running" -le "$workers" ] || fail "$most_running builds ran at once with max_concurrent_builds = $workers"
[ "$most_running" -ge 1 ] || fail "kiln_builds_running never showed a running build"

# Every id answers with a final status; the list holds exactly these builds.
while read -r id; do
  expect 200 "$(req GET "/api/v1/builds/$id")" "GET build $id"
  status=$(field .status)
  [ "$status" = succeeded ] || fail "build $id ended $status: $(field .error)"
  [ "$(field .image.id)" != null ] || fail "build $id succeeded without an image"
done <"$work/ids"
expect 200 "$(req GET "/api/v1/builds?limit=1000")" "list after the load"
[ "$(field '.builds | length')" = "$builds" ] || fail "the list holds $(field '.builds | length') builds, want $builds"
diff <(field '.builds[].id' | sort) <(sort "$work/ids") >/dev/null || fail "the list and the submitted ids differ"
expect 200 "$(req GET "/api/v1/builds?status=succeeded&limit=1000")" "list succeeded"
[ "$(field '.builds | length')" = "$builds" ] || fail "?status=succeeded lists $(field '.builds | length')"
[ "$(metric 'kiln_builds{status="succeeded"}')" = "$builds" ] || fail "/metrics counts $(metric 'kiln_builds{status="succeeded"}') succeeded builds"
[ "$(metric kiln_queue_depth)" = 0 ] && [ "$(metric kiln_builds_running)" = 0 ] || fail "the queue is not empty after the load"
docker image inspect "$image" >/dev/null 2>&1 || fail "image $image is not in the engine"
echo "ok: all $builds builds succeeded in ${finished_in}s with $workers workers (at most $most_running running at once); list and metrics agree"
stop_server TERM
[ "$server_rc" = 0 ] || fail "the loaded server exited $server_rc on SIGTERM"

# --- 2. A bounded queue: 429 queue_full with Retry-After ------------------------
printf 'max_queued_builds = 2\nmax_concurrent_builds = 1\n' >"$work/bound.toml"
start_server bound --config "$work/bound.toml"
marker=$(new_marker)
slow_app "$work/slow" "$marker"
bundle_of "$work/slow" "$work/slow.tgz"
slow=$(submit_bundle "$work/slow.tgz")
wait_build_container "$marker" "$slow"  # running, so out of the queue: the queue has room for 2
rm -rf "$work/submit" && mkdir -p "$work/submit"
submitters=()
for i in $(seq 1 6); do post_bundle_in_background "$i" "$work/static.tgz" "image=$image"; done
for pid in "${submitters[@]}"; do wait "$pid" || true; done
accepted=() refused=0
for i in $(seq 1 6); do
  case "$(cat "$work/submit/$i.code")" in
    202) accepted+=("$(jq -r .id "$work/submit/$i.json")") ;;
    429)
      refused=$((refused + 1))
      [ "$(jq -r .error.code "$work/submit/$i.json")" = queue_full ] || fail "a 429 without code queue_full: $(cat "$work/submit/$i.json")"
      retry=$(tr -d '\r' <"$work/submit/$i.headers" | sed -n 's/^[Rr]etry-[Aa]fter: //p')
      [[ "$retry" =~ ^[0-9]+$ ]] && [ "$retry" -ge 1 ] || fail "a 429 without a Retry-After in seconds: $(cat "$work/submit/$i.headers")"
      ;;
    *) fail "submission $i to a full queue answered $(cat "$work/submit/$i.code"): $(cat "$work/submit/$i.json")" ;;
  esac
done
[ "${#accepted[@]}" = 2 ] && [ "$refused" = 4 ] || fail "with room for 2, ${#accepted[@]} of 6 were accepted and $refused refused"
[ "$(metric kiln_queue_depth)" = 2 ] || fail "kiln_queue_depth is $(metric kiln_queue_depth), want 2"
echo "ok: a queue of 2 took 2 of 6 submissions; 4 got 429 queue_full with Retry-After ($retry s)"

# Cancelling the slow build lets the queue drain: both queued builds run, and the queue takes builds again.
expect 202 "$(req POST "/api/v1/builds/$slow/cancel")" "cancel the slow build"
[ "$(wait_final "$slow" 60)" = cancelled ] || fail "the slow build was not cancelled"
for id in "${accepted[@]}"; do [ "$(wait_final "$id" 120)" = succeeded ] || fail "queued build $id ended $(field .status)"; done
id=$(submit_bundle "$work/static.tgz" "image=$image")
[ "$(wait_final "$id" 120)" = succeeded ] || fail "a build after the queue drained ended $(field .status)"
wait_no_build_container "$marker" "cancel of the slow build"
echo "ok: after the cancel both queued builds ran and the queue took builds again"

# --- 3. Back-to-back builds on one idle worker each start at once ---------------
# A submission right after the worker went idle must wake it: no build may
# sit queued while nothing runs. Builds that fail at detection keep rounds short.
bundle_id=$(upload_bundle "$work/static.tgz")
rounds=60 stuck=0
for round in $(seq 1 "$rounds"); do
  id=$(submit_json "{\"source\": {\"bundle\": \"$bundle_id\"}, \"buildpack\": \"com.kilne2e.missing\"}")
  status=queued
  for _ in $(seq 1 200); do  # no sleep: the next submission must come right after the worker went idle
    status=$(build_status "$id")
    is_final_status "$status" && break
  done
  if ! is_final_status "$status"; then
    sleep 10
    status=$(build_status "$id")
    if ! is_final_status "$status"; then
      stuck=$((stuck + 1))
      echo "round $round: build $id still $status after 10s; running $(metric kiln_builds_running), queued $(metric kiln_queue_depth)" >&2
      break  # one is proof enough; waiting out more would only slow the test
    fi
  fi
  [ "$status" = failed ] || fail "round $round: the build with a missing buildpack ended $status"
done
[ "$stuck" = 0 ] || fail "round $round of $rounds: a build submitted to an idle worker did not start within 10s"
echo "ok: $rounds back-to-back builds each started at once on an idle worker"
pass "kiln serve under load: $builds builds none lost, bounded queue answers 429"
