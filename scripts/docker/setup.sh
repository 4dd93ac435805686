#!/usr/bin/env bash
# Makes everything the container tests need, on a fresh Debian 12 machine with no image registry:
#   1. installs Docker (Debian's docker.io) if dockerd is missing;
#   2. starts dockerd in the background if the engine isn't answering, and waits for `docker info`;
#   3. makes the local base images if they are missing:
#        source-ashby-base/runtime-deps:bookworm  minimal Debian bookworm (debootstrap) + ca-certificates
#        source-ashby-base/sdk:<ver>-bookworm     the same Debian + clang + zlib1g-dev + a copy of the
#                                                 host's .NET SDK (/usr/share/dotnet)
#   4. builds the connector image from the top-level Dockerfile on those base images
#      (scripts/docker/build.sh), tagged `source-ashby` and `ghcr.io/source-ashby/source-ashby:dev`.
# Every step is skipped when its result already exists, so running it again is cheap.
#
# Needs root (apt-get, dockerd, debootstrap, chroot). Environment knobs:
#   DEBIAN_MIRROR          mirror for debootstrap (default http://deb.debian.org/debian)
#   DOCKERD_LOG            where the background dockerd logs (default /var/log/source-ashby-dockerd.log)
#   REBUILD_BASE_IMAGES=1  remake the base images even if they exist
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/docker/common.sh
. "${script_dir}/common.sh"

DEBIAN_SUITE=bookworm
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DOCKERD_LOG="${DOCKERD_LOG:-/var/log/source-ashby-dockerd.log}"
BASE_PATH_ENV='PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

total_start=${SECONDS}
step_start=${SECONDS}
step() {
  log "$* ($(( SECONDS - step_start ))s)"
  step_start=${SECONDS}
}

[ "$(id -u)" -eq 0 ] || die "run as root (it installs packages, starts dockerd and runs debootstrap)"

apt_updated=0
apt_install() {
  if [ "${apt_updated}" -eq 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- 1. Docker -------------------------------------------------------------------------------
if ! command -v dockerd >/dev/null 2>&1; then
  log "installing docker.io"
  apt_install docker.io
  step "docker.io installed"
fi

# --- 2. dockerd ------------------------------------------------------------------------------
if ! docker info >/dev/null 2>&1; then
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  if [ -f /var/run/docker.pid ]; then
    log "dockerd is running (pid $(cat /var/run/docker.pid)) but not answering yet"
  else
    log "starting dockerd in the background (log: ${DOCKERD_LOG})"
    mkdir -p "$(dirname "${DOCKERD_LOG}")"
    setsid nohup dockerd >>"${DOCKERD_LOG}" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { tail -n 30 "${DOCKERD_LOG}" >&2 || true; die "dockerd did not come up within 60s"; }
  step "dockerd is up"
fi
log "docker engine $(docker version --format '{{.Server.Version}}' 2>/dev/null)"

# --- 3. base images --------------------------------------------------------------------------
have_image() { docker image inspect "$1" >/dev/null 2>&1; }

need_runtime=1
need_sdk=1
if [ "${REBUILD_BASE_IMAGES:-0}" != 1 ]; then
  have_image "${LOCAL_RUNTIME_IMAGE}" && need_runtime=0
  have_image "${LOCAL_SDK_IMAGE}" && need_sdk=0
fi

if [ "${need_runtime}" = 1 ] || [ "${need_sdk}" = 1 ]; then
  dotnet_dir="$(dotnet_root)"
  if [ "${need_sdk}" = 1 ] && [ ! -x "${dotnet_dir}/dotnet" ]; then
    die "no .NET SDK at ${dotnet_dir}; the SDK base image is a copy of the host's SDK"
  fi
  command -v debootstrap >/dev/null 2>&1 || { log "installing debootstrap"; apt_install debootstrap; }

  work="$(mktemp -d /var/tmp/source-ashby-rootfs.XXXXXX)"
  cleanup() {
    if mountpoint -q "${work}/sdk/proc" 2>/dev/null; then umount "${work}/sdk/proc" || true; fi
    rm -rf "${work}"
  }
  trap cleanup EXIT

  log "debootstrap ${DEBIAN_SUITE} (minbase + ca-certificates) from ${DEBIAN_MIRROR}"
  debootstrap --variant=minbase --include=ca-certificates "${DEBIAN_SUITE}" "${work}/base" "${DEBIAN_MIRROR}" \
    >"${work}/debootstrap.log" 2>&1 || { tail -n 30 "${work}/debootstrap.log" >&2; die "debootstrap failed"; }
  step "debootstrap done"

  import_rootfs() { # dir image [--change ...]
    local dir="$1" image="$2"
    shift 2
    tar --numeric-owner -C "${dir}" -c . | docker import "$@" - "${image}" >/dev/null
  }

  if [ "${need_sdk}" = 1 ]; then
    log "making ${LOCAL_SDK_IMAGE}: clang, zlib1g-dev and the SDK from ${dotnet_dir} ($(sdk_version))"
    cp -a "${work}/base" "${work}/sdk"
    cp /etc/resolv.conf "${work}/sdk/etc/resolv.conf"
    mount -t proc proc "${work}/sdk/proc"
    chroot "${work}/sdk" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    chroot "${work}/sdk" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends -o Dpkg::Use-Pty=0 clang zlib1g-dev >/dev/null
    chroot "${work}/sdk" apt-get clean
    # The build stage restores from NuGet over HTTPS. Where the host reaches it through a
    # TLS-inspecting proxy, the host trusts that proxy's CA via /usr/local/share/ca-certificates;
    # give the SDK image (only the build stage, never the runtime image) the same trust.
    if find /usr/local/share/ca-certificates -name '*.crt' 2>/dev/null | grep -q .; then
      log "adding the host's local CA certificates (/usr/local/share/ca-certificates) to the SDK image"
      cp -a /usr/local/share/ca-certificates/. "${work}/sdk/usr/local/share/ca-certificates/"
      chroot "${work}/sdk" update-ca-certificates >/dev/null
    fi
    umount "${work}/sdk/proc"
    rm -rf "${work}/sdk/var/lib/apt/lists/"*
    : >"${work}/sdk/etc/resolv.conf"
    cp -a "${dotnet_dir}" "${work}/sdk/usr/share/dotnet"
    ln -sf /usr/share/dotnet/dotnet "${work}/sdk/usr/bin/dotnet"
    import_rootfs "${work}/sdk" "${LOCAL_SDK_IMAGE}" \
      --change "ENV ${BASE_PATH_ENV}" \
      --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
      --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' \
      --change 'ENV DOTNET_NOLOGO=1' \
      --change 'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1' \
      --change "ENV NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-online}" \
      --change 'CMD ["/bin/bash"]'
    rm -rf "${work}/sdk"
    step "${LOCAL_SDK_IMAGE} made"
  fi

  if [ "${need_runtime}" = 1 ]; then
    log "making ${LOCAL_RUNTIME_IMAGE}"
    base="${work}/base"
    # Trim what a runtime never reads: package lists and caches, manuals, translations.
    # Copyright files stay.
    rm -rf "${base}/var/lib/apt/lists/"* "${base}/var/cache/apt/"* "${base}/var/cache/debconf/"*-old \
      "${base}/usr/share/man/"* "${base}/usr/share/info/"* "${base}/usr/share/locale/"* \
      "${base}/var/log/"*.log "${base}/var/log/apt/"*
    find "${base}/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "${base}/usr/share/doc" -mindepth 1 -type d -empty -delete
    : >"${base}/etc/resolv.conf"
    import_rootfs "${base}" "${LOCAL_RUNTIME_IMAGE}" \
      --change "ENV ${BASE_PATH_ENV}" \
      --change 'CMD ["/bin/sh"]'
    step "${LOCAL_RUNTIME_IMAGE} made"
  fi

  cleanup
  trap - EXIT
else
  log "base images present: ${LOCAL_RUNTIME_IMAGE}, ${LOCAL_SDK_IMAGE}"
fi

# --- 4. the connector image ------------------------------------------------------------------
"${script_dir}/build.sh"
step "image built"

log "setup done in $(( SECONDS - total_start ))s: $(docker image inspect --format '{{.Size}}' "${IMAGE_TAG}" | awk '{printf "%.1f MiB", $1/1048576}') image ${IMAGE_TAG}"
