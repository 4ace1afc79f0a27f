# kiln stack "scala": OpenJDK 17 and sbt, to build Scala apps. Debian
# packages no sbt, so its launcher jar comes from Maven Central (pinned and
# checked against its sha256); the launcher then fetches the sbt version a
# project's project/build.properties names, and Scala, from Maven Central.
# Built apps (sbt-native-packager's stage, or an sbt-assembly jar) run on
# java-runtime.

# The download happens in a stage of its own: it needs the CA bundle that
# make-stacks.sh puts in the context (a proxy's CA), which must not reach the stack.
FROM kiln/stack-base:bookworm AS fetch
ARG SBT_LAUNCH_VERSION=1.10.2
ARG SBT_LAUNCH_SHA256=cdd6963b622f42690cb2e3154bde3f3257a03839f216e1b5d7420000d6a71817
COPY kiln-ca.crt /tmp/kiln-ca.crt
RUN set -eu; \
    ca=""; [ -s /tmp/kiln-ca.crt ] && ca="--cacert /tmp/kiln-ca.crt"; \
    curl -fsSL $ca -o /tmp/sbt-launch.jar \
      "https://repo1.maven.org/maven2/org/scala-sbt/sbt-launch/${SBT_LAUNCH_VERSION}/sbt-launch-${SBT_LAUNCH_VERSION}.jar"; \
    echo "${SBT_LAUNCH_SHA256}  /tmp/sbt-launch.jar" | sha256sum -c -

FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: scala" \
      org.opencontainers.image.description="Debian bookworm with OpenJDK 17 and sbt (launcher from Maven Central, pinned)" \
      io.kiln.stack="scala"
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless git \
 && ln -s "java-17-openjdk-$(dpkg --print-architecture)" /usr/lib/jvm/java-17 \
 && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/usr/lib/jvm/java-17
COPY --from=fetch /tmp/sbt-launch.jar /usr/local/lib/sbt/sbt-launch.jar
COPY scala/repositories /etc/sbt/repositories
COPY scala/sbt /usr/local/bin/sbt
CMD ["sbt", "--version"]
