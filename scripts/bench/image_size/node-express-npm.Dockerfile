# By hand: dependencies without dev ones in the build stage, then Node.js
# alone (Debian's nodejs, no npm) and the app in the run image.
FROM kiln/stack-node:bookworm AS build
COPY kiln-ca.crt /tmp/kiln-ca.crt
ENV NODE_EXTRA_CA_CERTS=/tmp/kiln-ca.crt NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
# The bench's proxy CA came with the context: not part of the app.
RUN rm -f kiln-ca.crt

FROM kiln/stack-base:bookworm
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
USER 10001:10001
CMD ["node", "src/server.js"]
