# kiln stack "haskell": GHC, cabal-install and stack, from Debian packages.
# Hackage cannot always be reached from a build (it cannot here), so the
# libraries Debian packages for the common web stack are installed too: cabal
# finds them in GHC's global package database and builds without an index.
# GHC links Haskell libraries statically: the binaries run on the base stack
# with libgmp10 and libffi8.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: haskell" \
      org.opencontainers.image.description="Debian bookworm with GHC 9.0, cabal-install 3.4, stack 2.7 and Debian's Haskell web libraries (wai, warp, scotty, aeson, ...)" \
      io.kiln.stack="haskell"
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends ghc cabal-install haskell-stack git zlib1g-dev \
      libghc-wai-dev libghc-warp-dev libghc-http-types-dev libghc-scotty-dev libghc-aeson-dev \
      libghc-text-dev libghc-bytestring-dev libghc-containers-dev \
 && rm -rf /var/lib/apt/lists/*
CMD ["ghci"]
