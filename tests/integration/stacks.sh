#!/usr/bin/env bash
# kiln's stack images, as scripts/make-stacks.sh builds them: each exists and
# its tools run. Needs the container engine; without it this test fails, since
# kiln's builds cannot work without it either.
set -euo pipefail
: "${KILN_SOURCE_DIR:?}"
fail() { echo "FAIL: $*"; exit 1; }

engine="${DOCKER_HOST:-unix:///var/run/docker.sock}"
command -v docker >/dev/null 2>&1 \
  || fail "the docker command is missing: run scripts/setup.sh, then scripts/start-engine.sh"
if ! err=$(docker version --format '{{.Server.Version}}' 2>&1); then
  echo "=================================================================="
  echo "container engine not reachable at $engine: run scripts/start-engine.sh"
  echo "$err"
  echo "=================================================================="
  fail "container engine not reachable at $engine"
fi

# The image stacks/catalogue.toml gives a stack.
image_of() {
  python3 -c 'import sys, tomllib
print(next(s["image"] for s in tomllib.load(open(sys.argv[1], "rb"))["stack"] if s["name"] == sys.argv[2]))' \
    "$KILN_SOURCE_DIR/stacks/catalogue.toml" "$1"
}

# Every stack of a runtime must do the same.
node_check='node --version && npm --version && corepack --version && node -e "require(\"https\"); console.log(\"node ok\")"'
python_check='python3 --version && python3 -m venv --help >/dev/null && python3 -m venv /tmp/v && /tmp/v/bin/pip --version'
go_check='go version && git --version && mkdir /tmp/h && cd /tmp/h && printf "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"go ok\") }\n" >main.go && go mod init example.com/h 2>/dev/null && go build -o h . && ./h'
# stack, then a shell command run in its image; its output is shown.
checks=(
  base 'cat /etc/debian_version && curl --version | sed -n 1p && test -f /usr/share/zoneinfo/Europe/Paris'
  node-22 "$node_check"
  node-20 "$node_check"
  python-3.11 "$python_check"
  python-3.13 "$python_check"
  go-1.26 "$go_check"
  go-1.27 "$go_check"
  rust 'rustc --version && cargo --version && cd /tmp && cargo new -q --vcs none h && cd h && cargo build -q --offline && ./target/debug/h'
  java 'mvn -B -v 2>/dev/null | grep -o "Apache Maven [0-9.]*" && java -version 2>&1 | sed -n 1p && javac -version && cd /tmp && printf "class H { public static void main(String[] a) { System.out.println(\"java ok\"); } }\n" >H.java && javac H.java && java H'
  java-runtime 'java -version 2>&1 | sed -n 1p && ! command -v javac'
  static 'darkhttpd --help | sed -n 1p && mkdir -p /tmp/site && echo "static ok" >/tmp/site/index.html && (darkhttpd /tmp/site --port 18080 --no-listing >/dev/null 2>&1 &) && for i in 1 2 3 4 5 6 7 8 9 10; do curl -fsS http://127.0.0.1:18080/ 2>/dev/null && break; sleep 0.3; done'
  ruby 'ruby --version && bundle --version && gem --version && ruby -e "require \"json\"; puts JSON.generate(ok: 1)"'
  php 'php --version | sed -n 1p && COMPOSER_ALLOW_SUPERUSER=1 composer --version 2>/dev/null | sed -n 1p && php -m | grep -qx mbstring && php -m | grep -qx curl && php -m | grep -qx xml && command -v unzip'
  deno 'deno --version | sed -n 1p && cd /tmp && deno eval "console.log(JSON.stringify({deno: typeof Deno.serve}))" && ! test -e /tmp/kiln-ca.crt'
  bun 'bun --version && cd /tmp && bun -e "console.log(JSON.stringify({bun: typeof Bun.serve}))" && ! test -e /tmp/kiln-ca.crt'
)
expect=(
  base '^12\.'
  node-22 '^v22\.'
  node-20 '^v20\.'
  python-3.11 'python 3\.11'
  python-3.13 'python 3\.13'
  go-1.26 'go1\.26\.'
  go-1.27 'go1\.27\.'
  rust 'Hello, world!'
  java 'java ok'
  java-runtime 'openjdk version "17'
  static 'static ok'
  ruby '\{"ok":1\}'
  php '/unzip$'
  deno '\{"deno":"function"\}'
  bun '\{"bun":"function"\}'
)

failed=()
for ((i = 0; i < ${#checks[@]}; i += 2)); do
  stack="${checks[i]}"
  image="$(image_of "$stack")"
  want="${expect[i + 1]}"
  [ "${expect[i]}" = "$stack" ] || fail "test table out of order at $stack"
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    echo "FAIL: $image does not exist: run scripts/make-stacks.sh"
    failed+=("$stack")
    continue
  fi
  label=$(docker image inspect -f '{{ index .Config.Labels "io.kiln.stack" }}' "$image")
  if [ "$label" != "$stack" ]; then
    echo "FAIL: $image has label io.kiln.stack='$label', want '$stack'"
    failed+=("$stack")
    continue
  fi
  set +e
  out=$(docker run --rm --network host "$image" sh -ec "${checks[i + 1]}" 2>&1)
  rc=$?
  set -e
  echo "--- $stack"
  echo "$out"
  if [ "$rc" -ne 0 ]; then
    echo "FAIL: $stack: the check exited $rc"
    failed+=("$stack")
  elif ! grep -Eq -- "$want" <<<"$out"; then
    echo "FAIL: $stack: no line matching /$want/ in the output"
    failed+=("$stack")
  fi
done

[ "${#failed[@]}" -eq 0 ] || fail "stacks: ${failed[*]}"
echo "all stacks work"
