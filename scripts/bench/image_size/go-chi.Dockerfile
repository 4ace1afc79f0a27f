# By hand: a static binary (cgo off, no symbols) on an empty image with the
# CA certificates.
FROM kiln/stack-go:bookworm AS build
COPY kiln-ca.crt /tmp/kiln-ca.crt
ENV SSL_CERT_FILE=/tmp/kiln-ca.crt CGO_ENABLED=0
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags='-s -w' -o /server .

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /server /server
ENV PORT=8080
EXPOSE 8080
USER 10001:10001
CMD ["/server"]
