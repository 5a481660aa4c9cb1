#!/usr/bin/env bash
# ctest container.image: builds the image from the real Dockerfile as bicepgate:test (the
# fixture bicepgate_image the container scenarios require), the way CI does (scripts/image).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=tests/container/docker_available.sh
. "$here/docker_available.sh"
exec "$here/../../scripts/image" build "${BICEPGATE_IMAGE:-bicepgate:test}"
