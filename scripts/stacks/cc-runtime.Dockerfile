# kiln stack "cc-runtime": the run image of dynamically linked native
# programs (Rust, C and C++, Haskell, Crystal): the C and C++ runtime
# libraries, zlib, gmp and libffi (GHC's), a POSIX shell (dash) for shell
# start commands, CA certificates and time zones. No apt, dpkg, perl or
# compiler: like distroless/cc, made from the Debian packages of the base stack.
FROM kiln/stack-base:bookworm AS pieces
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends libstdc++6 libgcc-s1 zlib1g libgmp10 libffi8 netbase \
 && rm -rf /var/lib/apt/lists/*
COPY runtime/slim-rootfs /usr/local/bin/slim-rootfs
RUN slim-rootfs /rootfs base-files dash ca-certificates tzdata netbase libc6 libstdc++6 libgcc-s1 zlib1g libgmp10 libffi8

FROM scratch
COPY --from=pieces /rootfs/ /
LABEL org.opencontainers.image.title="kiln stack: cc-runtime" \
      org.opencontainers.image.description="Debian bookworm's libc6, libstdc++6, libgcc-s1, zlib, gmp, libffi, dash, CA certificates and tzdata, no package manager: for compiled programs" \
      io.kiln.stack="cc-runtime"
ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8
CMD ["sh"]
