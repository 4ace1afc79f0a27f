#!/usr/bin/env bash
# Runs every example of sdk/README.md, the author's guide:
#   ```lua               a snippet, run inside detect(tree) on sdk/examples/guide-app/ (its asserts must hold)
#   ```toml descriptor   with ```lua buildpack: a complete buildpack, whose plan `kiln plan` must make and validate
#   ```sh                the five-minute session, run in a scratch folder with kiln on PATH
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
guide="$KILN_SOURCE_DIR/sdk/README.md"
app="$KILN_SOURCE_DIR/sdk/examples/guide-app"

python3 - "$guide" "$work" <<'PY'
import os, sys
guide, work = sys.argv[1:]
blocks, fence, body = [], None, []
for line in open(guide):
    if fence is None and line.startswith("```") and line.strip() != "```":
        fence, body = line[3:].strip(), []
    elif fence is not None and line.strip() == "```":
        blocks.append((fence, "".join(body))); fence = None
    elif fence is not None:
        body.append(line)
snippets = [b for f, b in blocks if f == "lua"]
os.makedirs(f"{work}/plugins", exist_ok=True)
for n, code in enumerate(snippets):
    d = f"{work}/plugins/snippet-{n}"
    os.makedirs(d)
    open(f"{d}/buildpack.toml", "w").write(
        f'api = 1\nid = "guide.snippet{n}"\nversion = "1.0.0"\nkind = "lua"\n')
    open(f"{d}/buildpack.lua", "w").write(
        "local function detect(tree)\n" + code +
        "\nreturn {score = 1, language = \"other\", evidence = {\"ok\"}}\nend\n"
        f"return {{id = \"guide.snippet{n}\", version = \"1.0.0\", api = 1, detect = detect,"
        " generate = function() return {} end}\n")
d = f"{work}/plan/guide-plan"
os.makedirs(d)
open(f"{d}/buildpack.toml", "w").write(next(b for f, b in blocks if f == "toml descriptor"))
open(f"{d}/buildpack.lua", "w").write(next(b for f, b in blocks if f == "lua buildpack"))
open(f"{work}/session.sh", "w").write(next(b for f, b in blocks if f == "sh"))
open(f"{work}/count", "w").write(str(len(snippets)))
PY
count=$(cat "$work/count")
[ "$count" -ge 16 ] || fail "only $count Lua examples found in the guide"

# Every snippet passes: each is its own buildpack, and each must have passed (not failed) on the app.
report=$("$KILN" --no-bundled --plugin-dir "$work/plugins" detect "$app" --json 2>"$work/log") || fail "detect: $(cat "$work/log")"
passed=$(jq '[.verdicts[] | select(.verdict == "passed")] | length' <<<"$report")
[ "$passed" -eq "$count" ] || { jq -c '.verdicts[] | select(.verdict != "passed")' <<<"$report"; fail "$passed of $count guide examples passed"; }
grep -q "looked at" "$work/log" || fail "kiln.log's example wrote nothing to the log"

# The descriptor and the plan example are one buildpack kiln loads and plans with.
plan=$("$KILN" --no-bundled --plugin-dir "$work/plan" plan "$app") || fail "the plan example does not plan"
jq -e '.buildpack == "guide.plan" and .port == 8080 and (.phases | length) == 2 and .env.NODE_ENV == "production"' <<<"$plan" >/dev/null ||
  fail "the plan example's plan: $plan"

# The five-minute session, as written.
mkdir -p "$work/session" "$work/bin"
ln -s "$KILN" "$work/bin/kiln"
ln -s "$(dirname "$KILN")/kiln-engine" "$work/bin/kiln-engine"
(cd "$work/session" && PATH="$work/bin:$PATH" HOME="$work/session" KILN_REGISTRY_CONFIG="$work/session/registries.toml" \
  KILN_USER_PLUGIN_DIR="$work/session/plugins" KILN_CACHE_DIR="$work/session/cache" bash -euo pipefail "$work/session.sh") \
  >"$work/session.log" 2>&1 || { cat "$work/session.log"; fail "the guide's session failed"; }
grep -q "installed com.acme.deno@0.1.0 from team" "$work/session.log" || fail "the session did not install: $(cat "$work/session.log")"
grep -q "^com.acme.deno  deno" "$work/session.log" || fail "the session's detect did not use the installed buildpack"
echo "PASS: all $count Lua examples, the plan example and the session of sdk/README.md"
