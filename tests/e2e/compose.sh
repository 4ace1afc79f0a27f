#!/usr/bin/env bash
# A compose file with two buildable services: one image per service, each
# runs and answers on its own port (the image-only db service is not built).
set -euo pipefail
: "${KILN:?}" "${KILN_SOURCE_DIR:?}"
app="$KILN_SOURCE_DIR/tests/fixtures/apps/compose-two-services"
fail() { echo "FAIL: $*"; exit 1; }
trap 'docker rmi -f --no-prune kiln-e2e/quotes-web:test kiln-e2e/quotes-api:test >/dev/null 2>&1 || true' EXIT

out=$("$KILN" build "$app" -t kiln-e2e/quotes:test 2>&1) || { echo "$out" | tail -30; fail "compose build"; }
grep -q "kiln-e2e/quotes-web:test" <<<"$out" || fail "web image not tagged"
grep -q "kiln-e2e/quotes-api:test" <<<"$out" || fail "api image not tagged"
grep -q "quotes-db" <<<"$out" && fail "the image-only db service was built"

for check in web:/ api:/healthz; do
  service=${check%%:*} path=${check#*:}
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  run=$("$KILN" run "kiln-e2e/quotes-$service:test" --port "$port" --check "$path" --wait 60s 2>&1) || { echo "$run"; fail "$service did not run"; }
  grep -q -- "-> HTTP 200" <<<"$run" || { echo "$run"; fail "$service did not answer 200"; }
done
echo "PASS: compose file with two services built and ran"
