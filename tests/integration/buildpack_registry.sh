#!/usr/bin/env bash
# The author's kit and the registry, end to end as a platform team meets them: scaffold a Lua
# buildpack, test it (and see a diff when it changes), pack, sign, publish to a directory
# registry and to a running kiln serve, install by range into fresh plugin dirs, and kiln detect
# uses it. Then every refusal: each names the package and the reason and leaves the plugin dir as
# it was. Last, an https registry with --ca-bundle. No container engine is needed.
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}"
work=$(mktemp -d)
server_pid=""
tls_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  [ -z "$tls_pid" ] || kill "$tls_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/server.log" ] && tail -n 20 "$work/server.log"; exit 1; }
export KILN_REGISTRY_CONFIG="$work/registries.toml" KILN_USER_PLUGIN_DIR="$work/user-plugins" KILN_CACHE_DIR="$work/cache"
unset KILN_PLUGIN_PATH
# A fingerprint of a folder: every path and every file's bytes.
fingerprint() { (cd "$1" && find . -print0 | sort -z | xargs -0 -I{} sh -c 'echo "{}"; [ -f "{}" ] && sha256sum < "{}" || true') | sha256sum; }
# Runs kiln expecting a refusal: exit 1, the message containing $1, the plugin dir unchanged.
refused() {
  local want=$1 dir=$2; shift 2
  local before after out rc
  before=$(fingerprint "$dir")
  set +e
  out=$("$KILN" "$@" 2>&1); rc=$?
  set -e
  [ "$rc" -ne 0 ] || fail "kiln $* was not refused: $out"
  grep -qF -- "$want" <<<"$out" || fail "kiln $*: the refusal does not say '$want': $out"
  after=$(fingerprint "$dir")
  [ "$before" = "$after" ] || fail "kiln $* changed $dir although refused"
  echo "refused as it should: $out"
}

# 1. Scaffold and test: the new buildpack passes its own fixtures.
"$KILN" buildpacks new com.acme.deno --lua --dir "$work/deno" >"$work/new.out"
for f in buildpack.toml buildpack.lua fixtures/deno-json/deno.json expected/deno-json.json expected/node-app.json; do
  [ -f "$work/deno/$f" ] || fail "new did not write $f: $(cat "$work/new.out")"
done
grep -q '"com.acme.deno"' "$work/deno/expected/deno-json.json" || fail "expected files do not name the new id"
out=$("$KILN" buildpacks test "$work/deno") || fail "a fresh buildpack fails its own fixtures: $out"
grep -q "com.acme.deno@0.1.0: 3 passed, 0 failed" <<<"$out" || fail "test summary: $out"

# A change in behaviour is a readable diff, and --update accepts it.
cp "$work/deno/buildpack.lua" "$work/buildpack.lua.orig"
sed -i 's/score = config and 80 or 35/score = config and 81 or 35/' "$work/deno/buildpack.lua"
set +e
out=$("$KILN" buildpacks test "$work/deno"); rc=$?
set -e
[ "$rc" -eq 1 ] || fail "a changed score exits $rc, want 1: $out"
grep -q '^CHANGED  deno-json' <<<"$out" || fail "no CHANGED line: $out"
grep -q '^-     "score": 80,' <<<"$out" && grep -q '^+     "score": 81,' <<<"$out" || fail "the diff does not show the score: $out"
"$KILN" buildpacks test "$work/deno" --update | grep -q "updated  deno-json" || fail "--update did not rewrite"
"$KILN" buildpacks test "$work/deno" >/dev/null || fail "after --update the fixtures do not pass"
cp "$work/buildpack.lua.orig" "$work/deno/buildpack.lua"
"$KILN" buildpacks test "$work/deno" --update >/dev/null

# 2. Pack, keygen, sign, publish to a directory registry that trusts the key.
"$KILN" buildpacks pack "$work/deno" -o "$work/deno-0.1.0.tar.gz" | grep -q "packed com.acme.deno@0.1.0" || fail "pack"
tar -tzf "$work/deno-0.1.0.tar.gz" | sort | tr '\n' ' ' | grep -qx "buildpack.lua buildpack.toml " ||
  fail "the package holds more than the buildpack: $(tar -tzf "$work/deno-0.1.0.tar.gz")"
"$KILN" buildpacks keygen "$work/key" >/dev/null
"$KILN" buildpacks keygen "$work/other-key" >/dev/null
[ "$(stat -c %a "$work/key")" = 600 ] || fail "the private key is not 0600"
"$KILN" buildpacks sign "$work/deno-0.1.0.tar.gz" --key "$work/key" >/dev/null
[ -s "$work/deno-0.1.0.tar.gz.sig" ] || fail "no signature beside the package"
"$KILN" registry add acme "$work/registry" --trust "$work/key.pub" >/dev/null
"$KILN" buildpacks publish "$work/deno-0.1.0.tar.gz" --registry acme | grep -q "published com.acme.deno@0.1.0 to acme (sha256 .*, signed)" ||
  fail "publish"
[ "$(wc -l <"$work/registry/index/com.acme.deno")" -eq 1 ] || fail "one index line per version"
jq -e '.id == "com.acme.deno" and .version == "0.1.0" and .api == 1 and .kind == "lua" and .platform == "" and (.sha256 | length) == 64
       and .size > 0 and .url == "packages/com.acme.deno/com.acme.deno-0.1.0.tar.gz" and (.signature | length) > 0 and .yanked == false
       and (.published | length) > 0' "$work/registry/index/com.acme.deno" >/dev/null || fail "index line: $(cat "$work/registry/index/com.acme.deno")"
refused "com.acme.deno@0.1.0 is already published" "$work/registry" buildpacks publish "$work/deno-0.1.0.tar.gz" --registry acme
cp "$work/deno-0.1.0.tar.gz" "$work/unsigned.tar.gz"
refused "takes signed packages only" "$work/registry" buildpacks publish "$work/unsigned.tar.gz" --registry acme
"$KILN" buildpacks search deno | grep -q "^com.acme.deno  0.1.0  lua  acme  Deno apps" || fail "search"

# 3. Install by range into a fresh plugin dir; kiln detect uses it.
out=$("$KILN" buildpacks install 'com.acme.deno@^0.1' --plugin-dir "$work/plugins") || fail "install: $out"
grep -q "installed com.acme.deno@0.1.0 from acme" <<<"$out" || fail "install said: $out"
jq -e '.buildpacks[0] | .id == "com.acme.deno" and .version == "0.1.0" and .range == "^0.1" and .registry == "acme"' \
  "$work/plugins/kiln-buildpacks.lock" >/dev/null || fail "lockfile: $(cat "$work/plugins/kiln-buildpacks.lock")"
"$KILN" --no-bundled --plugin-dir "$work/plugins" detect "$work/deno/fixtures/deno-json" --json | jq -e '.buildpack == "com.acme.deno"' >/dev/null ||
  fail "kiln detect does not use the installed buildpack"
ls -a "$work/plugins" | grep -q '^\.kiln-' && fail "install left its temporary folders"

# 4. Versions: a newer one, yanked ones, --locked, update, list --outdated, remove.
sed -i 's/^version = "0.1.0"/version = "0.1.1"/' "$work/deno/buildpack.toml"
sed -i 's/version = "0.1.0"/version = "0.1.1"/' "$work/deno/buildpack.lua"
"$KILN" buildpacks pack "$work/deno" -o "$work/deno-0.1.1.tar.gz" >/dev/null
"$KILN" buildpacks sign "$work/deno-0.1.1.tar.gz" --key "$work/key" >/dev/null
"$KILN" buildpacks publish "$work/deno-0.1.1.tar.gz" --registry acme >/dev/null
"$KILN" --plugin-dir "$work/plugins" buildpacks list --outdated | grep -q "^com.acme.deno  0.1.0  0.1.1  0.1.1  acme" || fail "list --outdated"
"$KILN" buildpacks install 'com.acme.deno@^0.1' --plugin-dir "$work/plugins" --locked | grep -q "installed com.acme.deno@0.1.0" ||
  fail "--locked moved off the lockfile"
"$KILN" buildpacks update --plugin-dir "$work/plugins" | grep -q "installed com.acme.deno@0.1.1 from acme (was 0.1.0)" || fail "update"
grep -q 'version = "0.1.1"' "$work/plugins/com.acme.deno/buildpack.toml" || fail "update did not swap the new version in"
"$KILN" buildpacks yank com.acme.deno@0.1.1 --registry acme >/dev/null
refused "com.acme.deno@0.1.1 is yanked" "$work/plugins" buildpacks install 'com.acme.deno@~0.1.1' --plugin-dir "$work/plugins"
"$KILN" buildpacks install com.acme.deno@0.1.1 --plugin-dir "$work/exact" | grep -q "installed com.acme.deno@0.1.1" ||
  fail "an exact version installs even when yanked"
"$KILN" buildpacks yank com.acme.deno@0.1.1 --registry acme --undo >/dev/null
"$KILN" buildpacks remove com.acme.deno --plugin-dir "$work/exact" >/dev/null
[ ! -e "$work/exact/com.acme.deno" ] || fail "remove left the buildpack"
jq -e '.buildpacks == []' "$work/exact/kiln-buildpacks.lock" >/dev/null || fail "remove left the lock entry"

# 5. Refusals on a copy of the registry, one fault each.
broken_registry() {  # NAME: a fresh copy of the registry, added as NAME trusting the key
  rm -rf "$work/$1"; cp -r "$work/registry" "$work/$1"
  "$KILN" registry add "$1" "$work/$1" --trust "$work/key.pub" >/dev/null
}
edit_line() {  # NAME JQ: rewrite com.acme.deno's 0.1.1 index line
  jq -c "if .version == \"0.1.1\" then $2 else . end" "$work/$1/index/com.acme.deno" >"$work/line" && mv "$work/line" "$work/$1/index/com.acme.deno"
}
mkdir -p "$work/fresh"
cp "$KILN_REGISTRY_CONFIG" "$work/registries.toml.before"
pkg=packages/com.acme.deno/com.acme.deno-0.1.1.tar.gz
broken_registry tampered
printf 'x' >>"$work/tampered/$pkg"
refused "com.acme.deno@0.1.1: refused, its size is" "$work/fresh" buildpacks install com.acme.deno@0.1.1 --registry tampered --plugin-dir "$work/fresh"
broken_registry flipped
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[-9]^=1; open(p,"wb").write(b)' "$work/flipped/$pkg"
refused "com.acme.deno@0.1.1: refused, its sha256 is" "$work/fresh" buildpacks install com.acme.deno@0.1.1 --registry flipped --plugin-dir "$work/fresh"
broken_registry unsigned
edit_line unsigned '.signature = ""'
refused "it is not signed and registry unsigned trusts signed packages only" "$work/fresh" buildpacks install com.acme.deno@0.1.1 --registry unsigned --plugin-dir "$work/fresh"
broken_registry wrongkey
"$KILN" registry add wrongkey "$work/wrongkey" --trust "$work/other-key.pub" >/dev/null
refused "its signature is not by a key registry wrongkey trusts" "$work/fresh" buildpacks install com.acme.deno@0.1.1 --registry wrongkey --plugin-dir "$work/fresh"
broken_registry future
edit_line future '.api = 99'
refused "com.acme.deno@0.1.1 needs lua API 99" "$work/fresh" buildpacks install com.acme.deno@0.1.1 --registry future --plugin-dir "$work/fresh"
broken_registry foreign
edit_line foreign '.kind = "native" | .api = 2 | .platform = "linux-riscv64-gnu"'
refused "com.acme.deno@0.1.1 is built for linux-riscv64-gnu" "$work/fresh" buildpacks install com.acme.deno@0.1.1 --registry foreign --plugin-dir "$work/fresh"
# Two registries publish the id: kiln will not guess.
refused "the id clashes: registries" "$work/fresh" buildpacks install com.acme.deno --plugin-dir "$work/fresh"
# Installed from acme: another registry's package of the same id is refused.
refused "the id clashes: it is installed from registry acme, not tampered" "$work/plugins" buildpacks install com.acme.deno@0.1.1 --registry tampered --plugin-dir "$work/plugins"
# A buildpack with that id put there by hand.
mkdir -p "$work/byhand/deno"; cp "$work/deno/buildpack.toml" "$work/deno/buildpack.lua" "$work/byhand/deno/"
refused "clashes with the buildpack in $work/byhand/deno, which kiln did not install" "$work/byhand" buildpacks install com.acme.deno@0.1.1 --registry acme --plugin-dir "$work/byhand"
# Hostile packages, signed and listed correctly by a hostile registry: an entry escaping its folder after
# good ones (extraction fails midway), and one whose script does not load (fails after extraction).
hostile_package() {  # NAME KIND: write a signed package of version 0.1.1 and its index line
  local dir=$work/hostile-$2
  mkdir -p "$dir"
  python3 - "$work/deno" "$dir/pkg.tar.gz" "$2" <<'PY'
import io, sys, tarfile
src, out, kind = sys.argv[1:]
with tarfile.open(out, "w:gz") as t:
    def add(name, data):
        info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
    add("buildpack.toml", open(src + "/buildpack.toml", "rb").read())
    lua = open(src + "/buildpack.lua", "rb").read()
    if kind == "escape":
        add("buildpack.lua", lua); add("../../escaped.txt", b"out of the folder")
    else:
        add("buildpack.lua", lua.replace(b"local function detect", b"local function detect(((", 1))
PY
  broken_registry "$1"
  cp "$dir/pkg.tar.gz" "$work/$1/$pkg"
  "$KILN" buildpacks sign "$work/$1/$pkg" --key "$work/key" >/dev/null
  local sha size sig
  sha=$(sha256sum "$work/$1/$pkg" | cut -d' ' -f1); size=$(stat -c %s "$work/$1/$pkg"); sig=$(cat "$work/$1/$pkg.sig")
  edit_line "$1" ".sha256 = \"$sha\" | .size = $size | .signature = \"$sig\""
}
# Each over an installed 0.1.0 from the same registry: the update fails midway and 0.1.0 stays.
for kind in escape broken; do
  hostile_package "$kind" "$kind"
  "$KILN" buildpacks install com.acme.deno@0.1.0 --registry "$kind" --plugin-dir "$work/midway-$kind" >/dev/null
done
refused "com.acme.deno@0.1.1: refused, bundle entry '../../escaped.txt' has '..'" "$work/midway-escape" \
  buildpacks install com.acme.deno@0.1.1 --registry escape --plugin-dir "$work/midway-escape"
[ ! -e "$work/escaped.txt" ] && [ ! -e "$work/midway-escape/escaped.txt" ] || fail "an entry escaped its folder"
refused "com.acme.deno@0.1.1: refused, it does not load" "$work/midway-broken" \
  buildpacks install com.acme.deno@0.1.1 --registry broken --plugin-dir "$work/midway-broken"
grep -q 'version = "0.1.0"' "$work/midway-broken/com.acme.deno/buildpack.toml" || fail "the installed version changed"
refused "has no entry for it (--locked)" "$work/fresh" buildpacks install com.acme.deno --registry acme --plugin-dir "$work/fresh" --locked
cp "$work/registries.toml.before" "$KILN_REGISTRY_CONFIG"
"$KILN" registry list | grep -c . | grep -qx 1 || fail "registries left: $("$KILN" registry list)"

# 6. kiln serve: its registry over HTTP, publish with a token, install over HTTP, install into the running server.
# shellcheck source=lib/engineless_serve.sh
source "$KILN_SOURCE_DIR/tests/integration/lib/engineless_serve.sh"
start_engineless_serve registry --no-bundled
"$KILN" registry add served "http://127.0.0.1:$port/registry" --trust "$work/key.pub" >/dev/null
set +e
out=$("$KILN" buildpacks publish "$work/deno-0.1.0.tar.gz" --registry served 2>&1); rc=$?
set -e
[ "$rc" -ne 0 ] && grep -q "token" <<<"$out" || fail "publish without a token was not refused: $out"
echo "$token" >"$work/token"
"$KILN" buildpacks publish "$work/deno-0.1.0.tar.gz" --registry served --token-file "$work/token" | grep -q "published com.acme.deno@0.1.0 to served" ||
  fail "publish to kiln serve"
KILN_REGISTRY_TOKEN=$token "$KILN" buildpacks publish "$work/deno-0.1.1.tar.gz" --registry served >/dev/null
curl -sf "http://127.0.0.1:$port/registry/ids" | grep -qx com.acme.deno || fail "GET /registry/ids"
"$KILN" buildpacks install 'com.acme.deno@^0.1' --registry served --plugin-dir "$work/from-http" | grep -q "installed com.acme.deno@0.1.1 from served" ||
  fail "install over HTTP"
"$KILN" --no-bundled --plugin-dir "$work/from-http" detect "$work/deno/fixtures/deno-json" --json | jq -e '.buildpack == "com.acme.deno"' >/dev/null ||
  fail "kiln detect does not use the buildpack installed over HTTP"
# The running server installs from a registry and reloads: the buildpack is loaded without a restart.
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/buildpacks" | jq -e '[.buildpacks[].id] | index("com.acme.deno") == null' >/dev/null ||
  fail "the server had the buildpack before installing it"
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"package": "com.acme.deno@0.1.0", "registry": "acme"}' \
  "http://127.0.0.1:$port/api/v1/buildpacks/install" | jq -e '.installed.version == "0.1.0" and .registry == "acme"' >/dev/null ||
  fail "POST /api/v1/buildpacks/install"
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/buildpacks" | jq -e '[.buildpacks[].id] | index("com.acme.deno") != null' >/dev/null ||
  fail "the server does not list the buildpack it installed"
code=$(curl -s -o "$work/answer" -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"package": "com.acme.deno@^9", "registry": "acme"}' "http://127.0.0.1:$port/api/v1/buildpacks/install")
[ "$code" != 200 ] && grep -q "no version satisfies" "$work/answer" || fail "an unsatisfiable install answered $code: $(cat "$work/answer")"
kill -0 "$server_pid" 2>/dev/null || fail "kiln serve died"

# 7. An https registry (the directory registry served with TLS on loopback): libcurl trusts the
# CA bundle given with --ca-bundle, and refuses the server without it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$work/registry" "$tls_port" "$work/tls.crt" "$work/tls.key" >"$work/tls.log" 2>&1 <<'PY' &
import functools, http.server, ssl, sys
root, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=root)
server = http.server.HTTPServer(("127.0.0.1", port), handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
server.timeout = 60
for _ in range(20): server.handle_request()  # bounded: a handful of requests, then it stops by itself
PY
tls_pid=$!
for _ in $(seq 1 50); do curl -s --cacert "$work/tls.crt" -o /dev/null "https://127.0.0.1:$tls_port/ids" && break; sleep 0.1; done
"$KILN" registry add secure "https://127.0.0.1:$tls_port" --trust "$work/key.pub" >/dev/null
refused "registry secure" "$work/fresh" buildpacks install com.acme.deno@0.1.0 --registry secure --plugin-dir "$work/fresh"
"$KILN" buildpacks install com.acme.deno@0.1.0 --registry secure --plugin-dir "$work/from-https" --ca-bundle "$work/tls.crt" |
  grep -q "installed com.acme.deno@0.1.0 from secure" || fail "install from an https registry with --ca-bundle"
kill "$tls_pid" 2>/dev/null || true
echo "PASS: scaffold, test, pack, sign, publish (folder and kiln serve), install by range, detect; every refusal"
