# kiln stack "clojure": OpenJDK 17, Leiningen and Clojure, from Debian
# packages, to build Clojure apps into uberjars that run on java-runtime.
# Dependencies come from Maven Central (and Clojars, where it can be reached).
# Debian's clojure package is clojure.main, not the Clojure CLI (tools.deps):
# deps.edn projects need a stack with the official CLI.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: clojure" \
      org.opencontainers.image.description="Debian bookworm with OpenJDK 17, Leiningen 2.10, Clojure 1.11 and Maven" \
      io.kiln.stack="clojure"
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless leiningen clojure maven git \
 && ln -s "java-17-openjdk-$(dpkg --print-architecture)" /usr/lib/jvm/java-17 \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-17 \
    LEIN_ROOT=1
CMD ["clojure"]
