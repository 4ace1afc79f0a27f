# kiln stack "java-runtime": the OpenJDK 17 runtime alone, to run built jars.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: java-runtime" \
      org.opencontainers.image.description="Debian bookworm with the OpenJDK 17 headless runtime" \
      io.kiln.stack="java-runtime"
ARG DEBIAN_FRONTEND=noninteractive
# JAVA_HOME through a link without the architecture in its name, so this
# file builds on any of Debian's architectures.
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && ln -s "java-17-openjdk-$(dpkg --print-architecture)" /usr/lib/jvm/java-17 \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-17
CMD ["java", "-version"]
