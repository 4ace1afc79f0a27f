#!/usr/bin/env bash
# kiln detect|plan --git against a real git daemon on 127.0.0.1: the default
# branch, --ref (branch and tag), --commit, --context-root, the mirror cache
# (a second run fetches into the same mirror, a pinned commit it has fetches
# nothing), and the URLs, refs and paths kiln refuses before git runs.
set -euo pipefail
: "${KILN:?path to the kiln executable}" "${KILN_SOURCE_DIR:?}"
# shellcheck source=scripts/lib/git_daemon.sh
source "$KILN_SOURCE_DIR/scripts/lib/git_daemon.sh"
work=$(mktemp -d)
cleanup() {
  stop_git_daemon
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
export KILN_CACHE_DIR=$work/cache

repo=$work/repos/app
mkdir -p "$repo"
g() { git -C "$repo" -c user.name=test -c user.email=test@kiln.invalid -c commit.gpgsign=false "$@"; }
g init -q -b main
cp -r "$KILN_SOURCE_DIR/tests/fixtures/apps/node-express-npm/." "$repo/"
g add -A && g commit -qm node
commit_node=$(g rev-parse HEAD)
g tag v1
mkdir -p "$repo/site"
echo '<h1>hi</h1>' >"$repo/site/index.html"
g add -A && g commit -qm site
commit_site=$(g rev-parse HEAD)
g checkout -qb static
git -C "$repo" rm -rq package.json package-lock.json
g commit -qm "static only"
g checkout -q main

start_git_daemon "$work/repos" || fail "this test needs a real git daemon"
url="$git_daemon_url/app"

# The default branch, first run: the mirror is made.
out=$("$KILN" detect --git "$url" --json 2>"$work/err1") || fail "detect --git: $(cat "$work/err1")"
jq -e '.buildpack == "kiln.node"' <<<"$out" >/dev/null || fail "default branch not detected as node: $out"
grep -q "creating the git mirror" "$work/err1" || fail "first run made no mirror: $(cat "$work/err1")"
grep -q "checked out $commit_site" "$work/err1" || fail "first run did not build main's tip: $(cat "$work/err1")"
[ "$(find "$KILN_CACHE_DIR/git-mirrors" -maxdepth 1 -name '*.git' | wc -l)" = 1 ] || fail "not one mirror in the cache"

# Second run: the same mirror, fetched into.
"$KILN" detect --git "$url/" --json >/dev/null 2>"$work/err2" || fail "second detect: $(cat "$work/err2")"
grep -q "creating the git mirror" "$work/err2" && fail "the second run made a new mirror (same repo, trailing slash)"
grep -q "fetching .* into its mirror" "$work/err2" || fail "the second run did not fetch: $(cat "$work/err2")"

# A branch, a tag, a commit, a sub-folder.
"$KILN" detect --git "$url" --ref static --context-root site --json 2>/dev/null | jq -e '.buildpack == "kiln.static"' >/dev/null \
  || fail "--ref static --context-root site is not the static site"
"$KILN" detect --git "$url" --ref v1 --json 2>"$work/err3" | jq -e '.buildpack == "kiln.node"' >/dev/null || fail "--ref v1"
grep -q "checked out $commit_node" "$work/err3" || fail "--ref v1 built another commit: $(cat "$work/err3")"
"$KILN" plan --git "$url" --commit "$commit_node" 2>"$work/err4" | jq -e '.language == "node"' >/dev/null || fail "plan --commit"
grep -q "checked out $commit_node" "$work/err4" || fail "--commit built another commit: $(cat "$work/err4")"
grep -q "into its mirror" "$work/err4" && fail "a commit the mirror holds was fetched again"

# Nothing is left behind in the temp folder.
leftover=$(find "${TMPDIR:-/tmp}" -maxdepth 1 \( -name 'kiln-source-*' -o -name 'kiln-git-*' \) -newer "$work/repos.daemon.log" 2>/dev/null | wc -l)
[ "$leftover" = 0 ] || fail "checkouts left in ${TMPDIR:-/tmp}"

# Refused before git runs: each with a clear error, exit 1.
refuse() {
  local want=$1; shift
  set +e
  local msg; msg=$("$KILN" detect "$@" 2>&1); local rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "$* exits $rc, want 1: $msg"
  grep -q -- "$want" <<<"$msg" || fail "$*: the error does not say '$want': $msg"
}
marker=$work/pwned
refuse "must not start with '-'" --git="--upload-pack=touch $marker"
refuse "remote-helper" --git "ext::touch%20$marker"
refuse "must not contain '..'" --git "$url" --ref "main/../x"
refuse "must not contain '..'" --git "$url" --context-root "../.."
refuse "must be a commit id" --git "$url" --commit "HEAD~1"
[ ! -e "$marker" ] || fail "an injected command ran"
set +e
msg=$("$KILN" detect "$work" --git "$url" 2>&1); rc=$?
set -e
[ "$rc" -ne 0 ] || fail "a path and --git together were accepted"
echo "ok: kiln detect/plan --git: branch, tag, commit, context root, mirror reuse, refusals"
