# Sourced by the container tests: exits 77 (SKIP_RETURN_CODE, which ctest shows as skipped,
# never as passed) with the reason when there is no Docker daemon to use. scripts/test starts
# one (scripts/dockerd) and exports DOCKER_HOST, or BICEPGATE_DOCKER_SKIP with why it could not.
# shellcheck shell=bash
skip_code=77
if [[ -n "${BICEPGATE_DOCKER_SKIP:-}" ]]; then
  echo "SKIP: no Docker daemon: $BICEPGATE_DOCKER_SKIP"
  exit "$skip_code"
fi
if ! command -v docker >/dev/null 2>&1; then
  echo "SKIP: no docker client on PATH (Debian package docker.io)"
  exit "$skip_code"
fi
if ! answer="$(timeout 20 docker version --format '{{.Server.Version}}' 2>&1)"; then
  echo "SKIP: the Docker daemon at ${DOCKER_HOST:-the default socket} does not answer: $answer"
  exit "$skip_code"
fi
