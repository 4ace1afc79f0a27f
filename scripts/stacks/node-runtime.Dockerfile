# kiln stack "node-runtime": the run image of Node.js apps. Node.js from
# Debian (the node stack's), with its libraries, a POSIX shell (dash) and
# coreutils for start scripts (and the `#!/usr/bin/env node` of package
# managers' launchers), CA certificates and time zones. No npm, no package
# caches, no apt, dpkg or perl: apps are installed and pruned on the node
# stack, and the package manager they start with comes from there, in /usr/local.
FROM kiln/stack-base:bookworm AS pieces
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/*
COPY runtime/slim-rootfs /usr/local/bin/slim-rootfs
# glibc's iconv modules (8 MB) go: Node.js converts text with its own ICU.
RUN slim-rootfs /rootfs base-files dash coreutils ca-certificates tzdata nodejs \
 && rm -rf /rootfs/usr/lib/*-linux-gnu/gconv

FROM scratch
COPY --from=pieces /rootfs/ /
LABEL org.opencontainers.image.title="kiln stack: node-runtime" \
      org.opencontainers.image.description="Node.js (Debian bookworm's nodejs) with dash, coreutils, CA certificates and tzdata, no npm and no package manager: to run Node.js apps" \
      io.kiln.stack="node-runtime"
ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8
CMD ["node"]
