# kiln stack "python-<minor>": Python 3 with pip and venv, from the Debian
# packages of the release under it (bookworm: 3.11, trixie: 3.13); BASE is
# given by stacks/catalogue.toml.
ARG BASE
FROM ${BASE}
LABEL org.opencontainers.image.title="kiln stack: python" \
      org.opencontainers.image.description="Debian with python3, pip and venv (Debian packages)"
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip python3-venv \
 && rm -rf /var/lib/apt/lists/*
CMD ["python3"]
