# By hand: busybox's httpd (the static build) serving the files, on an
# empty image.
FROM kiln/stack-base:bookworm AS build
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends busybox-static \
 && rm -rf /var/lib/apt/lists/*

FROM scratch
COPY --from=build /bin/busybox /bin/busybox
COPY . /srv
EXPOSE 8080
USER 10001:10001
CMD ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/srv"]
