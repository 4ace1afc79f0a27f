#!/usr/bin/env bash
# Builds kiln's stack images (kiln/stack-<name>:bookworm) from Debian packages:
# no image can be pulled from a public registry here, so the base is a
# debootstrap'ed bookworm imported into the engine, and every other stack is a
# Dockerfile in scripts/stacks/ built FROM it.
#
#   scripts/make-stacks.sh [--force] [-j N] [stack ...]   build (default: all)
#   scripts/make-stacks.sh --list                         show stacks and state
#
# An image is rebuilt only when it is missing, when its recipe changed (the
# Dockerfile, or this script's base recipe), when the base under it was
# rebuilt, or with --force. Each build is checked by running its tools.
# Environment:
#   KILN_STACK_JOBS          builds at once after the base (default 2)
#   KILN_STACKS_LOG_DIR      where build logs go (default $TMPDIR/kiln-stacks)
#   KILN_DEBIAN_MIRROR       Debian mirror (default: the host's apt sources for
#                            bookworm, else debootstrap's default)
#   KILN_DEBIAN_SECURITY_MIRROR   likewise for bookworm-security
#   KILN_CA_BUNDLE           PEM bundle for stacks that download over HTTPS
#                            (deno, bun: a proxy's CA); default: the host's
#                            /etc/ssl/certs/ca-certificates.crt. It is put in
#                            the build context as kiln-ca.crt, for a fetch
#                            stage only, never in a stack image.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
stacks_dir="$repo_root/scripts/stacks"
suite=bookworm
# Longest builds first, so two at a time finish close together.
all_stacks=(base haskell swift node java scala rust go clojure php python ruby elixir crystal cpp cobol zig deno bun java-runtime swift-runtime static node-runtime python-runtime cc-runtime static-runtime minimal)

image_of() { printf 'kiln/stack-%s:%s\n' "$1" "$suite"; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}

die() { echo "make-stacks: $*" >&2; exit 1; }

# --- what each stack must be able to do -------------------------------------

# Run inside the image by `sh -c`; its output is the version summary printed.
# shellcheck disable=SC2016  # expanded by the shell in the image
check_command() {
  case "$1" in
    base) echo 'cat /etc/debian_version && curl --version | awk "NR == 1 { print \$1, \$2 }"' ;;
    node) echo 'node --version && npm --version && corepack --version' ;;
    python) echo 'python3 --version && python3 -m venv /tmp/venv && /tmp/venv/bin/pip --version' ;;
    go) echo 'go version && git --version' ;;
    rust) echo 'rustc --version && cargo --version && cd /tmp && cargo new -q --vcs none hello && cd hello && cargo build -q --offline && ./target/debug/hello' ;;
    java) echo 'java -version 2>&1 | sed -n 1p && javac -version && mvn -B -v 2>/dev/null | grep -o "Apache Maven [0-9.]*"' ;;
    java-runtime) echo 'java -version 2>&1 | sed -n 1p' ;;
    static) echo 'mkdir -p /tmp/site && echo ok >/tmp/site/index.html && (darkhttpd /tmp/site --port 18080 --no-listing >/dev/null 2>&1 &) && for i in 1 2 3 4 5 6 7 8 9 10; do curl -fsS http://127.0.0.1:18080/ 2>/dev/null && break; sleep 0.3; done | grep -qx ok && busybox | sed -n 1p' ;;
    ruby) echo 'ruby --version && bundle --version && gem --version' ;;
    php) echo 'php --version | sed -n 1p && COMPOSER_ALLOW_SUPERUSER=1 composer --version 2>/dev/null | sed -n 1p' ;;
    elixir) echo 'elixir --version | tail -n 1 && mix --version | tail -n 1 && erl -noshell -eval "io:format(\"otp ~s~n\", [erlang:system_info(otp_release)]), halt()."' ;;
    cpp) echo 'gcc --version | sed -n 1p && cmake --version | sed -n 1p && echo "meson $(meson --version)" && echo "ninja $(ninja --version)" && cd /tmp && printf "#include <iostream>\nint main() { std::cout << \"c++ ok\" << std::endl; }\n" >hello.cpp && g++ -O2 -o hello hello.cpp && ./hello' ;;
    cobol) echo 'cobc --version | sed -n 1p && cd /tmp && printf "       IDENTIFICATION DIVISION.\n       PROGRAM-ID. HELLO.\n       PROCEDURE DIVISION.\n           DISPLAY \"cobol ok\".\n           STOP RUN.\n" >hello.cob && cobc -x -o hello hello.cob && ./hello' ;;
    haskell) echo 'ghc --version && cabal --version | sed -n 1p && stack --version | sed -n 1p && for p in wai warp scotty; do ghc-pkg latest --global $p; done | tr "\n" " "' ;;
    clojure) echo 'java -version 2>&1 | sed -n 1p && lein version 2>/dev/null | sed -n 1p && clojure -e "(println \"clojure\" (clojure-version))"' ;;
    zig) echo 'echo "zig $(zig version)" && cd /tmp && printf "const std = @import(\"std\");\npub fn main() void { std.debug.print(\"zig ok\\\\n\", .{}); }\n" >hello.zig && zig run hello.zig' ;;
    crystal) echo 'crystal --version | sed -n 1p && cd /tmp && echo "puts \"crystal ok\"" >hello.cr && crystal build hello.cr -o hello && ./hello' ;;
    swift) echo 'swift --version 2>&1 | sed -n 1p && cd /tmp && mkdir hello && cd hello && swift package init --type executable >/dev/null && swift build -c release --static-swift-stdlib 2>&1 | tail -n 1 && .build/release/hello' ;;
    swift-runtime) echo 'ldd --version | sed -n 1p' ;;
    node-runtime) echo 'node -e "require(\"https\"); console.log(\"node\", process.version, Intl.DateTimeFormat().resolvedOptions().timeZone)" && ! command -v npm && ! command -v apt-get && ! command -v perl' ;;
    python-runtime) echo 'python3 -c "import ssl, sqlite3, json, zoneinfo; zoneinfo.ZoneInfo(\"Europe/Paris\"); print(\"python\", ssl.OPENSSL_VERSION)" && ! command -v pip3 && ! command -v apt-get && ! command -v perl' ;;
    cc-runtime) echo 'for f in /etc/ssl/certs/ca-certificates.crt /usr/share/zoneinfo/UTC /lib64/ld-linux-x86-64.so.2 /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/x86_64-linux-gnu/libgmp.so.10; do test -e "$f" || { echo "$f is missing"; exit 1; }; done && ! command -v apt-get && ! command -v gcc && ! command -v perl && echo "cc-runtime: glibc, libstdc++, gmp, libffi, dash"' ;;
    static-runtime) echo 'mkdir -p /tmp/site && echo ok >/tmp/site/index.html && (darkhttpd /tmp/site --port 18080 --no-listing >/dev/null 2>&1 &) && for i in 1 2 3 4 5 6 7 8 9 10; do wget -qO- http://127.0.0.1:18080/ 2>/dev/null && break; sleep 0.3; done | grep -qx ok && busybox | sed -n 1p' ;;
    scala) echo 'java -version 2>&1 | sed -n 1p && cd /tmp && jar xf /usr/local/lib/sbt/sbt-launch.jar sbt/sbt.boot.properties && grep -o "sbt.version=[^]]*" sbt/sbt.boot.properties | head -n 1 && command -v sbt' ;;
    deno) echo 'deno --version | sed -n 1p && cd /tmp && deno eval "console.log(\"deno ok\", Deno.version.deno)"' ;;
    bun) echo 'bun --version && bunx --version >/dev/null && cd /tmp && bun -e "console.log(\"bun ok\", Bun.version)"' ;;
    *) return 1 ;;
  esac
}

# A stack with no shell (nothing in it can run a check) is checked by the
# files it must hold and the shell it must not have; the output is a summary.
shellless_files() {
  case "$1" in
    minimal) echo 'etc/ssl/certs/ca-certificates.crt etc/passwd usr/share/zoneinfo/UTC etc/services tmp/' ;;
    *) return 1 ;;
  esac
}

check_stack() {
  local name="$1" image="$2" files f listing cid
  if ! files="$(shellless_files "$name")"; then
    docker run --rm --network host "$image" sh -ec "$(check_command "$name")"
    return
  fi
  cid="$(docker create "$image" /no-command)" || return 1
  listing="$(docker export "$cid" | tar -t)" || { docker rm "$cid" >/dev/null; return 1; }
  docker rm "$cid" >/dev/null
  for f in $files; do grep -qx "$f" <<<"$listing" || { echo "$f is missing"; return 1; }; done
  if grep -Eqx 'bin/sh|usr/bin/sh|usr/lib/x86_64-linux-gnu/libc.so.6' <<<"$listing"; then echo "a shell or a C library is in it"; return 1; fi
  echo "$name: $(grep -vc '/$' <<<"$listing") files, no shell, no C library"
}

# --- engine ------------------------------------------------------------------

engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

label_of() {
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

# --- recipes: what an image was built from ------------------------------------

# The base's recipe is the code below that makes it, so editing it rebuilds it.
base_recipe() {
  { declare -f build_base write_base_config host_apt_uri; echo "$suite"; } | sha256sum | cut -c1-16
}

# The Dockerfile and every folder of scripts/stacks it copies from (its own,
# or one it shares, such as runtime/).
stack_recipe() {
  local name="$1" folder
  {
    cat "$stacks_dir/$name.Dockerfile"
    for folder in "$stacks_dir"/*/; do
      folder="$(basename "$folder")"
      grep -Eq "^COPY[[:space:]]+$folder/" "$stacks_dir/$name.Dockerfile" || continue
      (cd "$stacks_dir" && find "$folder" -type f -print0 | sort -z | xargs -0 sha256sum)
    done
  } | sha256sum | cut -c1-16
}

recipe_of() {
  if [ "$1" = base ]; then base_recipe; else stack_recipe "$1"; fi
}

# Prints why the stack's image must be (re)built, or nothing if it is current.
build_reason() {
  local name="$1" image
  image="$(image_of "$name")"
  image_exists "$image" || { echo "missing"; return; }
  [ "$(label_of "$image" io.kiln.stack.recipe)" = "$(recipe_of "$name")" ] || { echo "recipe changed"; return; }
  if [ "$name" != base ]; then
    local base_id
    base_id="$(docker image inspect -f '{{.Id}}' "$(image_of base)" 2>/dev/null || true)"
    [ "$(label_of "$image" io.kiln.stack.base)" = "$base_id" ] || { echo "base image changed"; return; }
  fi
}

image_size() {
  local bytes
  bytes="$(docker image inspect -f '{{.Size}}' "$1" 2>/dev/null || echo 0)"
  echo "$((bytes / 1000000)) MB"
}

# --- the base: debootstrap, then import --------------------------------------

# Prints the first URI the host's apt sources give for a suite (one-line and
# deb822 formats), so no mirror is written down here.
host_apt_uri() {
  local want="$1" f
  {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -r "$f" ] || continue
      awk -v s="$want" '
        $1 == "deb" {
          i = 2
          if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
          if ($(i + 1) == s) print $i
        }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -r "$f" ] || continue
      awk -v s="$want" '
        BEGIN { RS = ""; FS = "\n" }
        {
          types = ""; uris = ""; suites = ""; enabled = "yes"
          for (j = 1; j <= NF; j++) {
            line = $j
            if (line ~ /^[ \t]*#/ || index(line, ":") == 0) continue
            key = tolower(substr(line, 1, index(line, ":") - 1))
            value = substr(line, index(line, ":") + 1)
            gsub(/^[ \t]+|[ \t]+$/, "", value)
            if (key == "types") types = value
            else if (key == "uris") uris = value
            else if (key == "suites") suites = value
            else if (key == "enabled") enabled = tolower(value)
          }
          if (enabled == "no" || (" " types " ") !~ / deb /) next
          n = split(suites, list, /[ \t]+/)
          for (m = 1; m <= n; m++) if (list[m] == s) { split(uris, u, /[ \t]+/); print u[1]; break }
        }' "$f"
    done
  } 2>/dev/null | head -n1
}

suite_reachable() {
  curl -fsS --max-time 15 -o /dev/null "$1/dists/$2/InRelease" 2>/dev/null
}

# Makes the rootfs behave like a container base: apt sources with updates
# and security, no recommends, no docs or translations, no package caches.
write_base_config() {
  local rootfs="$1" mirror="$2" security="$3" suites="$suite"
  if suite_reachable "$mirror" "$suite-updates"; then
    suites="$suites $suite-updates"
  else
    echo "note: $suite-updates is not reachable at $mirror; left out of the apt sources"
  fi
  {
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$mirror" "$suites"
    if [ -n "$security" ]; then
      printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$security" "$suite"
    fi
  } >"$rootfs/etc/apt/sources.list.d/debian.sources"
  rm -f "$rootfs/etc/apt/sources.list"

  cat >"$rootfs/etc/apt/apt.conf.d/90kiln" <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Acquire::GzipIndexes "true";
Acquire::CompressionTypes::Order:: "gz";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
CONF
  # Man page directories stay (empty): JDK postinst scripts link into man1.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/90kiln-slim" <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CONF
  # Layers are written once, by builds that start over on failure: a
  # per-file fsync only makes every apt-get install several times slower.
  echo force-unsafe-io >"$rootfs/etc/dpkg/dpkg.cfg.d/90kiln-unsafe-io"
  # No init system runs in a container: package scripts must not start daemons.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 0755 "$rootfs/usr/sbin/policy-rc.d"
}

build_base() {
  local image="$1" recipe="$2" work rootfs mirror security
  [ "$(id -u)" -eq 0 ] || die "the base is made with debootstrap and chroot, which need root: run as root"
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "installing debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
  fi
  work="$(mktemp -d "${TMPDIR:-/tmp}/kiln-stack-base.XXXXXX")"
  rootfs="$work/rootfs"
  # A failed debootstrap or chroot may leave proc mounted inside the rootfs:
  # unmount before deleting, and never cross into another file system.
  # shellcheck disable=SC2064  # the paths are fixed now, on purpose
  trap "awk -v w='$work/' 'index(\$2, w) == 1 { print \$2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l || true; rm -rf --one-file-system '$work'" EXIT

  local t=$SECONDS
  mirror="${KILN_DEBIAN_MIRROR:-$(host_apt_uri "$suite")}"
  echo "debootstrap $suite (minbase) from ${mirror:-the default mirror of debootstrap} into $rootfs"
  # shellcheck disable=SC2086  # an empty mirror means debootstrap's default
  debootstrap --variant=minbase --include=ca-certificates,curl,tzdata \
    "$suite" "$rootfs" ${mirror:+"$mirror"}
  echo "debootstrap took $((SECONDS - t)) s"
  t=$SECONDS
  # With no mirror given, debootstrap wrote its default into the rootfs.
  [ -n "$mirror" ] || mirror="$(awk '$1 == "deb" { print $2; exit }' "$rootfs/etc/apt/sources.list")"
  [ -n "$mirror" ] || die "could not tell which mirror debootstrap used"

  security="${KILN_DEBIAN_SECURITY_MIRROR:-$(host_apt_uri "$suite-security")}"
  if [ -z "$security" ] && [[ "$mirror" == */debian ]]; then security="${mirror}-security"; fi
  if [ -n "$security" ] && ! suite_reachable "$security" "$suite-security"; then
    echo "note: $suite-security is not reachable at $security; left out of the apt sources"
    security=""
  fi

  write_base_config "$rootfs" "$mirror" "$security"

  # Security and point-release fixes published after the suite's release.
  echo "applying $suite updates"
  mount -t proc proc "$rootfs/proc"
  chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -q && apt-get -y -q -o Dpkg::Options::=--force-confold upgrade && apt-get clean'
  umount "$rootfs/proc"
  echo "updates took $((SECONDS - t)) s"

  # What debootstrap left for itself, and files dpkg now excludes for new packages.
  (
    cd "$rootfs"
    rm -rf var/lib/apt/lists/* var/cache/apt/* var/cache/debconf/*-old var/lib/dpkg/*-old \
      var/log/* var/cache/ldconfig/aux-cache debootstrap
    find usr/share/doc -mindepth 1 ! -name copyright ! -type d -delete
    find usr/share/doc -mindepth 1 -type d -empty -delete
    find usr/share/man -mindepth 2 ! -type d -delete
    rm -rf usr/share/info/* usr/share/groff/* usr/share/lintian/*
    find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
    : >etc/resolv.conf
    echo localhost >etc/hostname
    rm -rf dev/* tmp/* var/tmp/*
  )

  echo "importing $image"
  tar --numeric-owner -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["bash"]' \
    --change "LABEL org.opencontainers.image.title=\"kiln stack: base\" org.opencontainers.image.description=\"Debian $suite (debootstrap minbase) with ca-certificates, curl and tzdata\" io.kiln.stack=base io.kiln.stack.recipe=$recipe" \
    - "$image"
}

# A copy of scripts/stacks with the CA bundle beside it (kiln-ca.crt, empty
# when there is none): the legacy builder has no secret mounts, so a stack that
# downloads over HTTPS copies it into a fetch stage it then leaves behind.
stack_context() {
  local context ca="${KILN_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
  context="$(mktemp -d "${TMPDIR:-/tmp}/kiln-stack-context.XXXXXX")"
  cp -R "$stacks_dir/." "$context/"
  if [ -s "$ca" ]; then cp "$ca" "$context/kiln-ca.crt"; else : >"$context/kiln-ca.crt"; fi
  echo "$context"
}

build_stack() {
  local name="$1" image recipe base_id previous
  image="$(image_of "$name")"
  recipe="$(recipe_of "$name")"
  previous="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
  if [ "$name" = base ]; then
    build_base "$image" "$recipe"
  else
    base_id="$(docker image inspect -f '{{.Id}}' "$(image_of base)")"
    # The legacy builder: Debian's docker.io has no buildx, and it is the one
    # that takes --network host on every engine version.
    # --force means fresh packages, not the layer cache's.
    local no_cache=()
    [ "$force" -eq 1 ] && no_cache=(--no-cache)
    local context
    context="$(stack_context)"
    # shellcheck disable=SC2064  # the path is fixed now, on purpose
    trap "rm -rf '$context'" EXIT
    DOCKER_BUILDKIT=0 docker build --network host --pull=false --force-rm "${no_cache[@]}" \
      --label "io.kiln.stack.recipe=$recipe" --label "io.kiln.stack.base=$base_id" \
      -t "$image" -f "$context/$name.Dockerfile" "$context"
  fi
  echo "checking $image"
  if ! check_stack "$name" "$image"; then
    # A broken image must not count as built next time.
    docker rmi "$image" >/dev/null 2>&1 || true
    echo "check failed: $(check_command "$name" || shellless_files "$name")"
    return 1
  fi
  # The image this one replaced, unless other tags or images still use it.
  if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$image")" ]; then
    docker rmi "$previous" >/dev/null 2>&1 || true
  fi
}

# --- command line --------------------------------------------------------------

force=0
list=0
jobs="${KILN_STACK_JOBS:-2}"
selected=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --force) force=1 ;;
    --list) list=1 ;;
    -j) [ "$#" -ge 2 ] || die "-j needs a number"; jobs="$2"; shift ;;
    -j*) jobs="${1#-j}" ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *)
      known=0
      for s in "${all_stacks[@]}"; do [ "$s" = "$1" ] && known=1; done
      [ "$known" -eq 1 ] || die "unknown stack '$1'; stacks: ${all_stacks[*]}"
      selected+=("$1") ;;
  esac
  shift
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "-j wants a positive number, not '$jobs'"
[ "${#selected[@]}" -gt 0 ] || selected=("${all_stacks[@]}")

if ! command -v docker >/dev/null 2>&1; then
  die "the docker command is missing (Debian package docker.io)"
fi

if [ "$list" -eq 1 ]; then
  engine_answers || die "container engine not reachable at ${DOCKER_HOST:-unix:///var/run/docker.sock}: run scripts/start-engine.sh"
  printf '%-13s %-32s %-10s %s\n' STACK IMAGE SIZE STATE
  for name in "${selected[@]}"; do
    image="$(image_of "$name")"
    reason="$(build_reason "$name")"
    if [ "$reason" = missing ]; then
      printf '%-13s %-32s %-10s %s\n' "$name" "$image" - missing
    else
      printf '%-13s %-32s %-10s %s\n' "$name" "$image" "$(image_size "$image")" "${reason:-up to date}"
    fi
  done
  exit 0
fi

if ! engine_answers; then
  "$repo_root/scripts/start-engine.sh" || die "container engine not reachable at ${DOCKER_HOST:-unix:///var/run/docker.sock}"
fi

log_dir="${KILN_STACKS_LOG_DIR:-${TMPDIR:-/tmp}/kiln-stacks}"
mkdir -p "$log_dir"

set -m
declare -A started=() pid_of=()
failed=()
total_start=$SECONDS

report_failure() {
  local name="$1" log="$log_dir/$1.log"
  echo "[$name] FAILED after $(( SECONDS - started[$name] )) s; last lines of $log:" >&2
  tail -n 40 "$log" | sed "s/^/[$name] | /" >&2
  failed+=("$name")
}

report_success() {
  local name="$1" image summary
  image="$(image_of "$name")"
  # The check's output (versions) is the end of the log.
  summary="$(awk '/^checking kiln\/stack-/ { keep = 1; out = ""; next } keep { out = out (out ? "; " : "") $0 } END { print out }' "$log_dir/$name.log")"
  echo "[$name] built in $(( SECONDS - started[$name] )) s, $(image_size "$image"): $summary"
}

start_build() {
  local name="$1"
  started[$name]=$SECONDS
  echo "[$name] building $(image_of "$name") ($2; log: $log_dir/$name.log)"
  # Its own process group (set -m), so cancelling stops docker and debootstrap too.
  ( trap 'exit 143' TERM; build_stack "$name" ) >"$log_dir/$name.log" 2>&1 </dev/null &
  pid_of[$name]=$!
}

cancel_builds() {
  local name
  for name in "${!pid_of[@]}"; do kill -TERM -- "-${pid_of[$name]}" 2>/dev/null || true; done
}
trap 'cancel_builds; echo "stacks: cancelled" >&2; exit 130' INT TERM

want() {
  local name="$1" s
  for s in "${selected[@]}"; do [ "$s" = "$name" ] && return 0; done
  return 1
}

# The base first, alone: every other stack is built FROM it. It is built
# when selected with --force, and whenever it is missing or stale.
base_reason="$(build_reason base)"
if want base && [ "$force" -eq 1 ]; then base_reason="${base_reason:-forced}"; fi
if [ -n "$base_reason" ]; then
  start_build base "$base_reason"
  if wait "${pid_of[base]}"; then
    report_success base
  else
    report_failure base
    die "the base failed, so no other stack can be built"
  fi
  unset 'pid_of[base]'
elif want base; then
  echo "[base] up to date ($(image_size "$(image_of base)"))"
fi

queue=()
for name in "${selected[@]}"; do
  [ "$name" = base ] && continue
  reason="$(build_reason "$name")"
  if [ "$force" -eq 1 ]; then reason="${reason:-forced}"; fi
  if [ -z "$reason" ]; then
    echo "[$name] up to date ($(image_size "$(image_of "$name")"))"
  else
    queue+=("$name:$reason")
  fi
done

while [ "${#queue[@]}" -gt 0 ] || [ "${#pid_of[@]}" -gt 0 ]; do
  while [ "${#queue[@]}" -gt 0 ] && [ "${#pid_of[@]}" -lt "$jobs" ]; do
    entry="${queue[0]}"
    queue=("${queue[@]:1}")
    start_build "${entry%%:*}" "${entry#*:}"
  done
  sleep 1
  for name in "${!pid_of[@]}"; do
    kill -0 "${pid_of[$name]}" 2>/dev/null && continue
    if wait "${pid_of[$name]}"; then report_success "$name"; else report_failure "$name"; fi
    unset "pid_of[$name]"
  done
done

# Stacks left out of this run but built on an older base.
for name in "${all_stacks[@]}"; do
  want "$name" && continue
  [ "$(build_reason "$name")" = "base image changed" ] \
    && echo "note: $(image_of "$name") was built on the previous base; run scripts/make-stacks.sh $name"
done

echo "stacks: done in $(( SECONDS - total_start )) s"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "stacks: FAILED: ${failed[*]} (logs in $log_dir)" >&2
  exit 1
fi
