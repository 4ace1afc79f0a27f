# kiln stack "static": a small web server for folders of files.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: static" \
      org.opencontainers.image.description="Debian bookworm with a darkhttpd-compatible command (busybox httpd) for static sites" \
      io.kiln.stack="static"
ARG DEBIAN_FRONTEND=noninteractive
# darkhttpd is in neither bookworm nor trixie. kiln's static plans start
# `darkhttpd DIR --port N --no-listing`, so the image has a darkhttpd command
# that takes those options and serves with busybox's httpd.
RUN apt-get update \
 && apt-get install -y --no-install-recommends busybox \
 && rm -rf /var/lib/apt/lists/*
COPY static/httpd.conf /etc/httpd.conf
COPY static/darkhttpd /usr/local/bin/darkhttpd
RUN chmod 0644 /etc/httpd.conf && chmod 0755 /usr/local/bin/darkhttpd
EXPOSE 8080
CMD ["darkhttpd", "/srv", "--port", "8080", "--no-listing"]
