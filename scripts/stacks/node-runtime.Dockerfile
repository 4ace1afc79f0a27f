# kiln stack "node-<major>-runtime": the run image of Node.js apps. The very
# Node.js binary of the node-<major> stack (NODE_STACK, given by
# stacks/catalogue.toml: a run image carries the version its app was built
# with), the C++ runtime it links, a POSIX shell (dash) and coreutils for
# start scripts (and the `#!/usr/bin/env node` of package managers'
# launchers), CA certificates and time zones. No npm, no package caches, no
# apt, dpkg or perl: apps are installed and pruned on the node stack, and the
# package manager they start with comes from there, in /usr/local.
ARG NODE_STACK
FROM ${NODE_STACK} AS node

FROM kiln/stack-base:bookworm AS pieces
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends libstdc++6 libgcc-s1 \
 && rm -rf /var/lib/apt/lists/*
COPY runtime/slim-rootfs /usr/local/bin/slim-rootfs
# glibc's iconv modules (8 MB) go: Node.js converts text with its own ICU.
RUN slim-rootfs /rootfs base-files dash coreutils ca-certificates tzdata libstdc++6 libgcc-s1 \
 && rm -rf /rootfs/usr/lib/*-linux-gnu/gconv
COPY --from=node /usr/local/bin/node /rootfs/usr/local/bin/node

FROM scratch
ARG NODE_VERSION
COPY --from=pieces /rootfs/ /
LABEL org.opencontainers.image.title="kiln stack: node-runtime" \
      org.opencontainers.image.description="Node.js ${NODE_VERSION} (the node stack's binary) with dash, coreutils, CA certificates and tzdata, no npm and no package manager: to run Node.js apps" \
      io.kiln.stack.version="${NODE_VERSION}"
ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8
CMD ["node"]
