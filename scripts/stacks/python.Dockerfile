# kiln stack "python": Python 3 with pip and venv, from Debian packages.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: python" \
      org.opencontainers.image.description="Debian bookworm with python3, pip and venv (Debian packages)" \
      io.kiln.stack="python"
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip python3-venv \
 && rm -rf /var/lib/apt/lists/*
CMD ["python3"]
