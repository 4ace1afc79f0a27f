# kiln stack "bun": the Bun runtime (and package manager) on the base stack.
# Debian packages no Bun, so the release binary comes from npm, where Bun
# publishes it as @oven/bun-linux-x64; the version is pinned and the tarball
# checked against its sha512 (npm's "integrity", in hex). One image is both the
# build and the run stack; `bunx` is bun itself under another name, as in Bun's
# own images.

# The download happens in a stage of its own: it needs the CA bundle that
# make-stacks.sh puts in the context (a proxy's CA), which must not reach the stack.
FROM kiln/stack-base:bookworm AS fetch
ARG BUN_VERSION=1.4.5
ARG BUN_SHA512=2165fd0442e8187014b4ca2791e49a35a6705f3464fa80f0e8c93e1c115777728760804d06c20646ea4c64f7203680db2692eeea00098c8a0854f66db75689d6
COPY kiln-ca.crt /tmp/kiln-ca.crt
RUN set -eu; \
    [ "$(dpkg --print-architecture)" = amd64 ] || { echo "the bun stack pins the x86_64 build only" >&2; exit 1; }; \
    ca=""; [ -s /tmp/kiln-ca.crt ] && ca="--cacert /tmp/kiln-ca.crt"; \
    curl -fsSL $ca -o /tmp/bun.tgz \
      "https://registry.npmjs.org/@oven/bun-linux-x64/-/bun-linux-x64-${BUN_VERSION}.tgz"; \
    echo "${BUN_SHA512}  /tmp/bun.tgz" | sha512sum -c -; \
    tar -xzf /tmp/bun.tgz -C /tmp; \
    install -m 0755 /tmp/package/bin/bun /usr/local/bin/bun; \
    ln -s bun /usr/local/bin/bunx

FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: bun" \
      org.opencontainers.image.description="Debian bookworm with the Bun runtime (release binary from npm, pinned)" \
      io.kiln.stack="bun"
COPY --from=fetch /usr/local/bin/ /usr/local/bin/
# The app folder is read-only to the run user: no transpiler cache to write at
# start (as in Bun's own images), and no crash reports or telemetry sent out.
ENV BUN_RUNTIME_TRANSPILER_CACHE_PATH=0 \
    DO_NOT_TRACK=1
CMD ["bun", "--version"]
