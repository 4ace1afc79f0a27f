# kiln stack "crystal": the Crystal compiler, from Debian packages, with the
# libraries its standard library links (TLS, zlib, YAML, XML, GMP). Debian
# packages no shards, so apps with shard dependencies cannot be built here.
# Programs it builds run on the base stack with Crystal's runtime libraries.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: crystal" \
      org.opencontainers.image.description="Debian bookworm with Crystal 1.6 (Debian package) and its standard library's C libraries" \
      io.kiln.stack="crystal"
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends crystal libssl-dev zlib1g-dev libyaml-dev libxml2-dev libgmp-dev git \
 && rm -rf /var/lib/apt/lists/*
# The compiler caches under HOME.
ENV CRYSTAL_CACHE_DIR=/root/.cache/crystal
CMD ["crystal", "--version"]
