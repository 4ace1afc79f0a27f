#!/usr/bin/env bash
# Installs kiln into a temporary prefix and builds buildpacks out of tree
# against the installed SDK, with settings kiln itself was not built with, then
# checks the installed kiln loads and runs them beside the bundled buildpacks:
#   * the SDK's native template (C++) with -std=c++17 and -D_GLIBCXX_USE_CXX11_ABI=0
#     (the old std::string and std::list layout: nothing C++ may cross the boundary);
#   * the same template with clang++ and libc++ when they are installed;
#   * a plain C buildpack (gcc -std=c99) speaking only ABI 1, the oldest kiln speaks.
set -euo pipefail
: "${KILN_SOURCE_DIR:?}" "${KILN_BINARY_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$KILN_BINARY_DIR" --prefix "$work/prefix" >/dev/null
kiln="$work/prefix/bin/kiln"

mkdir -p "$work/app"
echo '{}' >"$work/app/deno.json"
echo 'Deno.serve(() => new Response("hi"))' >"$work/app/main.ts"
# kiln ships kiln.deno, which scores a deno.json above the template: the app picks the template by id.
echo 'buildpack = "com.example.deno"' >"$work/app/kiln.toml"

check_template_build() {  # <name> <cmake args...>
  local name=$1; shift
  cp -r "$KILN_SOURCE_DIR/sdk/templates/native-buildpack" "$work/src-$name"
  cmake -S "$work/src-$name" -B "$work/build-$name" -DCMAKE_PREFIX_PATH="$work/prefix" "$@" >/dev/null
  cmake --build "$work/build-$name" >/dev/null
  local so="$work/build-$name/deno_buildpack/deno_buildpack.so"
  [ -f "$so" ] || fail "$name: no $so"
  # The library exports the four C functions and no C++ symbol of kiln's SDK.
  local exported
  exported=$(nm -D --defined-only "$so" | awk '{print $3}' | grep '^kiln_' | sort | tr '\n' ' ')
  [ "$exported" = "kiln_buildpack_detect kiln_buildpack_free kiln_buildpack_generate kiln_buildpack_info " ] ||
    fail "$name: exported kiln symbols are: $exported"
  local list report
  list=$("$kiln" --plugin-dir "$work/build-$name" buildpacks list)
  grep -q "com.example.deno .*native .*deno_buildpack.so" <<<"$list" || { echo "$list"; fail "$name: template buildpack not listed"; }
  report=$("$kiln" --plugin-dir "$work/build-$name" detect "$work/app" --json)
  [ "$(jq -r .buildpack <<<"$report")" = com.example.deno ] || { echo "$report"; fail "$name: deno app not detected"; }
  jq -e '.candidates[] | select(.buildpack == "com.example.deno" and .score == 70)' <<<"$report" >/dev/null \
    || { echo "$report"; fail "$name: the template's own detection is not among the candidates"; }
  [ "$(jq -r .start_cmd <<<"$report")" = "deno run --allow-net --allow-env main.ts" ] || { echo "$report"; fail "$name: start_cmd"; }
  echo "PASS: $name"
}

list=$("$kiln" buildpacks list)
grep -q "kiln.node .*native .*$work/prefix/lib/kiln/buildpacks/kiln_node/kiln_node.so" <<<"$list" || { echo "$list"; fail "installed bundled buildpacks not found"; }
grep -q "kiln.ruby .*lua " <<<"$list" || fail "installed Lua buildpacks not found"

check_template_build cxx17-old-abi -DCMAKE_CXX_STANDARD=17 -DCMAKE_CXX_FLAGS=-D_GLIBCXX_USE_CXX11_ABI=0
if command -v clang++ >/dev/null && echo '#include <string>' | clang++ -stdlib=libc++ -x c++ -fsyntax-only - 2>/dev/null; then
  check_template_build clang-libcxx -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS=-stdlib=libc++ -DCMAKE_SHARED_LINKER_FLAGS=-stdlib=libc++
else
  echo "SKIP: clang++ with libc++ is not installed (apt-get install clang libc++-dev libc++abi-dev to run this case)"
fi

# Plain C, by hand: only abi.h, no CMake package at all.
mkdir -p "$work/c/c_v1"
cp "$KILN_SOURCE_DIR/tests/fixtures/plugins/native/c_abi_v1/buildpack.toml" "$work/c/c_v1/"
gcc -std=c99 -Wall -Werror -fPIC -shared -I"$work/prefix/include" \
  -o "$work/c/c_v1/fixture_c_abi_v1.so" "$KILN_SOURCE_DIR/tests/fixtures/plugins/native/c_abi_v1/c_abi_v1.c"
mkdir -p "$work/capp" && printf '# serve\nall:\n\tcc -o server server.c\n' >"$work/capp/Makefile"
report=$("$kiln" --plugin-dir "$work/c" detect "$work/capp" --json)
[ "$(jq -r .buildpack <<<"$report")" = com.example.c-v1 ] || { echo "$report"; fail "C buildpack (ABI 1) not chosen"; }
[ "$(jq -r .start_cmd <<<"$report")" = "./server" ] || { echo "$report"; fail "C buildpack start_cmd"; }
echo "PASS: plain C on ABI 1"
echo "PASS: out-of-tree buildpacks built against the installed SDK with other settings load and work"
