# kiln stack "python-<minor>-runtime": the run image of Python apps. Python 3
# from the Debian release under BASE (given by stacks/catalogue.toml, the same
# as its python-<minor> stack's, so a venv made there runs here), a POSIX
# shell (dash) for start commands, CA certificates and time zones. No pip, no
# build tools, no apt, dpkg or perl.
ARG BASE
FROM ${BASE} AS pieces
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 \
 && rm -rf /var/lib/apt/lists/*
COPY runtime/slim-rootfs /usr/local/bin/slim-rootfs
# glibc's iconv modules (8 MB) go: Python's codecs are its own.
RUN slim-rootfs /rootfs base-files dash ca-certificates tzdata python3 \
 && rm -rf /rootfs/usr/lib/*-linux-gnu/gconv

FROM scratch
COPY --from=pieces /rootfs/ /
LABEL org.opencontainers.image.title="kiln stack: python-runtime" \
      org.opencontainers.image.description="Python 3 (Debian's python3) with dash, CA certificates and tzdata, no pip and no package manager: to run Python apps"
ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8
CMD ["python3"]
