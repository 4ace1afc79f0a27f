# kiln stack "node": Node.js with npm and corepack, from Debian packages.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: node" \
      org.opencontainers.image.description="Debian bookworm with Node.js and npm (Debian packages) and corepack" \
      io.kiln.stack="node"
ARG DEBIAN_FRONTEND=noninteractive
# Node.js 20 from trixie would drag trixie's libc6, libstdc++6 and base-files
# into a bookworm image, so node is bookworm's 18. Only corepack, which is
# architecture-independent JavaScript needing any nodejs, comes from trixie;
# the trixie source is dropped again so later apt installs stay on bookworm.
# The mirror is the one the base image uses.
RUN set -eu; \
    mirror="$(sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/debian.sources | head -n1)"; \
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" >/etc/apt/sources.list.d/trixie.sources; \
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 1\n' >/etc/apt/preferences.d/trixie; \
    apt-get update; \
    apt-get install -y --no-install-recommends nodejs npm node-corepack/trixie; \
    rm -f /etc/apt/sources.list.d/trixie.sources /etc/apt/preferences.d/trixie; \
    rm -rf /var/lib/apt/lists/*
CMD ["node"]
