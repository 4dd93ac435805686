# source-ashby: Airbyte source connector for the Ashby ATS, compiled with NativeAOT.
#
# The defaults are the official public images, so `docker build -t source-ashby .` works anywhere
# that can pull from mcr.microsoft.com. Where no image registry is reachable, scripts/docker/setup.sh
# makes equivalent local base images (Debian bookworm) and passes them in with --build-arg.
# Only the base images are build args. The Airbyte ENV and LABEL values below are literal on purpose.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0

FROM ${SDK_IMAGE} AS build
# NativeAOT links with clang and needs the zlib headers. The official SDK image (Ubuntu) has neither;
# the local one made by setup.sh already has both, so this step does nothing there.
RUN if ! command -v clang >/dev/null 2>&1 || [ ! -e /usr/include/zlib.h ]; then \
        apt-get update \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
        && rm -rf /var/lib/apt/lists/*; \
    fi
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
WORKDIR /src
# Restore in its own layer so that source edits don't download packages again. If the connector
# gains a ProjectReference, copy that project's .csproj here as well.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/AshbySource/AshbySource.csproj src/AshbySource/
RUN dotnet restore src/AshbySource/AshbySource.csproj -r linux-x64 -p:PublishAot=true
COPY schemas/ schemas/
COPY src/AshbySource/ src/AshbySource/
RUN dotnet publish src/AshbySource/AshbySource.csproj --no-restore -c Release -r linux-x64 \
        -p:PublishAot=true -p:InvariantGlobalization=true -o /out \
    && test -x /out/source-ashby \
    && rm -rf src/AshbySource/bin src/AshbySource/obj

FROM ${RUNTIME_IMAGE} AS runtime
# Airbyte convention: user `airbyte` with uid/gid 1000 and a writable /airbyte. Ubuntu images
# (the official default) already have `ubuntu` at uid/gid 1000, so whatever holds 1000 is removed first.
RUN set -eu; \
    old_user="$(getent passwd 1000 | cut -d: -f1)" || true; \
    if [ -n "${old_user}" ] && [ "${old_user}" != airbyte ]; then userdel --remove "${old_user}" 2>/dev/null || userdel "${old_user}"; fi; \
    old_group="$(getent group 1000 | cut -d: -f1)" || true; \
    if [ -n "${old_group}" ] && [ "${old_group}" != airbyte ]; then groupdel "${old_group}"; fi; \
    groupadd --gid 1000 airbyte; \
    useradd --uid 1000 --gid airbyte --home-dir /airbyte --no-create-home --shell /bin/sh airbyte; \
    mkdir -p /airbyte/integration_code /secrets /config /custom_cache; \
    chown -R airbyte:airbyte /airbyte /secrets /config /custom_cache /tmp; \
    chmod 1777 /tmp
COPY --from=build /out/source-ashby /airbyte/integration_code/source-ashby
WORKDIR /airbyte/integration_code
ENV TZ=Etc/UTC \
    HOME=/airbyte \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
ENV AIRBYTE_ENTRYPOINT="/airbyte/integration_code/source-ashby"
ENTRYPOINT ["/airbyte/integration_code/source-ashby"]
LABEL io.airbyte.name=ghcr.io/source-ashby/source-ashby
LABEL io.airbyte.version=0.1.0
# Where the image comes from and how to use it (GHCR links a package to its repository through image.source).
LABEL org.opencontainers.image.title=source-ashby
LABEL org.opencontainers.image.source=https://github.com/source-ashby/source-ashby
LABEL org.opencontainers.image.documentation=https://github.com/source-ashby/source-ashby/blob/main/docs/ashby.md
# airbyte:airbyte, written numerically so that Kubernetes runAsNonRoot can verify it.
USER 1000:1000
