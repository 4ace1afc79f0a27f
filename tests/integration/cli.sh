#!/usr/bin/env bash
# The kiln command line as a user meets it: exit codes, messages, JSON keys.
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}" "${KILN_BINARY_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Nothing recognisable: exit 2, and say what was looked for.
mkdir -p "$work/empty"
echo "just notes" >"$work/empty/NOTES.txt"
set +e
out=$("$KILN" detect "$work/empty" 2>&1); rc=$?
set -e
[ "$rc" -eq 2 ] || fail "no match exits $rc, want 2"
grep -q "Looked for" <<<"$out" || fail "no-match message does not say what was looked for: $out"
grep -q "kiln.node" <<<"$out" || fail "no-match message does not list buildpacks: $out"

# A missing folder is an error (1), with the path in the message.
set +e
out=$("$KILN" detect "$work/nope" 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || fail "missing folder exits $rc, want 1"
grep -q "$work/nope" <<<"$out" || fail "missing folder not named: $out"

# The detection report has exactly the documented keys.
app="$KILN_SOURCE_DIR/tests/fixtures/apps/node-express-npm"
keys=$("$KILN" detect "$app" --json | jq -c 'keys')
[ "$keys" = '["buildpack","candidates","evidence","framework","language","package_manager","port","score","start_cmd","verdicts"]' ] \
  || fail "detect --json keys: $keys"
"$KILN" detect "$app" --json | jq -e '[.verdicts[] | select(.buildpack == "kiln.node")][0] | .verdict == "passed" and .score == .score' >/dev/null \
  || fail "kiln.node's verdict is not passed"
"$KILN" detect "$app" --json | jq -e '[.verdicts[] | select(.buildpack == "kiln.go")][0].verdict == "not_asked"' >/dev/null \
  || fail "kiln.go was asked about an app without go.mod"

# --explain: one line per buildpack, the winner marked.
out=$("$KILN" detect "$app" --explain)
grep -q '^  \* kiln.node  *passed, score' <<<"$out" || fail "--explain does not mark the winner: $out"
grep -q '^    kiln.go  *not asked: none of go.mod, go.work, main.go is here' <<<"$out" || fail "--explain does not say why go was not asked: $out"

# An app one folder down: the no-match message names the folder and the buildpacks that look for its file.
mkdir -p "$work/mono/web"
echo '{"name": "web", "scripts": {"start": "node server.js"}}' >"$work/mono/web/package.json"
echo "# mono" >"$work/mono/README.md"
set +e
out=$("$KILN" detect "$work/mono" 2>&1); rc=$?
set -e
[ "$rc" -eq 2 ] || fail "monorepo root exits $rc, want 2"
grep -q 'kiln.node.*package.json is in web/.*context = "web"' <<<"$out" || fail "no-match does not point at web/: $out"
ckeys=$("$KILN" detect "$app" --json | jq -c '.candidates[0] | keys')
[ "$ckeys" = '["buildpack","evidence","score"]' ] || fail "candidate keys: $ckeys"

# plan is JSON; dockerfile is a Dockerfile.
"$KILN" plan "$app" | jq -e '.buildpack == "kiln.node" and (.phases | length) > 0' >/dev/null || fail "plan JSON"
"$KILN" dockerfile "$app" | grep -q '^FROM kiln/stack-node-20:bookworm AS build$' || fail "dockerfile FROM (.nvmrc says 20)"
"$KILN" dockerfile "$app" --stack node=node:20-bookworm-slim | grep -q '^FROM node:20-bookworm-slim AS build$' \
  || fail "--stack mapping"

# The stack catalogue: a user's file read over kiln's; a pin nothing offers is an error naming its file and line.
cat >"$work/stacks.toml" <<'TOML'
[[stack]]
name = "node-20"
runtime = "node"
versions = ["20.99.0"]
image = "registry.example/node:20"
TOML
KILN_STACK_CATALOGUE="$work/stacks.toml" "$KILN" dockerfile "$app" | grep -q '^FROM registry.example/node:20 AS build$' \
  || fail "KILN_STACK_CATALOGUE"
"$KILN" dockerfile "$app" --stack-catalogue "$work/stacks.toml" | grep -q 'LABEL "io.kiln.runtime"="node 20.99.0"' \
  || fail "--stack-catalogue"
cp -R "$app" "$work/pinned" && echo 16 >"$work/pinned/.nvmrc"
set +e
out=$("$KILN" dockerfile "$work/pinned" 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || fail "an unmet pin exits $rc, want 1: $out"
grep -q '^kiln: .nvmrc:1 asks for node 16; the stack catalogue offers node 20\.[0-9.]*, 22\.' <<<"$out" || fail "unmet pin: $out"

# buildpacks list: native and Lua, with their files; --plugin-dir adds one.
list=$("$KILN" --plugin-dir "$KILN_BINARY_DIR/test-plugins/good" buildpacks list)
grep -qE '^kiln\.node +[0-9.]+ +native +.*kiln_node\.so$' <<<"$list" || fail "native row: $list"
grep -qE '^kiln\.ruby +[0-9.]+ +lua +.*ruby/buildpack\.lua$' <<<"$list" || fail "lua row: $list"
grep -qE '^com\.example\.good +1\.2\.3 +native' <<<"$list" || fail "--plugin-dir buildpack: $list"

# A plugin whose code cannot load is a warning when its code is needed; kiln keeps working.
out=$("$KILN" --plugin-dir "$KILN_BINARY_DIR/test-plugins/wrong_api" detect "$app" 2>&1)
grep -q "refused plugin .*fixture_wrong_api.so" <<<"$out" || fail "wrong API warning: $out"
grep -q "kiln.node" <<<"$out" || fail "bundled buildpacks gone after a bad plugin"
# A bad descriptor is reported by the list, which reads descriptors only.
mkdir -p "$work/badplugins/typo"
printf 'api = 2\nid = "com.example.typo"\nversion = "1.0.0"\nkind = "nativ"\n' >"$work/badplugins/typo/buildpack.toml"
out=$("$KILN" --plugin-dir "$work/badplugins" buildpacks list 2>&1)
grep -q "typo/buildpack.toml: 'kind' must be \"native\" or \"lua\"" <<<"$out" || fail "bad descriptor warning: $out"

# kiln.toml errors name the key and the line.
mkdir -p "$work/badcfg"
printf 'start = "node x.js"\nprot = 3000\n' >"$work/badcfg/kiln.toml"
echo '{"name":"x"}' >"$work/badcfg/package.json"
set +e
out=$("$KILN" plan "$work/badcfg" 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] || fail "bad kiln.toml exits $rc"
grep -q "kiln.toml:2: unknown key 'prot'" <<<"$out" || fail "bad kiln.toml message: $out"
echo "PASS: cli"
