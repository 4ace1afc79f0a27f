# kiln stack "minimal": the run image of static binaries (Go with cgo off,
# Zig): nothing but the CA certificates, time zones, /etc/services and
# friends (netbase), /etc/os-release, /tmp and a passwd entry for the run
# user. No shell, no C library: like distroless/static, made from the Debian
# packages of the base stack.
FROM kiln/stack-base:bookworm AS pieces
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends netbase \
 && rm -rf /var/lib/apt/lists/*
COPY runtime/slim-rootfs /usr/local/bin/slim-rootfs
RUN slim-rootfs --only /rootfs base-files ca-certificates tzdata netbase

FROM scratch
COPY --from=pieces /rootfs/ /
LABEL org.opencontainers.image.title="kiln stack: minimal" \
      org.opencontainers.image.description="CA certificates, tzdata, netbase and a run user from Debian bookworm, no shell and no C library: for static binaries" \
      io.kiln.stack="minimal"
ENV PATH=/usr/local/bin:/usr/bin:/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
