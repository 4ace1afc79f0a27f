#!/usr/bin/env bash
# Installs the pinned API fuzzer (tests/e2e/contract/requirements.txt) into a
# venv of its own and prints the path of its `schemathesis` executable.
#   scripts/install-schemathesis.sh [venv-dir]     default: build/schemathesis-venv
# Idempotent: a venv made from the same requirements file is reused as it is,
# so only the first run reaches PyPI. Safe to run from two tests at once (flock).
# Needs python3 with venv (Debian: python3-venv, which it installs when root).
set -euo pipefail
source_dir="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$source_dir/tests/e2e/contract/requirements.txt"
venv="${1:-$source_dir/build/schemathesis-venv}"
say() { echo "install-schemathesis: $*" >&2; }

# Debian's own interpreter: the one python3-venv completes (a pyenv shim may lack ensurepip).
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3) || { say "FAIL: no python3 (apt-get install python3 python3-venv)"; exit 1; }
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing python3-venv"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  "$python" -c 'import ensurepip, venv' 2>/dev/null || { say "FAIL: $python has no venv module (apt-get install python3-venv)"; exit 1; }
fi

mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ -x "$venv/bin/schemathesis" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv/bin/schemathesis"
  exit 0
fi
say "making $venv from $requirements"
rm -rf "$venv"
"$python" -m venv "$venv"
# No prompts, no version nag: this runs in CI with no stdin.
PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/pip" install -q -r "$requirements" >&2
"$venv/bin/schemathesis" --version >&2
echo "$want" >"$stamp"
echo "$venv/bin/schemathesis"
