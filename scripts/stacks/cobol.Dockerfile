# kiln stack "cobol": the GnuCOBOL compiler (cobc), from Debian packages.
# Programs it builds need only its runtime library (libcob4) to run, which
# kiln's COBOL plan installs on the base stack.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: cobol" \
      org.opencontainers.image.description="Debian bookworm with GnuCOBOL 3 (cobc, libcob) and make" \
      io.kiln.stack="cobol"
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends gnucobol make \
 && rm -rf /var/lib/apt/lists/*
CMD ["cobc", "--version"]
