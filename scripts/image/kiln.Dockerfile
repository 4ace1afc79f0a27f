# kiln's own image: the kiln command (CLI and `kiln serve`), its bundled
# buildpacks and the SDK, on Debian bookworm. It is the helper image of
# `kiln build --isolation helper`, and a way to run the service in a container.
# scripts/make-kiln-image.sh builds it from an installed kiln tree (./kiln/):
#   cmake --install build --prefix <staging>/kiln --strip
#
# kiln runs as uid 10001, not root. It drives the engine through the engine's
# socket, which a non-root user may only use as a member of the socket's group
# (the helper mode adds that group by itself; for `docker run`, pass
# --group-add "$(stat -c %g /var/run/docker.sock)") or as root (--user 0).
# Whoever can use that socket controls the host: mount it only where you
# would give root.
ARG BASE=kiln/stack-base:bookworm
FROM ${BASE}

# The shared libraries kiln and its buildpack modules link against (found
# with `objdump -p ... | grep NEEDED` and `dpkg -S`), and git for sources
# fetched from repositories. The check below fails the image if one is missing.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates git \
      libarchive13 libboost-filesystem1.74.0 libcpp-httplib0.11 libcurl4 liblua5.4-0 \
      libsqlite3-0 libssl3 libstdc++6 libtomlplusplus3 libyaml-cpp0.7 \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid 10001 kiln \
 && useradd --uid 10001 --gid 10001 --home-dir /var/lib/kiln --create-home --shell /usr/sbin/nologin kiln

COPY kiln/ /usr/local/

RUN missing="$(ldd /usr/local/bin/kiln /usr/local/bin/kiln-engine /usr/local/lib/kiln/buildpacks/*/*.so | grep 'not found' || true)" \
 && if [ -n "$missing" ]; then echo "kiln image: shared libraries missing:"; echo "$missing"; exit 1; fi \
 && kiln --version && kiln buildpacks list

ARG BASE
ARG KILN_VERSION=dev
LABEL org.opencontainers.image.title="kiln" \
      org.opencontainers.image.description="kiln: turns application source into container images with buildpacks (CLI, service, build helper)" \
      org.opencontainers.image.version="${KILN_VERSION}" \
      org.opencontainers.image.base.name="${BASE}" \
      org.opencontainers.image.licenses="NOASSERTION"

# Numeric, so kiln on the host can give the helper's files to this user.
USER 10001:10001
# `kiln serve` keeps ./kiln-data here unless --data-dir says otherwise.
WORKDIR /var/lib/kiln
ENTRYPOINT ["kiln"]
CMD ["--help"]
