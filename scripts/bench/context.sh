#!/usr/bin/env bash
# Build context streaming: a 1 GiB tree of 50,000 files, sent several ways.
#  floor   tar -c | cat > /dev/null: GNU tar reading the same tree
#  kiln    context_bench into a counting sink: BuildContextStream alone
#          (goal: flat memory, peak RSS under 64 MB)
#  upload  kiln | curl, tar | curl and the docker CLI (legacy builder, the one
#          that POSTs a tar to /build) each sending the context to a stand-in
#          engine that only drains the body: the sender's cost, nothing else
#  e2e     kiln | curl and the docker CLI against the real dockerd, with the
#          same trivial Dockerfile (FROM scratch + COPY of one small file):
#          upload plus the engine unpacking and checksumming 1 GiB
# The tree is generated once under /tmp/kiln-bench-context (delete it to
# regenerate). Runs are warm-cache; each figure is the median of RUNS runs;
# end-to-end runs alternate kiln and docker so load on a shared host hits both.
# Usage: scripts/bench/context.sh [build-dir]     (RUNS=3 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${1:-build}"
runs="${RUNS:-3}"
bench="$build/bench/context_bench"
work=/tmp/kiln-bench-context
tree="$work/tree"
socket="${DOCKER_HOST:-unix:///var/run/docker.sock}"
socket="${socket#unix://}"
sink_socket="$work/drain-engine.sock"
dockerfile='FROM scratch\nCOPY marker /marker\n'

[ -x "$bench" ] || cmake --build "$build" --target context_bench >/dev/null
[ -x /usr/bin/time ] || { echo "installing GNU time for peak RSS figures"; apt-get install -y time >/dev/null; }

# --- the tree: 25 x 20 folders of 100 files, mostly small, some medium, a few
# large, scaled to exactly 1 GiB; contents are slices of random bytes.
if [ ! -f "$work/.complete" ]; then
  echo "generating $tree (once) ..."
  rm -rf "$work" && mkdir -p "$tree"
  python3 - "$tree" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(20240601)
sizes = []
for _ in range(50000):
    r = rng.random()
    if r < 0.88:   sizes.append(rng.randint(256, 8 * 1024))
    elif r < 0.996: sizes.append(rng.randint(16 * 1024, 160 * 1024))
    else:          sizes.append(rng.randint(1 << 20, 6 << 20))
scale = (1 << 30) / sum(sizes)
sizes = [max(1, int(s * scale)) for s in sizes]
sizes[-1] += (1 << 30) - sum(sizes)
pool = os.urandom(16 << 20)
i = 0
for top in range(25):
    for sub in range(20):
        folder = os.path.join(root, f"pkg{top:02d}", f"mod{sub:02d}")
        os.makedirs(folder)
        for n in range(100):
            size = sizes[i]; i += 1
            start = rng.randrange(0, len(pool) - min(size, len(pool)) + 1)
            with open(os.path.join(folder, f"f{n:03d}.dat"), "wb") as f:
                left = size
                while left > 0:
                    piece = pool[start:start + min(left, len(pool) - start)]
                    f.write(piece); left -= len(piece); start = 0
with open(os.path.join(root, "marker"), "w") as f:
    f.write("kiln context bench\n")
PY
  touch "$work/.complete"
fi
files=$(find "$tree" -type f | wc -l)
tree_bytes=$(du -sb "$tree" | cut -f1)

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rss_mib() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$1"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b-a}'; }
post() {  # socket: the tar on stdin goes to POST /build
  curl -sS --unix-socket "$1" -X POST -T - -H 'Content-Type: application/x-tar' \
    'http://localhost/build?t=kiln-bench-context:kiln&rm=1&forcerm=1'
}
declare -A secs rss
record() { secs[$1]+="$2 "; rss[$1]+="$3 "; }

# --- a stand-in engine: answers /_ping and drains POST /build bodies.
cat >"$work/drain_engine.py" <<'PY'
# A stand-in engine that only drains POST /build bodies: it times the sender, not the unpacking.
import json, os, socket, sys, threading
path, log = sys.argv[1], sys.argv[2]
try:
    os.unlink(path)
except FileNotFoundError:
    pass
server = socket.socket(socket.AF_UNIX)
server.bind(path)
server.listen(16)

def respond(conn, status, body=b"", extra="", head=False):
    conn.sendall((f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\nApi-Version: 1.41\r\nOstype: linux\r\n"
                  f"Server: Docker/20.10.24 (linux)\r\n{extra}\r\n").encode() + (b"" if head else body))

def serve(conn):
    f = conn.makefile("rb", buffering=1 << 20)
    while True:
        line = f.readline()
        if not line:
            return
        method, target = line.decode().split(" ")[:2]
        headers = {}
        while True:
            h = f.readline()
            if h in (b"\r\n", b"\n", b""):
                break
            k, v = h.decode().split(":", 1)
            headers[k.strip().lower()] = v.strip()
        if headers.get("expect", "").lower() == "100-continue":
            conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        received = 0
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int(f.readline().split(b";")[0], 16)
                if size == 0:
                    while f.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                left = size
                while left:
                    got = len(f.read(min(left, 1 << 20)))
                    left -= got
                    received += got
                f.readline()
        else:
            left = int(headers.get("content-length", "0"))
            while left:
                got = len(f.read(min(left, 1 << 20)))
                left -= got
                received += got
        with open(log, "a") as out:
            out.write(f"{method} {target} {received}\n")
        if target.endswith("/_ping"):
            respond(conn, "200 OK", b"OK", "Content-Type: text/plain\r\n", head=(method == "HEAD"))
        elif "/version" in target:
            respond(conn, "200 OK", json.dumps({"ApiVersion": "1.41", "MinAPIVersion": "1.12", "Version": "20.10.24",
                                                "Os": "linux", "Arch": "amd64"}).encode(), "Content-Type: application/json\r\n")
        elif "/build" in target:
            body = (json.dumps({"stream": f"received {received} bytes\n"}) + "\n" +
                    json.dumps({"aux": {"ID": "sha256:" + "0" * 64}}) + "\n").encode()
            respond(conn, "200 OK", body, "Content-Type: application/json\r\n")
        else:
            respond(conn, "404 Not Found", b'{"message":"not here"}', "Content-Type: application/json\r\n")

while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
PY
python3 "$work/drain_engine.py" "$sink_socket" "$work/drain.log" &
sink_pid=$!
trap 'kill "$sink_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -S "$sink_socket" ] && break; sleep 0.1; done

tar -C "$tree" -cf - . | cat >/dev/null  # warm the page cache

for _ in $(seq "$runs"); do
  s=$(now); /usr/bin/time -v -o "$work/t" tar -C "$tree" -cf - . | cat >/dev/null; e=$(now)
  record floor "$(elapsed "$s" "$e")" "$(rss_mib "$work/t")"

  /usr/bin/time -v -o "$work/t" "$bench" "$tree" >"$work/kiln.out"
  record kiln "$(awk '/^seconds/ {print $2}' "$work/kiln.out")" "$(rss_mib "$work/t")"
  buffer_kib=$(awk '/^peak_buffer_KiB/ {print $2}' "$work/kiln.out")

  s=$(now); /usr/bin/time -v -o "$work/t" tar -C "$tree" -cf - . | post "$sink_socket" >/dev/null; e=$(now)
  record tar_upload "$(elapsed "$s" "$e")" "$(rss_mib "$work/t")"

  s=$(now)
  /usr/bin/time -v -o "$work/t" "$bench" "$tree" --out - --dockerfile "$dockerfile" 2>/dev/null | post "$sink_socket" >/dev/null
  e=$(now)
  record kiln_upload "$(elapsed "$s" "$e")" "$(rss_mib "$work/t")"

  s=$(now)
  printf "$dockerfile" | DOCKER_HOST="unix://$sink_socket" DOCKER_BUILDKIT=0 /usr/bin/time -v -o "$work/t" \
    docker build -q -f - -t kiln-bench-context:cli "$tree" >"$work/cli.log" 2>&1 ||
    { echo "docker build (to the drain engine) failed:"; cat "$work/cli.log"; exit 1; }
  e=$(now)
  record cli_upload "$(elapsed "$s" "$e")" "$(rss_mib "$work/t")"
done
tar_bytes=$(awk '/^bytes/ {print $2}' "$work/kiln.out")

engine_up=0
if curl -fsS --max-time 2 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1 || scripts/start-engine.sh >/dev/null 2>&1; then
  engine_up=1
  for _ in $(seq "$runs"); do
    s=$(now)
    /usr/bin/time -v -o "$work/t" "$bench" "$tree" --out - --dockerfile "$dockerfile" 2>"$work/post.err" |
      post "$socket" >"$work/post.log"
    e=$(now)
    grep -q 'Successfully built' "$work/post.log" || { echo "the engine did not build kiln's context:"; cat "$work/post.log" "$work/post.err"; exit 1; }
    record kiln_e2e "$(elapsed "$s" "$e")" "$(rss_mib "$work/t")"

    s=$(now)
    printf "$dockerfile" | DOCKER_BUILDKIT=0 /usr/bin/time -v -o "$work/t" \
      docker build -q -f - -t kiln-bench-context:cli --rm "$tree" >"$work/cli.log" 2>&1 ||
      { echo "docker build failed:"; cat "$work/cli.log"; exit 1; }
    e=$(now)
    record cli_e2e "$(elapsed "$s" "$e")" "$(rss_mib "$work/t")"
  done
  docker rmi -f kiln-bench-context:kiln kiln-bench-context:cli >/dev/null 2>&1 || true
fi

row() {  # key label note
  local t r
  t=$(printf '%s\n' ${secs[$1]} | median)
  r=$(printf '%s\n' ${rss[$1]} | median)
  printf '%-46s %8s %7s %9s   %s\n' "$2" "$t" "$(awk -v b="$tar_bytes" -v t="$t" 'BEGIN {printf "%.0f", b/1e6/t}')" "$r" "$3"
}
echo
echo "context: $files files, $(awk -v b="$tree_bytes" 'BEGIN {printf "%.2f GiB", b/2^30}') on disk, tar $(awk -v b="$tar_bytes" 'BEGIN {printf "%.0f MB", b/1e6}')"
echo "median of $runs warm-cache runs; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-46s %8s %7s %9s   %s\n' "what" "seconds" "MB/s" "RSS MiB" "note (RSS is the sender's peak)"
row floor "tar -c | cat > /dev/null" "the floor: reading the tree"
row kiln "kiln BuildContextStream -> counting sink" "stream buffer peak ${buffer_kib} KiB"
row tar_upload "tar -c | curl -> drain-only engine" "ceiling of the drain engine"
row kiln_upload "kiln | curl -> drain-only engine" "RSS of kiln's process"
row cli_upload "docker CLI -> drain-only engine" "RSS of the docker CLI"
if [ "$engine_up" = 1 ]; then
  row kiln_e2e "kiln | curl -> dockerd /build (end to end)" "RSS of kiln's process"
  row cli_e2e "docker build -> dockerd (end to end)" "RSS of the docker CLI"
else
  echo "(no engine answered on $socket: the end-to-end rows are skipped)"
fi
echo "MB/s is the tar size over wall time. End-to-end rows include dockerd unpacking and checksumming the"
echo "context (identical work for both senders) and swing with host load; the drain-only rows isolate the sender."
