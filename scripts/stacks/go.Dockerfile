# kiln stack "go-<minor>": one exact Go toolchain and git. The toolchain is
# the one the go command itself downloads for GOTOOLCHAIN: a module zip from
# the Go module proxy (golang.org/toolchain), checked against a pinned
# sha256. Version and sum are build arguments, given by stacks/catalogue.toml.

# The download happens in a stage of its own: it needs the CA bundle that
# make-stacks.sh puts in the context (a proxy's CA), which must not reach the stack.
ARG BASE
FROM ${BASE} AS fetch
ARG GO_VERSION
ARG GO_SHA256
ARG DEBIAN_FRONTEND=noninteractive
COPY kiln-ca.crt /tmp/kiln-ca.crt
RUN set -eu; \
    [ "$(dpkg --print-architecture)" = amd64 ] || { echo "the go stacks pin the x86_64 build only" >&2; exit 1; }; \
    apt-get update; apt-get install -y --no-install-recommends unzip; \
    ca=""; [ -s /tmp/kiln-ca.crt ] && ca="--cacert /tmp/kiln-ca.crt"; \
    curl -fsSL $ca -o /tmp/go.zip \
      "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go${GO_VERSION}.linux-amd64.zip"; \
    echo "${GO_SHA256}  /tmp/go.zip" | sha256sum -c -; \
    unzip -q /tmp/go.zip -d /tmp/go; \
    mv "/tmp/go/golang.org/toolchain@v0.0.1-go${GO_VERSION}.linux-amd64" /usr/local/go

FROM ${BASE}
ARG GO_VERSION
ARG DEBIAN_FRONTEND=noninteractive
LABEL org.opencontainers.image.title="kiln stack: go" \
      org.opencontainers.image.description="Debian with Go ${GO_VERSION} (from the Go module proxy, pinned) and git" \
      io.kiln.stack.version="${GO_VERSION}"
# git for modules fetched from version control. No C compiler: the go
# command then builds with cgo off, i.e. static binaries.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*
COPY --from=fetch /usr/local/go /usr/local/go
# As in the official golang images: a go.mod asking for a newer Go fails with
# a clear message instead of downloading a toolchain during the build.
ENV PATH=/usr/local/go/bin:$PATH \
    GOTOOLCHAIN=local
CMD ["go", "version"]
