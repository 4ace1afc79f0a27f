# kiln stack "elixir": Erlang/OTP and Elixir (mix), from Debian packages, to
# build Elixir apps. A mix release carries its own Erlang runtime (ERTS), so
# released apps run on the base stack; apps started with mix run here.
FROM kiln/stack-base:bookworm
LABEL org.opencontainers.image.title="kiln stack: elixir" \
      org.opencontainers.image.description="Debian bookworm with Erlang/OTP 25 and Elixir 1.14 (Debian packages)" \
      io.kiln.stack="elixir"
ARG DEBIAN_FRONTEND=noninteractive
# erlang-dev: headers for NIFs; git: mix deps from git; make and gcc: deps
# that compile C (bcrypt_elixir, ...); erlang-xmerl and erlang-os-mon: used by
# common libraries and Phoenix's LiveDashboard.
RUN apt-get update \
 && apt-get install -y --no-install-recommends elixir erlang-dev erlang-xmerl erlang-os-mon erlang-runtime-tools \
      erlang-eunit git make gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
# Hex and rebar (mix local.hex, mix local.rebar) go under /usr/local, which
# kiln carries into a run image, and which the app's non-root user can read;
# UTF-8 so the VM does not warn.
ENV LANG=C.UTF-8 \
    MIX_HOME=/usr/local/lib/mix \
    HEX_HOME=/usr/local/lib/hex
CMD ["iex"]
