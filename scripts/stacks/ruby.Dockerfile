# kiln stack "ruby": Ruby and Bundler, from Debian packages.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: ruby" \
      org.opencontainers.image.description="Debian bookworm with ruby and bundler (Debian packages)" \
      io.kiln.stack="ruby"
ARG DEBIAN_FRONTEND=noninteractive
# No compiler here: this stack is also the ruby run image, and kiln's ruby
# plan adds build-essential and ruby-dev to the build when a gem compiles
# (puma, nio4r, json, ...).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ruby ruby-bundler \
 && rm -rf /var/lib/apt/lists/*
CMD ["irb"]
