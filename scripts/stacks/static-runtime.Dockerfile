# kiln stack "static-runtime": the run image of static sites, a tiny web
# server and nothing else. Debian's statically linked busybox (its httpd and
# shell) on an empty image, with the darkhttpd command kiln's static plans
# start (the static stack's wrapper), CA certificates, and a passwd entry for
# the run user.
FROM kiln/stack-base:bookworm AS pieces
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends busybox-static \
 && rm -rf /var/lib/apt/lists/*
COPY runtime/slim-rootfs /usr/local/bin/slim-rootfs
COPY static/httpd.conf /rootfs/etc/httpd.conf
COPY static/darkhttpd /rootfs/usr/local/bin/darkhttpd
RUN slim-rootfs --only /rootfs base-files ca-certificates busybox-static \
 && chmod 0644 /rootfs/etc/httpd.conf && chmod 0755 /rootfs/usr/local/bin/darkhttpd \
 && for applet in $(busybox --list); do [ -e "/rootfs/usr/bin/$applet" ] || ln -s busybox "/rootfs/usr/bin/$applet"; done

FROM scratch
COPY --from=pieces /rootfs/ /
LABEL org.opencontainers.image.title="kiln stack: static-runtime" \
      org.opencontainers.image.description="Debian bookworm's busybox-static (httpd, sh) with a darkhttpd-compatible command, on an empty image: to serve static sites" \
      io.kiln.stack="static-runtime"
ENV PATH=/usr/local/bin:/usr/bin:/bin
EXPOSE 8080
CMD ["darkhttpd", "/srv", "--port", "8080", "--no-listing"]
