#!/usr/bin/env bash
# Installs what kiln needs from Debian packages, then configures and builds it.
# Idempotent: packages already present are skipped, the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost-dev libboost-filesystem-dev libboost-system-dev
  liblua5.4-dev nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libvalijson-dev  # valijson: JSON Schema validation of plugin output
  libgtest-dev libgmock-dev libyaml-cpp-dev libcurl4-openssl-dev libarchive-dev libssl-dev libsqlite3-dev libcpp-httplib-dev apache2-utils
  docker.io docker-registry podman debootstrap curl hyperfine jq time wrk
  clang libc++-dev libc++abi-dev   # the out-of-tree SDK test builds a buildpack with another compiler and standard library
  python3-venv iproute2  # the API fuzzer of tests/e2e/serve_contract.sh and its network namespace
  tmux  # tests/e2e/progress_tty.sh runs kiln build in a real terminal
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_dir="${KILN_BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${KILN_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build "$build_dir" -j "${KILN_JOBS:-2}"
# The API fuzzer of tests/e2e/serve_contract.sh, pinned, from PyPI into a venv of the build (the test reuses it).
bash scripts/install-schemathesis.sh "$build_dir/schemathesis-venv" >/dev/null
