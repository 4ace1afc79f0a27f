# kiln stack "go": the Go toolchain and git, from Debian packages.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: go" \
      org.opencontainers.image.description="Debian bookworm with Go from bookworm-backports and git" \
      io.kiln.stack="go"
ARG DEBIAN_FRONTEND=noninteractive
# bookworm's own Go (1.19) is older than what most go.mod files ask for;
# bookworm-backports carries a current one built for bookworm. The backports
# source stays: its packages only install when asked for by name or -t.
# No C compiler: the go command then builds with cgo off, i.e. static binaries.
RUN set -eu; \
    mirror="$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources | head -n1)"; \
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" >/etc/apt/sources.list.d/backports.sources; \
    apt-get update; \
    apt-get install -y --no-install-recommends -t bookworm-backports golang-go; \
    apt-get install -y --no-install-recommends git; \
    rm -rf /var/lib/apt/lists/*
# As in the official golang images: a go.mod asking for a newer Go fails with
# a clear message instead of downloading a toolchain during the build.
ENV GOTOOLCHAIN=local
CMD ["go", "version"]
