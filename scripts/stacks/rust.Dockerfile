# kiln stack "rust": rustc and cargo, with gcc and libc headers for linking.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: rust" \
      org.opencontainers.image.description="Debian bookworm with rustc and cargo (rustc-web, cargo-web) and gcc for linking" \
      io.kiln.stack="rust"
ARG DEBIAN_FRONTEND=noninteractive
# bookworm's "rustc" is 1.63, too old for today's crates (and for Cargo.lock
# version 4). Debian keeps "rustc-web"/"cargo-web" current in bookworm-security
# for its browsers; they install the usual /usr/bin/rustc and /usr/bin/cargo.
RUN apt-get update \
 && apt-get install -y --no-install-recommends rustc-web cargo-web gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
CMD ["cargo", "--version"]
