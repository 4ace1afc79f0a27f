# kiln stack "swift-runtime": what a Swift program built on the swift stack
# needs to run, and no toolchain: the base stack with the C and C++ runtime
# libraries of Debian trixie, which the swift stack's compiler links against
# (bookworm's are too old for it). With --static-swift-stdlib the Swift
# libraries are inside the program.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: swift-runtime" \
      org.opencontainers.image.description="Debian bookworm with trixie's libc6 and libstdc++6, to run Swift programs built on the swift stack" \
      io.kiln.stack="swift-runtime"
ARG DEBIAN_FRONTEND=noninteractive
RUN sed -e 's/^Suites: .*/Suites: trixie/' /etc/apt/sources.list.d/debian.sources \
      | awk 'BEGIN { RS = ""; ORS = "\n\n" } NR == 1' > /etc/apt/sources.list.d/trixie.sources \
 && printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie \
 && apt-get update \
 && apt-get install -y --no-install-recommends -t trixie libc6 libstdc++6 \
 && rm -f /etc/apt/sources.list.d/trixie.sources /etc/apt/preferences.d/trixie \
 && rm -rf /var/lib/apt/lists/*
CMD ["bash"]
