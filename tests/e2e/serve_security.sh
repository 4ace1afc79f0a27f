#!/usr/bin/env bash
# kiln serve facing untrusted clients: bearer tokens on every route but
# /healthz; no listening off loopback without tokens; body size limits (413);
# malformed and unknown JSON (400 naming the field); bad ids and path tricks;
# bundles that try to write outside their folder; git URLs that try to run
# commands; and a JSON server log that stays one object per line whatever a
# client sends.
set -euo pipefail
work=$(mktemp -d)
# shellcheck source=lib/serve_helpers.sh
source "$(dirname "$0")/lib/serve_helpers.sh"
trap serve_cleanup EXIT
unset KILN_API_TOKENS

image="kiln-e2e/serve-security:$nonce"
cleanup_images+=("$image")
bundle_of "$static_app" "$work/static.tgz"
zeros=$(printf '%064d' 0)

# --- 1. Tokens ---------------------------------------------------------------------
token="tok-$nonce-$(openssl rand -hex 16)"
other_token="tok2-$(openssl rand -hex 16)"
KILN_API_TOKENS="$token,$other_token" start_server tokens
api_token=$token
build=$(submit_bundle "$work/static.tgz" "image=$image")
[ "$(wait_final "$build" 120)" = succeeded ] || fail "the build with a token ended $(field .status)"
bundle_id=$(upload_bundle "$work/static.tgz")
expect 200 "$(req GET /api/v1/builds)" "list with the right token"
builds_before=$(field '.builds | length')

json='-H Content-Type:application/json'
# Every route but /healthz, with a body that would work, so only the token decides.
routes=(
  "GET /api/v1/builds"
  "POST /api/v1/builds $json --data-binary {\"source\":{\"bundle\":\"$bundle_id\"}}"
  "POST /api/v1/builds -H Content-Type:application/gzip --data-binary @$work/static.tgz"
  "GET /api/v1/builds/$build"
  "GET /api/v1/builds/$build/logs"
  "GET /api/v1/builds/$build/logs?follow=1"
  "POST /api/v1/builds/$build/cancel"
  "POST /api/v1/builds/$build/push $json --data-binary {\"registry\":\"127.0.0.1:9\"}"
  "POST /api/v1/bundles -H Content-Type:application/gzip --data-binary @$work/static.tgz"
  "POST /api/v1/detect $json --data-binary {\"source\":{\"bundle\":\"$bundle_id\"}}"
  "POST /api/v1/plan $json --data-binary {\"source\":{\"bundle\":\"$bundle_id\"}}"
  "GET /api/v1/buildpacks"
  "POST /api/v1/buildpacks/reload"
  "GET /api/v1/runtime/info"
  "GET /metrics"
  "GET /api/v1/openapi.json"
  "GET /api/v1/containers"
  "POST /api/v1/containers $json --data-binary {\"image\":\"$image\"}"
  "GET /api/v1/containers/some-container"
  "POST /api/v1/containers/some-container/start"
  "POST /api/v1/containers/some-container/stop"
  "POST /api/v1/containers/some-container/restart"
  "DELETE /api/v1/containers/some-container"
  "GET /api/v1/no-such-route"
)
for route in "${routes[@]}"; do
  read -r -a words <<<"$route"
  for credentials in "" "Bearer wrong-$token" "Bearer ${token:0:20}" "Bearer ${token}x" "Basic $(printf 'kiln:%s' "$token" | base64 -w0)" "$token"; do
    api_token=""
    header=()
    [ -z "$credentials" ] || header=(-H "Authorization: $credentials")
    code=$(req "${words[@]:0:2}" "${header[@]}" "${words[@]:2}")
    expect_error 401 "$code" unauthorized "${words[*]:0:2} with credentials '${credentials:0:12}...'"
    tr -d '\r' <"$work/headers" | has_line -ix 'www-authenticate: bearer' || fail "a 401 without WWW-Authenticate: Bearer"
  done
done
api_token=""
code=$(req GET "/api/v1/builds?token=$token")
expect_error 401 "$code" unauthorized "a token in the query string"
expect 200 "$(req GET /healthz)" "/healthz without a token"
[ "$(field .status)" = ok ] || fail "/healthz: $(body)"
# With a token each read answers 200; none of the refused requests changed anything.
for token_in_use in "$token" "$other_token"; do
  api_token=$token_in_use
  for path in /api/v1/builds "/api/v1/builds/$build" "/api/v1/builds/$build/logs" /api/v1/buildpacks /api/v1/runtime/info /metrics \
    /api/v1/openapi.json /api/v1/containers; do
    expect 200 "$(req GET "$path")" "GET $path with the right token"
  done
done
expect 200 "$(req GET /api/v1/builds)" "list after the refused requests"
[ "$(field '.builds | length')" = "$builds_before" ] || fail "a request without a valid token created a build"
[ "$(build_status "$build")" = succeeded ] || fail "a request without a valid token changed build $build"
[ "$(find "$work/tokens-data/bundles" -name '*.tar.gz' | wc -l)" = 1 ] || fail "a request without a valid token stored a bundle"
grep -qF "$token" "$server_log" && fail "the API token appears in the server log"
echo "ok: ${#routes[@]} routes answer 401 JSON with no token or any of 5 wrong ones; both tokens work; /healthz is open"
stop_server TERM

# Tokens from the config file work the same.
printf 'tokens = ["%s"]\n' "$token" >"$work/tokens.toml"
start_server config-tokens --config "$work/tokens.toml"
api_token=""
expect_error 401 "$(req GET /api/v1/builds)" unauthorized "no token, tokens from the config file"
api_token=$token
expect 200 "$(req GET /api/v1/builds)" "right token from the config file"
api_token=""
stop_server TERM
echo "ok: tokens from kiln-server.toml"

# Off loopback without a token the server refuses to start; so it does with a short token.
refuse_port=$(free_port)
set +e
out=$(timeout 20 "$KILN" serve --listen "0.0.0.0:$refuse_port" --data-dir "$work/refused-data" 2>&1)
rc=$?
set -e
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "kiln serve --listen 0.0.0.0 without tokens exited $rc: $out"
grep -q "without API tokens" <<<"$out" || fail "the refusal to listen on 0.0.0.0 does not say why: $out"
set +e
out=$(KILN_API_TOKENS=short timeout 20 "$KILN" serve --listen "127.0.0.1:$refuse_port" --data-dir "$work/refused-data" 2>&1)
rc=$?
set -e
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "kiln serve with a 5-character token exited $rc: $out"
grep -q "at least 16 characters" <<<"$out" || fail "the refusal of a short token does not say why: $out"
echo "ok: no listening on 0.0.0.0 without tokens, no short tokens"

# --- 2. Size limits, malformed and unknown JSON ----------------------------------
printf 'max_request_size = "2k"\nmax_upload_size = "64k"\n' >"$work/limits.toml"
start_server limits --config "$work/limits.toml"
python3 -c 'import json; print(json.dumps({"source": {"git": {"url": "git://127.0.0.1/x.git"}}, "labels": {"a": "x" * 5000}}))' >"$work/5k.json"
python3 -c 'import json; print(json.dumps({"source": {"git": {"url": "git://127.0.0.1/x.git"}}, "labels": {"a": "x" * 100000}}))' >"$work/100k.json"
for path in /api/v1/builds /api/v1/detect /api/v1/plan /api/v1/containers; do
  expect_error 413 "$(req POST "$path" -H 'Content-Type: application/json' --data-binary "@$work/5k.json")" payload_too_large \
    "a 5 KB JSON body to $path (max_request_size 2k)"
  expect_error 413 "$(req POST "$path" -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary "@$work/5k.json")" \
    payload_too_large "a chunked 5 KB JSON body to $path"
  # Larger than max_upload_size too: the HTTP layer stops reading, which must not read as an empty body.
  code=$(req POST "$path" -H 'Content-Type: application/json' --data-binary "@$work/100k.json")
  [ "$code" = 413 ] && [ "$(field .error.code)" = payload_too_large ] ||
    soft_fail "a 100 KB JSON body to $path (max_request_size 2k, max_upload_size 64k): HTTP $code, want 413 payload_too_large: $(body)"
done
head -c 200000 /dev/urandom >"$work/200k.bin"
for path in /api/v1/bundles /api/v1/builds; do
  expect_error 413 "$(req POST "$path" -H 'Content-Type: application/gzip' -H 'Transfer-Encoding: chunked' --data-binary "@$work/200k.bin")" \
    payload_too_large "a chunked 200 KB upload to $path (max_upload_size 64k)"
  code=$(req POST "$path" -H 'Content-Type: application/gzip' --data-binary "@$work/200k.bin")
  [ "$code" = 413 ] && [ "$(field .error.code)" = payload_too_large ] ||
    soft_fail "a 200 KB upload to $path with Content-Length (max_upload_size 64k): HTTP $code, want 413 payload_too_large: $(body)"
done
[ -z "$(find "$work/limits-data/bundles" -type f 2>/dev/null)" ] || fail "an oversized upload left files: $(find "$work/limits-data/bundles" -type f)"
expect 202 "$(req POST /api/v1/builds -H 'Content-Type: application/gzip' --data-binary "@$work/static.tgz")" "a small upload under the limits"
echo "checked: JSON over max_request_size and uploads over max_upload_size, chunked or not (413 wanted)"

for bad in '{"source": {"git": {"url": "git://127.0.0.1/x.git"}},' 'not json' '[1, 2' '{"source": "x"}}'; do
  expect_error 400 "$(req POST /api/v1/builds -H 'Content-Type: application/json' --data-binary "$bad")" invalid_request "malformed JSON '$bad'"
done
# unknown_field <json> <field name the message must contain>
unknown_field() {
  expect_error 400 "$(req POST /api/v1/builds -H 'Content-Type: application/json' --data-binary "$1")" invalid_request "unknown field $2"
  field .error.message | has_line -F "'$2'" || fail "the error does not name the unknown field $2: $(body)"
}
unknown_field "{\"source\": {\"bundle\": \"$zeros\"}, \"imagee\": \"x\"}" imagee
unknown_field '{"source": {"git": {"url": "git://127.0.0.1/x.git", "urll": "x"}}}' source.git.urll
unknown_field "{\"source\": {\"bundle\": \"$zeros\"}, \"push\": {\"registry\": \"r:5000\", \"pasword\": \"x\"}}" push.pasword
unknown_field "{\"source\": {\"bundle\": \"$zeros\"}, \"env\": {\"K\": {\"value\": \"v\", \"secrett\": true}}}" env.K.secrett
expect_error 400 "$(req POST "/api/v1/builds?imagee=x" -H 'Content-Type: application/gzip' --data-binary "@$work/static.tgz")" \
  invalid_request "an unknown query parameter on an upload"
field .error.message | has_line -F "'imagee'" || fail "the error does not name the unknown parameter: $(body)"
expect_error 400 "$(req POST /api/v1/containers -H 'Content-Type: application/json' --data-binary "{\"image\": \"$image\", \"ports\": 1}")" \
  invalid_request "unknown container field"
field .error.message | has_line -F "'ports'" || fail "the error does not name the unknown container field: $(body)"
echo "ok: malformed JSON is 400, unknown fields are 400 and named"

# --- 3. Bad ids and path tricks: 4xx JSON, the server stays healthy ---------------
long_id=$(head -c 4000 /dev/zero | tr '\0' b)
huge_id=$(head -c 20000 /dev/zero | tr '\0' b)
for path in "/api/v1/builds/..%2F..%2Fetc%2Fpasswd" "/api/v1/builds/..%2F..%2Fetc%2Fpasswd/logs" "/api/v1/builds/%2e%2e" \
  "/api/v1/builds/../../../etc/passwd" "/api/v1/builds/b%00" "/api/v1/builds/$long_id" "/api/v1/builds/$long_id/logs?follow=1" \
  "/api/v1/builds/$huge_id" "/api/v1/builds/$zeros" "/api/v1/builds/b0000000000000000000000000" "/api/v1/containers/..%2F..%2Fetc" \
  "/api/v1/containers/$long_id" "/api/v1/builds?cursor=..%2F..&limit=-1" "/api/v1/builds/%ff%fe"; do
  for method in GET DELETE; do
    code=$(req "$method" "$path" --path-as-is)
    [[ "$code" =~ ^4[0-9][0-9]$ ]] || fail "$method ${path:0:80}: HTTP $code, want 4xx: $(head -c 300 "$work/body")"
    jq -e '.error.code | type == "string"' "$work/body" >/dev/null || fail "$method ${path:0:80}: not a JSON error: $(head -c 300 "$work/body")"
    field .error.message | has_line -F "$long_id" && fail "$method ${path:0:80}: the error echoes the whole 4000-character id"
  done
done
code=$(req POST "/api/v1/builds/..%2F..%2Fetc%2Fpasswd/push" --path-as-is -H 'Content-Type: application/json' --data-binary '{"registry": "r:1"}')
[[ "$code" =~ ^4[0-9][0-9]$ ]] || fail "push with a path trick: HTTP $code"
expect 200 "$(req GET /healthz)" "/healthz after the path tricks"
# The text log (the default) is one entry per line too: a line break in a path must not start a forged entry.
req GET "/api/v1/x%0A2000-01-01T00:00:00.000Z%20error%20forged-$nonce%20entry" >/dev/null
req GET "/api/v1/builds/%0D%0A2000-01-01T00:00:00.000Z%20error%20forged-$nonce%20entry" >/dev/null
sleep 0.3
grep -an "^2000-01-01T00:00:00.000Z error forged-$nonce" "$server_log" >&2 && soft_fail "a client forged an entry in the text server log"
echo "checked: bad ids and path tricks answer 4xx JSON, the server stays healthy; text log forging"

# --- 4. Bundles that reach outside their folder -----------------------------------
evil_name="kiln-evil-$nonce"
python3 - "$work" "$evil_name" <<'EOF'
import io, sys, tarfile
work, evil = sys.argv[1], sys.argv[2]
def entry(tar, name, data=b"pwned\n", kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
cases = {
    "dotdot": [("../" + evil,), ("../../" + evil,)],
    "nested-dotdot": [("site/../../" + evil,)],
    "absolute": [("/tmp/" + evil,)],
    "symlink-out": [("out", b"", tarfile.SYMTYPE, "/tmp"), ("out/" + evil,)],
    "symlink-up": [("up", b"", tarfile.SYMTYPE, "../.."), ("up/" + evil,)],
    "hardlink-out": [("hard", b"", tarfile.LNKTYPE, "/etc/passwd")],
}
for case, entries in cases.items():
    with tarfile.open(f"{work}/evil-{case}.tgz", "w:gz") as tar:
        entry(tar, "index.html", b"<!doctype html><title>ok</title>\n")
        for e in entries:
            entry(tar, *e)
EOF
for case in dotdot nested-dotdot absolute symlink-out symlink-up hardlink-out; do
  id=$(submit_bundle "$work/evil-$case.tgz" "image=$image")
  status=$(wait_final "$id" 60)
  [ "$status" = failed ] || fail "the $case bundle built: $status"
  field .error.message | has_line "^bundle entry " || fail "the $case bundle failed for another reason: $(field .error)"
  [ "$(field .error.code)" = invalid_bundle ] || soft_fail "the $case bundle failed with $(field .error.code), want invalid_bundle: $(field .error.message)"
done
found=$(find "$work" /tmp -maxdepth 6 -name "$evil_name" 2>/dev/null || true)
[ -z "$found" ] || fail "a bundle wrote outside its folder: $found"
echo "checked: bundles with '..', absolute names and links out fail, nothing written outside (invalid_bundle wanted)"

# --- 5. Git URLs, refs and commits that try to run commands ----------------------
pwned="/tmp/kiln-pwned-$nonce"
rm -f "$pwned"
git_attempts=(
  "{\"url\": \"ext::sh -c touch% $pwned\"}"
  "{\"url\": \"ext::sh%20-c%20touch%25%20$pwned\"}"
  "{\"url\": \"--upload-pack=touch $pwned\"}"
  "{\"url\": \"--upload-pack=touch\${IFS}$pwned\"}"
  "{\"url\": \"-oProxyCommand=touch:$pwned\"}"
  "{\"url\": \"ssh://-oProxyCommand=touch%20$pwned/x\"}"
  "{\"url\": \"fd::17/x\"}"
  "{\"url\": \"git://127.0.0.1:9/x.git\", \"ref\": \"--upload-pack=touch $pwned\"}"
  "{\"url\": \"git://127.0.0.1:9/x.git\", \"commit\": \"--upload-pack=touch\"}"
  "{\"url\": \"git://127.0.0.1:9/x.git\", \"subdir\": \"../../../tmp\"}"
  "{\"url\": \"git://127.0.0.1:9/x.git\\n--upload-pack=touch\"}"
)
for git in "${git_attempts[@]}"; do
  for path in /api/v1/builds /api/v1/detect /api/v1/plan; do
    expect_error 400 "$(req POST "$path" -H 'Content-Type: application/json' --data-binary "{\"source\": {\"git\": $git}}")" \
      invalid_source "git source $git on $path"
  done
done
sleep 1
[ ! -e "$pwned" ] || fail "a git source ran a command: $pwned exists"
expect 200 "$(req GET "/api/v1/builds?limit=1000")" "list after the git attempts"
field '.builds[].request.source.git.url // empty' | has_line . && fail "a refused git source was stored as a build"
echo "ok: ${#git_attempts[@]} command-running git sources answer 400 on builds, detect and plan; nothing ran"
stop_server TERM

# --- 6. --log-format json: one JSON object per stderr line ------------------------
start_server json-log --log-format json
req GET "/api/v1/nothing%0A%7B%22level%22%3A%22error%22%2C%22msg%22%3A%22forged%22%7D" >/dev/null
req GET "/api/v1/builds/%0d%0aforged" >/dev/null
id=$(submit_bundle "$work/static.tgz" "image=$image")
wait_final "$id" 120 >/dev/null
req POST /api/v1/builds -H 'Content-Type: application/json' --data-binary '{"source": {}}' >/dev/null
stop_server TERM
[ "$server_rc" = 0 ] || fail "SIGTERM: exit $server_rc"
lines=$(wc -l <"$server_log")
[ "$lines" -gt 5 ] || fail "the JSON log has only $lines lines"
objects=0
while IFS= read -r line; do
  [[ "$line" == "=== start"* ]] && continue  # written by start_server, not by kiln
  jq -e 'type == "object" and (.time | type) == "string" and (.level | type) == "string" and (.msg | type) == "string"' \
    <<<"$line" >/dev/null 2>&1 || fail "a server log line is not a JSON object with time, level and msg: $line"
  objects=$((objects + 1))
done <"$server_log"
grep -q '"msg":"forged"' "$server_log" && fail "a client forged a log entry"
grep '"msg":"build ended"' "$server_log" | has_line "\"build\":\"$id\"" || fail "the JSON log has no build ended entry for $id"
echo "ok: --log-format json wrote $objects lines, each one JSON object, none forged"
pass "kiln serve security: tokens, loopback rule, limits, strict JSON, path tricks, evil bundles and git URLs, JSON log"
