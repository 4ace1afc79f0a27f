#!/usr/bin/env bash
# Build context streaming: a 1 GiB tree of 50,000 files, sent four ways.
#  1. tar -c | cat > /dev/null          the floor: GNU tar reading the same tree
#  2. kiln context_bench > counting sink kiln's BuildContextStream alone (goal: flat memory, < 64 MB RSS)
#  3. kiln context_bench | curl POST /build   kiln's stream into the engine, end to end
#  4. docker build (CLI, legacy builder)       the docker CLI sending the same context, end to end
# 3 and 4 run the same trivial Dockerfile (FROM scratch + COPY of one small
# file), so their time is the upload plus the engine unpacking the context.
# The tree is generated once under /tmp/kiln-bench-context (delete it to
# regenerate); all runs are warm-cache; each figure is the median of RUNS runs.
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

tar -C "$tree" -cf - . | cat >/dev/null  # warm the page cache

# 1. GNU tar floor
t_tar=(); r_tar=()
for _ in $(seq "$runs"); do
  s=$(now); /usr/bin/time -v -o "$work/time.tar" tar -C "$tree" -cf - . | cat >/dev/null; e=$(now)
  t_tar+=("$(elapsed "$s" "$e")"); r_tar+=("$(rss_mib "$work/time.tar")")
done

# 2. kiln stream into a counting sink
t_kiln=(); r_kiln=(); buf_kiln=()
for _ in $(seq "$runs"); do
  /usr/bin/time -v -o "$work/time.kiln" "$bench" "$tree" >"$work/kiln.out"
  t_kiln+=("$(awk '/^seconds/ {print $2}' "$work/kiln.out")")
  r_kiln+=("$(rss_mib "$work/time.kiln")")
  buf_kiln+=("$(awk '/^peak_buffer_KiB/ {print $2}' "$work/kiln.out")")
done
tar_bytes=$(awk '/^bytes/ {print $2}' "$work/kiln.out")

engine_up=0
if curl -fsS --max-time 2 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1 || scripts/start-engine.sh >/dev/null 2>&1; then
  engine_up=1
fi

t_post=(); r_post=(); t_cli=(); r_cli=()
if [ "$engine_up" = 1 ]; then
  # 3. kiln stream -> engine, with the Dockerfile injected into the context
  for _ in $(seq "$runs"); do
    s=$(now)
    /usr/bin/time -v -o "$work/time.post" "$bench" "$tree" --out - --dockerfile "$dockerfile" 2>"$work/post.err" |
      curl -sS --unix-socket "$socket" -X POST -T - -H 'Content-Type: application/x-tar' \
        'http://localhost/build?t=kiln-bench-context:kiln&rm=1&forcerm=1' >"$work/post.log"
    e=$(now)
    grep -q '"errorDetail"' "$work/post.log" && { echo "engine refused kiln's context:"; cat "$work/post.log"; exit 1; }
    grep -q 'Successfully built' "$work/post.log" || { echo "no build result from the engine:"; cat "$work/post.log" "$work/post.err"; exit 1; }
    t_post+=("$(elapsed "$s" "$e")"); r_post+=("$(rss_mib "$work/time.post")")
  done
  # 4. docker CLI, legacy builder: the one that uploads the context as a tar to
  # POST /build (BuildKit syncs files over a session instead; buildx is not
  # installed here).
  for _ in $(seq "$runs"); do
    s=$(now)
    printf "$dockerfile" | DOCKER_BUILDKIT=0 /usr/bin/time -v -o "$work/time.cli" \
      docker build -q -f - -t kiln-bench-context:cli --rm "$tree" >"$work/cli.log" 2>&1 ||
      { echo "docker build failed:"; cat "$work/cli.log"; exit 1; }
    e=$(now)
    t_cli+=("$(elapsed "$s" "$e")"); r_cli+=("$(rss_mib "$work/time.cli")")
  done
  docker rmi -f kiln-bench-context:kiln kiln-bench-context:cli >/dev/null 2>&1 || true
fi

row() {  # name seconds-list rss-list note
  local name="$1" t r
  t=$(printf '%s\n' $2 | median)
  r=$(printf '%s\n' $3 | median)
  printf '%-44s %9s %9s %12s   %s\n' "$name" "$t" "$(awk -v b="$tar_bytes" -v t="$t" 'BEGIN {printf "%.0f", b/1e6/t}')" "$r" "$4"
}
echo
echo "context: $files files, $(awk -v b="$tree_bytes" 'BEGIN {printf "%.2f GiB", b/2^30}') on disk, tar $(awk -v b="$tar_bytes" 'BEGIN {printf "%.0f MB", b/1e6}'); median of $runs warm-cache runs"
printf '%-44s %9s %9s %12s   %s\n' "what" "seconds" "MB/s" "peak RSS MiB" "note"
row "tar -c | cat > /dev/null (floor)" "${t_tar[*]}" "${r_tar[*]}" "GNU tar's RSS"
row "kiln BuildContextStream -> counting sink" "${t_kiln[*]}" "${r_kiln[*]}" "stream buffer peak $(printf '%s\n' "${buf_kiln[@]}" | sort -g | tail -1) KiB"
if [ "$engine_up" = 1 ]; then
  row "kiln stream | curl POST /build (end to end)" "${t_post[*]}" "${r_post[*]}" "RSS of kiln's process"
  row "docker build, legacy builder (end to end)" "${t_cli[*]}" "${r_cli[*]}" "RSS of the docker CLI"
else
  echo "(no engine answered on $socket: the end-to-end rows are skipped)"
fi
echo "MB/s is the tar size over the wall time; end-to-end rows include the engine unpacking the context."
