# kiln stack "swift": the Swift toolchain (swift build, SwiftPM) from Debian.
# Debian packages Swift from trixie on (swiftlang 6.0); this stack is the
# bookworm base with that one package taken from trixie, which brings
# trixie's C library along. Programs are built with the Swift standard
# library linked in (--static-swift-stdlib) and run on this same stack, whose
# C library they were linked against.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: swift" \
      org.opencontainers.image.description="Debian bookworm with Swift 6.0 (swiftlang from Debian trixie)" \
      io.kiln.stack="swift"
ARG DEBIAN_FRONTEND=noninteractive
# trixie at a low priority: only what swiftlang needs comes from it.
RUN sed -e 's/^Suites: .*/Suites: trixie/' /etc/apt/sources.list.d/debian.sources \
      | awk 'BEGIN { RS = ""; ORS = "\n\n" } NR == 1' > /etc/apt/sources.list.d/trixie.sources \
 && printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie \
 && apt-get update \
 && apt-get install -y --no-install-recommends -t trixie swiftlang libc6-dev libstdc++-14-dev git \
 && rm -rf /var/lib/apt/lists/*
CMD ["swift", "--version"]
