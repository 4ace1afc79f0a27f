#!/usr/bin/env bash
# Load figures for `kiln serve`, all over loopback:
#  accept  1,000 POST /api/v1/builds into the queue of a server whose one worker
#          is parked on a download that never answers: the time until every
#          one got 202, i.e. the cost of accepting a build, not of running it;
#          once 32 in flight, then 1,000 more 4 in flight (see accept_batch 4)
#  fill    10,000 builds submitted to a second server (8 workers) with a
#          bundle_url that fails at fetch in a millisecond, so each build really
#          runs through the service and writes its record and log lines
#  read    wrk against that store of 10,000 builds: GET /api/v1/builds/{id}
#          (rotating over every id), GET /api/v1/builds?limit=50 (the first
#          page) and the same a page deep (a cursor half-way down the store):
#          requests/s and p99 latency
#  memory  the server's VmRSS and VmHWM (/proc/PID/status) with the full store,
#          before and after the wrk runs, and the SQLite file sizes
# Each server is started here on a free loopback port (listen port 0) with its
# own temporary data folder and access_log = false, and stopped at exit.
#
# Usage: scripts/bench/api.sh [--kiln PATH] [--quick]
#   --kiln PATH  kiln executable (default: $KILN, else build/kiln)
#   --quick      a smoke run: 100 submissions, 1,000 builds, 3 s per wrk run
# Environment: WRK_THREADS (2), WRK_CONNECTIONS (32), WRK_SECONDS (15),
#   CURL_PARALLEL (32, POSTs in flight), FILL_WORKERS (8, max_concurrent_builds),
#   HTTP_THREADS (32, the server's http_threads; cpp-httplib gives each open
#   connection a thread, so more wrk connections than this wait for one),
#   KEEP_TMP (set: keep the temporary folder with the servers' logs and wrk's output).
# Needs: wrk, curl, jq, python3 (the never-answering download server).
# Exits non-zero if a request failed, the server died, or the figures cannot be trusted.
set -euo pipefail
export LC_ALL=C

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo_root"

die() { echo "api bench: $*" >&2; exit 1; }

kiln="${KILN:-build/kiln}"
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --kiln) [ $# -ge 2 ] || die "--kiln needs a path"; kiln="$2"; shift 2 ;;
    --kiln=*) kiln="${1#--kiln=}"; shift ;;
    --quick) quick=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

if [ "$quick" = 1 ]; then
  submissions=100 store_builds=1000 wrk_seconds="${WRK_SECONDS:-3}"
else
  submissions=1000 store_builds=10000 wrk_seconds="${WRK_SECONDS:-15}"
fi
wrk_threads="${WRK_THREADS:-2}"
wrk_connections="${WRK_CONNECTIONS:-32}"
curl_parallel="${CURL_PARALLEL:-32}"
fill_workers="${FILL_WORKERS:-8}"
http_threads="${HTTP_THREADS:-32}"
# Port 1 on loopback refuses at once: the build fails at fetch, having run for real.
failing_source='{"source":{"bundle_url":"http://127.0.0.1:1/kiln-bench.tgz"}}'

[ -x "$kiln" ] || die "no kiln at $kiln (use --kiln PATH, or build it: scripts/setup.sh)"
kiln="$(cd "$(dirname "$kiln")" && pwd)/$(basename "$kiln")"
for tool in wrk curl jq python3; do command -v "$tool" >/dev/null || die "$tool is needed (scripts/setup.sh installs it)"; done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench-api.XXXXXX")"
pids=()   # the processes this script started; stopped at exit
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_TMP:-}" ]; then echo "api bench: kept $tmp (server logs, wrk output)" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

problems=()
problem() { problems+=("$*"); echo "  PROBLEM: $*" >&2; }

# --- servers -----------------------------------------------------------------

server_pid="" server_port="" server_name=""
# start_server NAME MAX_CONCURRENT MAX_QUEUED: a kiln serve on a free port, data under $tmp/NAME.
start_server() {
  server_name="$1"
  cat >"$tmp/$1.toml" <<EOF
listen = "127.0.0.1:0"
data_dir = "$tmp/$1-data"
max_concurrent_builds = $2
max_queued_builds = $3
shutdown_grace = "1s"
access_log = false
http_threads = $http_threads
log_format = "json"
EOF
  "$kiln" serve --config "$tmp/$1.toml" 2>"$tmp/$1.log" >/dev/null &
  server_pid=$!
  pids+=("$server_pid")
  local waited
  for waited in $(seq 100); do
    server_port="$(jq -r 'select(.msg == "listening") | .port' "$tmp/$1.log" 2>/dev/null | head -n1)"
    [ -n "$server_port" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "api bench: the $1 server did not start; its log:" >&2
  cat "$tmp/$1.log" >&2
  exit 1
}

# stop_server: SIGTERM, and a clean exit within 15 s (grace is 1 s), else a problem and SIGKILL.
stop_server() {
  kill -TERM "$server_pid" 2>/dev/null || true
  local waited
  for waited in $(seq 150); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$server_pid" 2>/dev/null; then
    problem "the $server_name server did not stop within 15 s of SIGTERM"
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  local code=0 pid kept=()
  wait "$server_pid" 2>/dev/null || code=$?
  for pid in "${pids[@]}"; do [ "$pid" = "$server_pid" ] || kept+=("$pid"); done
  pids=("${kept[@]}")
  if [ "$code" != 0 ]; then
    problem "the $server_name server exited with status $code; last lines of its log:"
    tail -n 5 "$tmp/$server_name.log" >&2
  fi
}

alive() {
  kill -0 "$server_pid" 2>/dev/null && return 0
  problem "the $server_name server died ($1); last lines of its log:"
  tail -n 20 "$tmp/$server_name.log" >&2
  exit 1
}

api() { curl -sS --fail-with-body --max-time 10 "http://127.0.0.1:$server_port$1"; }
metric() { api /metrics | awk -v name="$1" '$1 == name { print $2 }'; }

# memory: "VmRSS VmHWM" of the server, in MiB.
memory() {
  awk '/^VmRSS:/ { rss = $2 } /^VmHWM:/ { hwm = $2 } END { printf "%.1f %.1f\n", rss / 1024, hwm / 1024 }' \
    "/proc/$server_pid/status"
}

# --- measuring tools -----------------------------------------------------------

# post_builds N LABEL PARALLEL: N POSTs of $failing_source, PARALLEL at a time from one
# curl process (no process per request to measure). Prints the wall-clock seconds;
# writes "HTTP_CODE SECONDS" per request to $tmp/LABEL.codes and the kernel's
# listen overflows meanwhile to $tmp/LABEL.overflows.
post_builds() {
  local n="$1" label="$2" parallel="$3" t0 t1 i
  for ((i = 0; i < n; i++)); do
    printf 'url = "http://127.0.0.1:%s/api/v1/builds"\noutput = "/dev/null"\n' "$server_port"
  done >"$tmp/$label.urls"
  overflows_before="$(listen_overflows)"
  t0="$EPOCHREALTIME"
  curl -sS --no-progress-meter --parallel --parallel-max "$parallel" --max-time 60 \
    -H 'Content-Type: application/json' --data-binary "$failing_source" \
    -w '%{http_code} %{time_total}\n' -K "$tmp/$label.urls" >"$tmp/$label.codes" 2>"$tmp/$label.curl-errors" || true
  t1="$EPOCHREALTIME"
  echo $(($(listen_overflows) - overflows_before)) >"$tmp/$label.overflows"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

# The kernel's count of connections dropped because a listen queue was full
# (machine-wide: other programs' drops count too). A dropped SYN is sent again
# after 1 s, which shows as a 1 s request.
listen_overflows() {
  awk '$1 == "TcpExt:" && !names { for (i = 2; i <= NF; i++) name[i] = $i; names = 1; next }
       $1 == "TcpExt:" { for (i = 2; i <= NF; i++) if (name[i] == "ListenOverflows") print $i }' /proc/net/netstat
}
# slow_count FILE: answers in FILE that took a second or more.
slow_count() { awk '$2 >= 1 { n++ } END { print n + 0 }' "$1"; }

# count_code FILE CODE: how many answers in FILE had that HTTP code.
count_code() { awk -v code="$2" '$1 == code { n++ } END { print n + 0 }' "$1"; }
# percentile FILE P: the P-th percentile of the second column, in milliseconds.
percentile() { awk '{ print $2 * 1000 }' "$1" | sort -g | awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; printf "%.1f\n", v[i] }'; }

# wrk_run LABEL PATH [LUA]: wrk against PATH; leaves the output in $tmp/wrk-N.txt and
# sets rps, p99_ms, wrk_errors.
wrk_runs=0
wrk_run() {
  local label="$1" path="$2" script=() out
  [ $# -ge 3 ] && script=(-s "$3")
  wrk_runs=$((wrk_runs + 1))
  out="$tmp/wrk-$wrk_runs.txt"
  overflows_before="$(listen_overflows)"
  wrk -t"$wrk_threads" -c"$wrk_connections" -d"${wrk_seconds}s" --timeout 10s --latency "${script[@]}" \
    "http://127.0.0.1:$server_port$path" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")"
  # wrk prints latencies as 812.00us, 1.52ms or 1.02s.
  p99_ms="$(awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                 f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
                 printf "%.2f", v * f }' "$out")"
  wrk_errors="$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
                     /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 }
                     END { print n + 0 }' "$out")"
  if [ -z "$rps" ] || [ -z "$p99_ms" ]; then cat "$out" >&2; die "cannot read wrk's output for $label"; fi
  [ "$wrk_errors" = 0 ] || { problem "GET $path: $wrk_errors failed requests under wrk"; grep -E 'Non-2xx|Socket errors' "$out" >&2; }
  printf '  %-44s %6s req/s  p99 %7s ms  (p50 %s, max %s; %s requests, %s errors, %s listen overflows)\n' \
    "GET $label" "$rps" "$p99_ms" "$(awk '$1 == "50%" { print $2 }' "$out")" \
    "$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$out")" \
    "$(awk '/requests in/ { print $1 }' "$out")" "$wrk_errors" "$(($(listen_overflows) - overflows_before))"
  alive "during wrk against $path"
}

echo "== kiln serve under load (loopback)"
echo "kiln:   $kiln ($("$kiln" --version 2>/dev/null | head -n1))"
echo "sizes:  $submissions queued submissions; $store_builds builds in the store; wrk -t$wrk_threads -c$wrk_connections -d${wrk_seconds}s; http_threads $http_threads"
echo "load:   $(uptime | sed 's/.*load average/load average/')  ($(nproc) cores)"
echo

# --- 1. accepting builds into the queue -----------------------------------------

echo "== 1. $submissions submissions into the queue, twice (one worker, parked on a download that never answers)"
# A listening socket that never accepts: the kernel completes the connection, the
# download waits for an answer, so the server's only worker stays busy.
python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1], flush=True); time.sleep(86400)' >"$tmp/silent.port" &
pids+=("$!")
for _ in $(seq 50); do [ -s "$tmp/silent.port" ] && break; sleep 0.1; done
silent_port="$(cat "$tmp/silent.port")"
[ -n "$silent_port" ] || die "the never-answering download server did not start"

start_server accept 1 $((2 * submissions + 100))
parked="$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
  -d "{\"source\":{\"bundle_url\":\"http://127.0.0.1:$silent_port/never.tgz\"}}" \
  "http://127.0.0.1:$server_port/api/v1/builds" | jq -r .id)"
for _ in $(seq 100); do
  [ "$(api "/api/v1/builds/$parked" | jq -r .status)" = fetching ] && break
  sleep 0.1
done
[ "$(api "/api/v1/builds/$parked" | jq -r .status)" = fetching ] || die "the parking build never started fetching"

# accept_batch PARALLEL: $submissions more POSTs into the parked server's queue; sets
# accept_seconds, accept_rate, accept_p99, accept_slow, accepted.
accept_batches=0
accept_batch() {
  local parallel="$1" label queued
  accept_batches=$((accept_batches + 1))
  label="accept-$accept_batches"
  accept_seconds="$(post_builds "$submissions" "$label" "$parallel")"
  accepted="$(count_code "$tmp/$label.codes" 202)"
  if [ "$accepted" != "$submissions" ]; then
    problem "$accepted of $submissions submissions got 202; answers: $(awk '{ print $1 }' "$tmp/$label.codes" | sort | uniq -c | tr -s ' \n' ' ')"
    head -n 5 "$tmp/$label.curl-errors" >&2
  fi
  queued="$(metric kiln_queue_depth)"
  [ "$queued" = $((accept_batches * submissions)) ] ||
    problem "after $((accept_batches * submissions)) submissions the queue holds $queued"
  accept_rate="$(awk -v n="$accepted" -v s="$accept_seconds" 'BEGIN { printf "%.0f", n / s }')"
  accept_p99="$(percentile "$tmp/$label.codes" 99)"
  accept_slow="$(slow_count "$tmp/$label.codes")"
  printf '  %2s in flight: %s x 202 in %s s (%s/s; per request p50 %s ms, p99 %s ms); queue depth then: %s\n' \
    "$parallel" "$accepted" "$accept_seconds" "$accept_rate" "$(percentile "$tmp/$label.codes" 50)" "$accept_p99" "$queued"
  printf '               requests that took >= 1 s: %s; listen queue overflows meanwhile (kernel, machine-wide): %s\n' \
    "$accept_slow" "$(cat "$tmp/$label.overflows")"
}
accept_batch "$curl_parallel"
accept_wide=("$accept_seconds" "$accept_rate" "$accept_p99" "$accepted" "$accept_slow")
# Again with 4 in flight: cpp-httplib listens with a backlog of 5, so 32 connections
# opened at once lose SYNs that come back a second later; 4 never do. The gap
# between the two is the cost of that backlog, the 4-wide figure the server's own.
accept_batch 4
accept_narrow=("$accept_seconds" "$accept_rate" "$accept_p99" "$accepted" "$accept_slow")
alive "after the submissions"
stop_server

# --- 2. a store of builds that really ran -----------------------------------------

echo
echo "== 2. filling the store: $store_builds builds ($fill_workers workers; each fails at fetch)"
start_server fill "$fill_workers" $((store_builds + 100))
t0="$EPOCHREALTIME"
fill_submit_seconds="$(post_builds "$store_builds" fill "$curl_parallel")"
filled="$(count_code "$tmp/fill.codes" 202)"
[ "$filled" = "$store_builds" ] || problem "$filled of $store_builds fill submissions got 202; answers: $(awk '{ print $1 }' "$tmp/fill.codes" | sort | uniq -c | tr -s ' \n' ' ')"
# Finished when nothing waits or runs: every build has its final record and log.
for ((waited = 0; ; waited++)); do
  [ "$(metric kiln_queue_depth)" = 0 ] && [ "$(metric kiln_builds_running)" = 0 ] && break
  [ "$waited" -lt 3000 ] || { problem "builds still waiting or running after 10 minutes"; break; }
  sleep 0.2
done
t1="$EPOCHREALTIME"
fill_total_seconds="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
failed_builds="$(metric 'kiln_builds{status="failed"}')"
[ "$failed_builds" = "$store_builds" ] || problem "the store holds $failed_builds failed builds (expected $store_builds)"
printf '  %s x 202 in %s s (%s/s, per request p99 %s ms); all %s finished after %s s\n' "$filled" "$fill_submit_seconds" \
  "$(awk -v n="$filled" -v s="$fill_submit_seconds" 'BEGIN { printf "%.0f", n / s }')" \
  "$(percentile "$tmp/fill.codes" 99)" "$failed_builds" "$fill_total_seconds"
printf '  requests that took >= 1 s: %s; listen queue overflows meanwhile (kernel, machine-wide): %s\n' \
  "$(slow_count "$tmp/fill.codes")" "$(cat "$tmp/fill.overflows")"
alive "after the fill"

# Every id, newest first, by walking the list 50 at a time (as a client would);
# the cursor half-way down is the "deep page".
: >"$tmp/ids"
cursor="" pages=0 deep_cursor=""
while :; do
  page="$(api "/api/v1/builds?limit=50${cursor:+&cursor=$cursor}")"
  jq -r '.builds[].id' <<<"$page" >>"$tmp/ids"
  cursor="$(jq -r '.next_cursor // empty' <<<"$page")"
  pages=$((pages + 1))
  [ "$pages" = $((store_builds / 100)) ] && deep_cursor="$cursor"
  [ -n "$cursor" ] || break
done
id_count="$(sort -u "$tmp/ids" | wc -l)"
[ "$id_count" = "$store_builds" ] || problem "walking the list gave $id_count distinct ids (expected $store_builds)"
[ -n "$deep_cursor" ] || die "no cursor half-way down the list"
sample_id="$(sed -n '1p' "$tmp/ids")"
log_lines="$(api "/api/v1/builds/$sample_id/logs" | jq '.lines | length')"
echo "  the list walked in $pages pages of 50: $id_count ids; a build's log has $log_lines lines"
[ "$log_lines" -ge 3 ] || problem "build $sample_id has only $log_lines log lines"
read -r rss_before hwm_before < <(memory)

# --- 3. reads under wrk -------------------------------------------------------------

echo
echo "== 3. reads (wrk -t$wrk_threads -c$wrk_connections -d${wrk_seconds}s --latency, $store_builds builds in the store)"
{
  echo 'local ids = {'
  sed 's/.*/  "&",/' "$tmp/ids"
  echo '}'
  cat <<'LUA'
-- Each thread starts at its own place in the ids and walks them in turn.
local threads = 0
function setup(thread) thread:set("start", threads * 7919); threads = threads + 1 end
function init(args) position = start or 0 end
function request()
  position = position % #ids + 1
  return wrk.format("GET", "/api/v1/builds/" .. ids[position])
end
LUA
} >"$tmp/by-id.lua"
wrk_run '/api/v1/builds/{id}' "/api/v1/builds/$sample_id" "$tmp/by-id.lua"
by_id_rps="$rps" by_id_p99="$p99_ms"
wrk_run '/api/v1/builds?limit=50' '/api/v1/builds?limit=50'
list_rps="$rps" list_p99="$p99_ms"
wrk_run "/api/v1/builds?limit=50&cursor=(deep)" "/api/v1/builds?limit=50&cursor=$deep_cursor"
deep_rps="$rps" deep_p99="$p99_ms"

# --- 4. memory and store -----------------------------------------------------------------

read -r rss_after hwm_after < <(memory)
db="$tmp/fill-data/kiln.db"
size_mib() { if [ -f "$1" ]; then awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", b / 1048576 }'; else echo 0; fi; }
db_mib="$(size_mib "$db")" wal_mib="$(size_mib "$db-wal")"
stop_server

echo
echo "== summary ($(nproc) cores, load average $(uptime | sed 's/.*load average: //'))"
printf '%-46s %s\n' "what" "figure"
printf '%-46s %s s  (%s/s; p99 %s ms per request; %s of %s got 202; %s took >= 1 s)\n' \
  "$submissions submissions queued, $curl_parallel in flight" "${accept_wide[0]}" "${accept_wide[1]}" "${accept_wide[2]}" \
  "${accept_wide[3]}" "$submissions" "${accept_wide[4]}"
printf '%-46s %s s  (%s/s; p99 %s ms per request; %s of %s got 202; %s took >= 1 s)\n' \
  "$submissions submissions queued, 4 in flight" "${accept_narrow[0]}" "${accept_narrow[1]}" "${accept_narrow[2]}" \
  "${accept_narrow[3]}" "$submissions" "${accept_narrow[4]}"
printf '%-46s %s s to accept, %s s until all had run\n' "$store_builds builds submitted, run, stored" "$fill_submit_seconds" "$fill_total_seconds"
printf '%-46s %s req/s, p99 %s ms\n' "GET /api/v1/builds/{id}" "$by_id_rps" "$by_id_p99"
printf '%-46s %s req/s, p99 %s ms\n' "GET /api/v1/builds?limit=50" "$list_rps" "$list_p99"
printf '%-46s %s req/s, p99 %s ms\n' "GET /api/v1/builds?limit=50&cursor=(half-way)" "$deep_rps" "$deep_p99"
printf '%-46s VmRSS %s MiB, VmHWM %s MiB  (before the reads: %s / %s)\n' "server memory, $store_builds builds in the store" \
  "$rss_after" "$hwm_after" "$rss_before" "$hwm_before"
printf '%-46s kiln.db %s MiB + WAL %s MiB\n' "SQLite store" "$db_mib" "$wal_mib"
if [ "${#problems[@]}" -gt 0 ]; then
  echo
  echo "problems (the figures above may not mean what they say):"
  printf '  %s\n' "${problems[@]}"
  exit 1
fi
