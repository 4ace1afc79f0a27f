# kiln stack "java": OpenJDK 17 and Maven, to build Java apps.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: java" \
      org.opencontainers.image.description="Debian bookworm with OpenJDK 17 (headless JDK) and Maven" \
      io.kiln.stack="java"
ARG DEBIAN_FRONTEND=noninteractive
# JAVA_HOME through a link without the architecture in its name, so this
# file builds on any of Debian's architectures.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven \
 && ln -s "java-17-openjdk-$(dpkg --print-architecture)" /usr/lib/jvm/java-17 \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-17
CMD ["jshell"]
