# kiln stack "cpp": the GNU toolchain and the C/C++ build systems (CMake,
# Meson, Ninja, make), from Debian packages, to build C and C++ apps. The
# binaries they make run on the base stack.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: cpp" \
      org.opencontainers.image.description="Debian bookworm with gcc/g++ (build-essential), CMake, Meson, Ninja and pkg-config" \
      io.kiln.stack="cpp"
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake meson ninja-build pkg-config git \
 && rm -rf /var/lib/apt/lists/*
CMD ["bash"]
