# kiln stack "php": the PHP CLI with the usual extensions, and Composer.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: php" \
      org.opencontainers.image.description="Debian bookworm with php-cli, xml, mbstring, curl, Composer and unzip" \
      io.kiln.stack="php"
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends php-cli php-xml php-mbstring php-curl composer unzip \
 && rm -rf /var/lib/apt/lists/*
CMD ["php", "-a"]
