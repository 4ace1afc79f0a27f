#!/usr/bin/env bash
# The SDK's two example buildpacks, sdk/examples/lua-hello and native-hello, through the whole
# author's loop: build (native: out of tree against an installed kiln), test against their
# fixtures, pack, sign, publish to a directory registry, install by range into a fresh plugin
# dir, and kiln detect and plan use them.
set -euo pipefail
: "${KILN_SOURCE_DIR:?}" "${KILN_BINARY_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
export KILN_REGISTRY_CONFIG="$work/registries.toml" KILN_USER_PLUGIN_DIR="$work/user-plugins" KILN_CACHE_DIR="$work/cache"
unset KILN_PLUGIN_PATH

cmake --install "$KILN_BINARY_DIR" --prefix "$work/prefix" >/dev/null
kiln="$work/prefix/bin/kiln"
"$kiln" buildpacks keygen "$work/key" >/dev/null
"$kiln" registry add examples "$work/registry" --trust "$work/key.pub" >/dev/null

for example in lua-hello native-hello; do
  cp -r "$KILN_SOURCE_DIR/sdk/examples/$example" "$work/$example"
  id=$(sed -n 's/^id = "\(.*\)"/\1/p' "$work/$example/buildpack.toml")
  if [ "$example" = native-hello ]; then
    cmake -S "$work/$example" -B "$work/$example/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
    cmake --build "$work/$example/build" >/dev/null
  fi
  out=$("$kiln" buildpacks test "$work/$example") || fail "$example fails its fixtures: $out"
  grep -q "$id@1.0.0: 3 passed, 0 failed" <<<"$out" || fail "$example: $out"
  "$kiln" buildpacks pack "$work/$example" -o "$work/$example.tar.gz" >/dev/null
  "$kiln" buildpacks sign "$work/$example.tar.gz" --key "$work/key" >/dev/null
  "$kiln" buildpacks publish "$work/$example.tar.gz" --registry examples >/dev/null
  "$kiln" buildpacks install "$id@^1" --plugin-dir "$work/plugins-$example" | grep -q "installed $id@1.0.0 from examples" ||
    fail "$example: install"
  app="$work/$example/fixtures/greeting-port"
  "$kiln" --no-bundled --plugin-dir "$work/plugins-$example" detect "$app" --json | jq -e --arg id "$id" '.buildpack == $id and .port == 9000' >/dev/null ||
    fail "$example: detect does not use the installed buildpack"
  "$kiln" --no-bundled --plugin-dir "$work/plugins-$example" plan "$app" | jq -e '.start == {"argv": ["busybox", "httpd", "-f", "-p", "9000", "-h", "/app/www"]} or .start[0] == "busybox"' >/dev/null ||
    fail "$example: plan"
done
# Both examples plan the same app the same way (one in Lua, one in C++).
jq -S '.plan | del(.buildpack)' "$work/lua-hello/expected/greeting.json" >"$work/lua.json"
jq -S '.plan | del(.buildpack)' "$work/native-hello/expected/greeting.json" >"$work/native.json"
diff "$work/lua.json" "$work/native.json" || fail "the Lua and native examples plan differently"
jq -e '.platform == "linux-x86_64-gnu" or .platform == "linux-aarch64-gnu"' "$work/registry/index/com.example.hello-native" >/dev/null ||
  fail "the native package's index line has no platform: $(cat "$work/registry/index/com.example.hello-native")"
# A scaffolded native buildpack builds against the SDK and passes its own fixtures.
"$kiln" buildpacks new com.acme.zig --native --dir "$work/zig" >/dev/null
cmake -S "$work/zig" -B "$work/zig/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/zig/build" >/dev/null
[ -f "$work/zig/build/zig_buildpack/zig_buildpack.so" ] || fail "the scaffold's library is not zig_buildpack.so"
out=$("$kiln" buildpacks test "$work/zig") || fail "a fresh native buildpack fails its own fixtures: $out"
grep -q "com.acme.zig@0.1.0: 3 passed, 0 failed" <<<"$out" || fail "native scaffold: $out"
echo "PASS: both SDK examples built, tested, packed, signed, published, installed and used"
