#!/usr/bin/env bash
# Rebuilds the source-ashby image from the top-level Dockerfile.
#
# Usage: scripts/docker/build.sh [extra docker build args...]
#
# By default it builds on the local base images that scripts/docker/setup.sh makes (no image
# registry is reachable on this kind of machine). Override with SDK_IMAGE / RUNTIME_IMAGE, e.g.
#   SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0 RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0 scripts/docker/build.sh
# The image is tagged `source-ashby` (what the container tests use) and `ghcr.io/source-ashby/source-ashby:dev`
# (what acceptance-test-config.yml names).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/docker/common.sh
. "${script_dir}/common.sh"

start=${SECONDS}

if ! docker info >/dev/null 2>&1; then
  die "the Docker engine is not reachable; run scripts/docker/setup.sh first"
fi

sdk_image="${SDK_IMAGE:-${LOCAL_SDK_IMAGE}}"
runtime_image="${RUNTIME_IMAGE:-${LOCAL_RUNTIME_IMAGE}}"
for image in "${sdk_image}" "${runtime_image}"; do
  if ! docker image inspect "${image}" >/dev/null 2>&1; then
    case "${image}" in
      "${LOCAL_SDK_IMAGE}" | "${LOCAL_RUNTIME_IMAGE}")
        die "base image ${image} is missing; run scripts/docker/setup.sh (it makes the base images)" ;;
      *)
        log "base image ${image} is not local; docker will try to pull it" ;;
    esac
  fi
done

# The legacy builder is used when the client has no buildx plugin (Debian's docker.io has none);
# the Dockerfile works with both builders.
if ! docker buildx version >/dev/null 2>&1; then
  export DOCKER_BUILDKIT=0
fi

log "building ${IMAGE_TAG} on ${sdk_image} / ${runtime_image}"
# --network host: RUN steps (dotnet restore, apt-get on the official SDK image) reach the package
# registries exactly as the host does, with no NAT through the docker bridge.
docker build \
  --network host \
  --force-rm \
  --build-arg "SDK_IMAGE=${sdk_image}" \
  --build-arg "RUNTIME_IMAGE=${runtime_image}" \
  --tag "${IMAGE_TAG}" \
  --tag "${IMAGE_TAG_DEV}" \
  --file "${REPO_ROOT}/Dockerfile" \
  "$@" \
  "${REPO_ROOT}"

size_bytes="$(docker image inspect --format '{{.Size}}' "${IMAGE_TAG}")"
log "built ${IMAGE_TAG} ($(( size_bytes / 1024 / 1024 )) MiB) in $(( SECONDS - start ))s"
