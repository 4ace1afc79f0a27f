# kiln stack "zig": the Zig toolchain on the base stack. Debian packages no
# Zig, so it comes from PyPI, where the Zig project's binaries are published
# as the "ziglang" wheel; the version is pinned and the wheel checked against
# its sha256, so a rebuild gets the same bytes. Zig links statically by
# default: the programs it builds run on the base stack.

# The download happens in a stage of its own: it needs the CA bundle that
# make-stacks.sh puts in the context (a proxy's CA), which must not reach the stack.
FROM kiln/stack-base:bookworm AS fetch
ARG ZIG_VERSION=0.14.1
ARG ZIG_WHEEL=https://files.pythonhosted.org/packages/9d/ef/494f128ea7ec3345850bbd75d2cb7b987006fb5601c37543e8fa83e5e3d4/ziglang-0.14.1-py3-none-manylinux_2_12_x86_64.manylinux2010_x86_64.musllinux_1_1_x86_64.whl
ARG ZIG_SHA256=6eb9d4d759b292c83810dbee2e9e8e3fbfbf01d864e6e9811bae711fd74e1c2f
ARG DEBIAN_FRONTEND=noninteractive
COPY kiln-ca.crt /tmp/kiln-ca.crt
RUN apt-get update && apt-get install -y --no-install-recommends unzip && rm -rf /var/lib/apt/lists/*
RUN set -eu; \
    [ "$(dpkg --print-architecture)" = amd64 ] || { echo "the zig stack pins the x86_64 build only" >&2; exit 1; }; \
    ca=""; [ -s /tmp/kiln-ca.crt ] && ca="--cacert /tmp/kiln-ca.crt"; \
    curl -fsSL $ca -o /tmp/zig.whl "$ZIG_WHEEL"; \
    echo "${ZIG_SHA256}  /tmp/zig.whl" | sha256sum -c -; \
    unzip -q /tmp/zig.whl 'ziglang/*' -d /tmp/wheel; \
    mv /tmp/wheel/ziglang /opt/zig; \
    rm -rf /opt/zig/__pycache__ /opt/zig/__init__.py /opt/zig/__main__.py; \
    chmod 0755 /opt/zig/zig; \
    [ "$(/opt/zig/zig version)" = "$ZIG_VERSION" ]

FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: zig" \
      org.opencontainers.image.description="Debian bookworm with the Zig toolchain (the ziglang wheel from PyPI, pinned)" \
      io.kiln.stack="zig"
COPY --from=fetch /opt/zig /opt/zig
RUN ln -s /opt/zig/zig /usr/local/bin/zig
# Zig's caches: the global one holds fetched packages and std builds.
ENV ZIG_GLOBAL_CACHE_DIR=/root/.cache/zig
CMD ["zig", "version"]
