#!/usr/bin/env bash
# ctest container.az_commands: in the built image, every az command bicepgate runs (and the
# tests run) still answers after scripts/az-slim.py cut az down, az uses the pinned Bicep, and
# the binary answers with its data.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
# shellcheck source=tests/container/docker_available.sh
. "$here/docker_available.sh"
image="${BICEPGATE_IMAGE:-bicepgate:test}"
# shellcheck source=scripts/bicep-pin
. "$root/scripts/bicep-pin"
in_image() { docker run --rm -i --network host --entrypoint "$1" "$image" "${@:2}"; }

# The same list the image build checked, from this checkout's script, in the image's Python.
in_image python3 - check --bicep <"$root/scripts/az-slim.py"
version="$(in_image bicep --version)"
[[ "$version" == *"version $BICEP_VERSION "* ]] ||
  { echo "FAIL: bicep --version in the image: $version (pinned $BICEP_VERSION)" >&2; exit 1; }
echo "bicep: $version"
az_version="$(in_image az version --output tsv --query '"azure-cli"')"
[[ "$az_version" =~ ^2\.(7[4-9]|[89][0-9])\. ]] ||
  { echo "FAIL: az in the image is $az_version; the image is for a current az (>= 2.74)" >&2; exit 1; }
echo "az: $az_version"
in_image /opt/bicepgate/bin/bicepgate version
# The user for `docker run --user`, the hosted runner's uid; and no USER: the action runs as root.
[[ "$(in_image id -un 1001)" == bicepgate ]] || { echo "FAIL: no uid 1001 user in the image" >&2; exit 1; }
[[ "$(docker image inspect --format '{{.Config.User}}' "$image")" == "" ]] ||
  { echo "FAIL: the image sets a USER; GitHub runs Docker actions as root" >&2; exit 1; }
# The budget docs/image.md explains: a hosted runner pulls the image before the first line.
size="$(docker image inspect --format '{{.Size}}' "$image")"
echo "image: $image, $((size / 1000000)) MB unpacked"
((size <= ${BICEPGATE_IMAGE_BUDGET:-600000000})) ||
  { echo "FAIL: $image is $((size / 1000000)) MB unpacked, over the 600 MB budget" >&2; exit 1; }
