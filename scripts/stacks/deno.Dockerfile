# kiln stack "deno": the Deno runtime on the base stack. Debian packages no
# Deno, so the release binary comes from npm, where Deno publishes it as
# @deno/linux-x64-glibc; the version is pinned and the tarball checked against
# its sha512 (npm's "integrity", in hex), so a rebuild gets the same bytes.
# This one image is both the build and the run stack: the binary is the runtime.

# The download happens in a stage of its own: it needs the CA bundle that
# make-stacks.sh puts in the context (a proxy's CA), which must not reach the stack.
FROM kiln/stack-base:bookworm AS fetch
ARG DENO_VERSION=2.9.6
ARG DENO_SHA512=de67784ca2c2bb3b0b0e67cea02e4a37b34065ac525643209bae2f83a7e80f4d090400c2a584b6ff942a5dfce09cfe59433de22cff6f05026d120735d7a380a1
COPY kiln-ca.crt /tmp/kiln-ca.crt
RUN set -eu; \
    [ "$(dpkg --print-architecture)" = amd64 ] || { echo "the deno stack pins the x86_64 build only" >&2; exit 1; }; \
    ca=""; [ -s /tmp/kiln-ca.crt ] && ca="--cacert /tmp/kiln-ca.crt"; \
    curl -fsSL $ca -o /tmp/deno.tgz \
      "https://registry.npmjs.org/@deno/linux-x64-glibc/-/linux-x64-glibc-${DENO_VERSION}.tgz"; \
    echo "${DENO_SHA512}  /tmp/deno.tgz" | sha512sum -c -; \
    tar -xzf /tmp/deno.tgz -C /tmp; \
    install -m 0755 /tmp/package/deno /usr/local/bin/deno

FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: deno" \
      org.opencontainers.image.description="Debian bookworm with the Deno runtime (release binary from npm, pinned)" \
      io.kiln.stack="deno"
COPY --from=fetch /usr/local/bin/deno /usr/local/bin/deno
# A container never updates itself and has no one to answer a permission prompt.
ENV DENO_NO_UPDATE_CHECK=1 \
    DENO_NO_PROMPT=1
CMD ["deno", "--version"]
