#!/usr/bin/env bash
# Builds kiln's stack images, the ones stacks/catalogue.toml lists, from Debian
# packages and pinned downloads: no image can be pulled from a public registry
# here, so a base is a debootstrap'ed Debian suite imported into the engine, and
# every other stack is a Dockerfile in scripts/stacks/ built FROM its base.
#
#   scripts/make-stacks.sh [--force] [-j N] [stack ...]   build (default: all)
#   scripts/make-stacks.sh --list                         show stacks and state
#
# An image is rebuilt only when it is missing, when its recipe changed (the
# Dockerfile, or this script's base recipe), when the base under it was
# rebuilt, or with --force. Each build is checked by running its tools, and
# the runtime version it reports must be one the catalogue says it provides.
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
catalogue="$repo_root/stacks/catalogue.toml"

die() { echo "make-stacks: $*" >&2; exit 1; }

# --- the catalogue -------------------------------------------------------------

# Every field of every stack, read once by a real TOML parser (python3's
# tomllib) into shell arrays. The catalogue's order is the build order
# (longest builds first, so two at a time finish close together).
command -v python3 >/dev/null 2>&1 || die "python3 (3.11 or newer, for tomllib) is needed to read $catalogue"
read_catalogue() {
  python3 - "$catalogue" <<'PY'
import shlex, sys, tomllib
with open(sys.argv[1], "rb") as f:
    stacks = tomllib.load(f).get("stack", [])
q = shlex.quote
bases = [s["name"] for s in stacks if "debootstrap" in s]
print("all_stacks=(" + " ".join(q(s["name"]) for s in stacks) + ")")
for s in stacks:
    n = q(s["name"])
    if ("recipe" in s) == ("debootstrap" in s):
        sys.exit(f"stack {s['name']}: give exactly one of recipe and debootstrap")
    if "recipe" in s and s.get("base") not in bases:
        sys.exit(f"stack {s['name']}: base must name a stack made by debootstrap ({', '.join(bases)})")
    print(f"stack_image[{n}]={q(s['image'])}")
    print(f"stack_recipe[{n}]={q(s.get('recipe', ''))}")
    print(f"stack_suite[{n}]={q(s.get('debootstrap', ''))}")
    print(f"stack_base[{n}]={q(s.get('base', ''))}")
    print(f"stack_args[{n}]=" + q(" ".join(f"{k}={v}" for k, v in sorted(s.get("args", {}).items()))))
    if ("check" in s) == ("files" in s):
        sys.exit(f"stack {s['name']}: give exactly one of check (a command) and files (for a stack with no shell)")
    print(f"stack_check[{n}]={q(s.get('check', ''))}")
    print(f"stack_files[{n}]={q(' '.join(s.get('files', [])))}")
    print(f"stack_version[{n}]={q(s.get('version', ''))}")
    print(f"stack_versions[{n}]={q(' '.join(s.get('versions', [])))}")
PY
}
declare -A stack_image=() stack_recipe=() stack_suite=() stack_base=() stack_args=() stack_check=() stack_files=() stack_version=() stack_versions=()
catalogue_shell="$(read_catalogue)" || die "cannot read $catalogue"
eval "$catalogue_shell"

image_of() { printf '%s\n' "${stack_image[$1]}"; }
is_base() { [ -n "${stack_suite[$1]}" ]; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}

# --- what each stack must be able to do -------------------------------------

# Run inside the image by `sh -c`; its output is the version summary printed.
check_command() { printf '%s\n' "${stack_check[$1]}"; }

# Fails unless the runtime version the image reports is one the catalogue
# lists ("17" also stands for 17.0.21.1).
check_version() {
  local name="$1" image="$2" reported v
  [ -n "${stack_version[$name]}" ] || return 0
  reported="$(docker run --rm --network host "$image" sh -ec "${stack_version[$name]}")" || return 1
  for v in ${stack_versions[$name]}; do
    if [ "$reported" = "$v" ] || [ "${reported#"$v".}" != "$reported" ]; then echo "version $reported"; return 0; fi
  done
  echo "version check failed: the image reports '$reported'; stacks/catalogue.toml says ${stack_versions[$name]:-nothing}"
  return 1
}

# A stack with no shell (nothing in it can run a check) is checked by the
# files the catalogue says it must hold and the shell it must not have; the
# output is a summary.
check_stack() {
  local name="$1" image="$2" files f listing cid
  files="${stack_files[$name]}"
  if [ -z "$files" ]; then
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

# A base's recipe is the code below that makes it, and its suite, so editing
# either rebuilds it.
base_recipe() {
  local suite="${stack_suite[$1]}"
  { declare -f build_base write_base_config host_apt_uri; echo "$suite"; } | sha256sum | cut -c1-16
}

# A Dockerfile's recipe: the file, the folder of the same name beside it and
# every folder of scripts/stacks it copies from (one it shares, such as
# runtime/), and the build arguments the catalogue gives it (when it gives any).
stack_recipe() {
  local name="$1" file="${stack_recipe[$1]}" folder
  {
    cat "$stacks_dir/$file"
    for folder in "$stacks_dir"/*/; do
      folder="$(basename "$folder")"
      [ "$folder" = "${file%.Dockerfile}" ] || grep -Eq "^COPY[[:space:]]+$folder/" "$stacks_dir/$file" || continue
      (cd "$stacks_dir" && find "$folder" -type f -print0 | sort -z | xargs -0 sha256sum)
    done
    if [ -n "${stack_args[$name]}" ]; then printf '%s\n' "${stack_args[$name]}"; fi
  } | sha256sum | cut -c1-16
}

recipe_of() {
  if is_base "$1"; then base_recipe "$1"; else stack_recipe "$1"; fi
}

# Prints why the stack's image must be (re)built, or nothing if it is current.
build_reason() {
  local name="$1" image
  image="$(image_of "$name")"
  image_exists "$image" || { echo "missing"; return; }
  [ "$(label_of "$image" io.kiln.stack.recipe)" = "$(recipe_of "$name")" ] || { echo "recipe changed"; return; }
  if ! is_base "$name"; then
    local base_id
    base_id="$(docker image inspect -f '{{.Id}}' "$(image_of "${stack_base[$name]}")" 2>/dev/null || true)"
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
  if is_base "$name"; then
    # build_base reads the suite from the caller (it is part of its recipe).
    local suite="${stack_suite[$name]}"
    build_base "$image" "$recipe"
  else
    local base_image args=() arg
    base_image="$(image_of "${stack_base[$name]}")"
    base_id="$(docker image inspect -f '{{.Id}}' "$base_image")"
    for arg in ${stack_args[$name]}; do args+=(--build-arg "$arg"); done
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
      --label "io.kiln.stack=$name" --label "io.kiln.stack.recipe=$recipe" --label "io.kiln.stack.base=$base_id" \
      --build-arg "BASE=$base_image" "${args[@]}" \
      -t "$image" -f "$context/${stack_recipe[$name]}" "$context"
  fi
  echo "checking $image"
  if ! check_stack "$name" "$image"; then
    # A broken image must not count as built next time.
    docker rmi "$image" >/dev/null 2>&1 || true
    echo "check failed: ${stack_check[$name]:-the files ${stack_files[$name]}}"
    return 1
  fi
  if ! check_version "$name" "$image"; then
    docker rmi "$image" >/dev/null 2>&1 || true
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
  summary="$(awk '/^checking / { keep = 1; out = ""; next } keep { out = out (out ? "; " : "") $0 } END { print out }' "$log_dir/$name.log")"
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

# The bases first, one at a time: every other stack is built FROM one. A
# base is built when selected with --force, and whenever it is missing or
# stale and it or a stack on it is selected.
for base in "${all_stacks[@]}"; do
  is_base "$base" || continue
  needed=0
  want "$base" && needed=1
  for name in "${selected[@]}"; do [ "${stack_base[$name]}" = "$base" ] && needed=1; done
  [ "$needed" -eq 1 ] || continue
  base_reason="$(build_reason "$base")"
  if want "$base" && [ "$force" -eq 1 ]; then base_reason="${base_reason:-forced}"; fi
  if [ -n "$base_reason" ]; then
    start_build "$base" "$base_reason"
    if wait "${pid_of[$base]}"; then
      report_success "$base"
    else
      report_failure "$base"
      die "the base $base failed, so no stack on it can be built"
    fi
    unset "pid_of[$base]"
  elif want "$base"; then
    echo "[$base] up to date ($(image_size "$(image_of "$base")"))"
  fi
done

queue=()
for name in "${selected[@]}"; do
  is_base "$name" && continue
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
