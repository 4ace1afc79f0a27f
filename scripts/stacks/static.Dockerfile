# kiln stack "static": a small web server for folders of files.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: static" \
      org.opencontainers.image.description="Debian bookworm with a darkhttpd-compatible command (busybox httpd) for static sites and spa-httpd (lighttpd) for single-page apps" \
      io.kiln.stack="static"
ARG DEBIAN_FRONTEND=noninteractive
# darkhttpd is in neither bookworm nor trixie. kiln's static plans start
# `darkhttpd DIR --port N --no-listing`, so the image has a darkhttpd command
# that takes those options and serves with busybox's httpd.
# Single-page apps need unknown paths answered with index.html and 200, which
# busybox httpd cannot do (its error page keeps the 404): `spa-httpd DIR --port N`
# serves them with lighttpd's rewrite-if-not-file.
RUN apt-get update \
 && apt-get install -y --no-install-recommends busybox lighttpd \
 && rm -rf /var/lib/apt/lists/* /etc/lighttpd/conf-enabled/* /var/www/html
COPY static/httpd.conf /etc/httpd.conf
COPY static/darkhttpd /usr/local/bin/darkhttpd
COPY static/spa-httpd /usr/local/bin/spa-httpd
RUN chmod 0644 /etc/httpd.conf && chmod 0755 /usr/local/bin/darkhttpd /usr/local/bin/spa-httpd
EXPOSE 8080
CMD ["darkhttpd", "/srv", "--port", "8080", "--no-listing"]
