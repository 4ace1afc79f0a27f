# By hand: a venv built with pip (no cache), then the interpreter alone
# (Debian's python3, no pip or venv module) and the venv in the run image.
FROM kiln/stack-python:bookworm AS build
COPY kiln-ca.crt /tmp/kiln-ca.crt
ENV PIP_CERT=/tmp/kiln-ca.crt PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python3 -m venv /app/.venv
COPY requirements.txt ./
RUN /app/.venv/bin/pip install -r requirements.txt
COPY . .
# The bench's proxy CA came with the context: not part of the app.
RUN rm -f kiln-ca.crt

FROM kiln/stack-base:bookworm
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
ENV PATH=/app/.venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 PORT=5000
EXPOSE 5000
USER 10001:10001
CMD ["gunicorn", "--bind", "0.0.0.0:5000", "app:app"]
