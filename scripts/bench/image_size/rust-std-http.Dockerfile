# By hand: a release binary on an empty image with the C library files it
# links (what `ldd` lists) and the CA certificates.
FROM kiln/stack-rust:bookworm AS build
COPY kiln-ca.crt /tmp/kiln-ca.crt
ENV CARGO_HTTP_CAINFO=/tmp/kiln-ca.crt
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin hello-server \
 && mkdir -p /out/etc/ssl/certs \
 && cp /etc/ssl/certs/ca-certificates.crt /out/etc/ssl/certs/ \
 && cp target/release/hello-server /out/hello-server \
 && ldd target/release/hello-server | grep -o '/[^ ]*' | xargs -I{} cp --parents -L {} /out/

FROM scratch
COPY --from=build /out/ /
ENV PORT=8080
EXPOSE 8080
USER 10001:10001
CMD ["/hello-server"]
