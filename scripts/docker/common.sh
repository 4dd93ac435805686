# shellcheck shell=bash
# Shared settings for scripts/docker/*.sh. Sourced, not run.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO_ROOT

# The connector image.
IMAGE_TAG="${IMAGE_TAG:-source-ashby}"
IMAGE_TAG_DEV="${IMAGE_TAG_DEV:-ghcr.io/source-ashby/source-ashby:dev}"

# Local stand-ins for mcr.microsoft.com/dotnet/{sdk,runtime-deps}:10.0, made by setup.sh.
# The SDK image is tagged with the SDK version it was copied from, so a new SDK on the host
# makes a new image.
dotnet_root() {
  if [ -n "${DOTNET_ROOT:-}" ] && [ -x "${DOTNET_ROOT}/dotnet" ]; then
    printf '%s\n' "${DOTNET_ROOT}"
  elif command -v dotnet >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v dotnet)")"
  else
    printf '%s\n' /usr/share/dotnet
  fi
}
sdk_version() {
  "$(dotnet_root)/dotnet" --version 2>/dev/null || echo unknown
}
LOCAL_RUNTIME_IMAGE="${LOCAL_RUNTIME_IMAGE:-source-ashby-base/runtime-deps:bookworm}"
LOCAL_SDK_IMAGE="${LOCAL_SDK_IMAGE:-source-ashby-base/sdk:$(sdk_version)-bookworm}"

log() {
  printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
}

die() {
  log "error: $*"
  exit 1
}
