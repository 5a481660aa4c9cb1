# bicepgate's container action image, on Debian 13 (trixie) for a current Azure CLI (2.74).
# Build stage: the packages CI uses and scripts/container-build (CI runs the same script, so
# these commands cannot rot). Bicep stage: the pinned, checksum-verified Bicep CLI
# (scripts/bicep-pin), from a .nupkg handed in under .cache/bicep (scripts/image does) or from
# NuGet. Runtime stage: the Azure CLI cut down to the commands bicepgate calls
# (scripts/az-slim.py, which also proves they answer), the runtime libraries, Bicep, the binary.
# Layers go from what changes least to what changes most: a change to src/ rebuilds only the
# build stage (ccache in a BuildKit cache mount keeps that short) and the last COPY.
# No USER instruction: GitHub runs Docker actions as root (the workspace is mounted for root);
# the image has a `bicepgate` user (uid 1001, the hosted runner's) for `docker run --user`.
FROM debian:trixie-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cmake ninja-build g++ ccache pkg-config nlohmann-json3-dev libyaml-cpp-dev libspdlog-dev \
      libgit2-dev libsqlite3-dev libcurl4-openssl-dev libcli11-dev libpcre2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY scripts/container-build ./scripts/container-build
COPY data ./data
COPY src ./src
ENV CCACHE_DIR=/root/.cache/ccache
RUN --mount=type=cache,target=/root/.cache/ccache scripts/container-build /opt/bicepgate /tmp/build

FROM debian:trixie-slim AS bicep
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl unzip \
 && rm -rf /var/lib/apt/lists/*
# The globs match nothing when no package is handed in; fetch-bicep then downloads it.
COPY scripts/bicep-pin scripts/fetch-bicep .cach[e]/bicep/*.nupk[g] /opt/fetch/
RUN . /opt/fetch/bicep-pin \
 && package="/opt/fetch/azure.bicep.commandline.linux-x64.$BICEP_VERSION.nupkg" \
 && if [ -f "$package" ]; then export BICEP_PACKAGE="$package"; fi \
 && BICEP_CACHE=/tmp/bicep-cache DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 /opt/fetch/fetch-bicep /usr/local/bin \
 && rm -rf /tmp/bicep-cache

FROM debian:trixie-slim
COPY scripts/az-slim.py /tmp/az-slim.py
# One RUN: what az-slim.py deletes never reaches a layer.
RUN dpkg-query -W -f '${Package}\n' >/tmp/base-packages \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates azure-cli libicu76 \
      libyaml-cpp0.8 libspdlog1.15 libfmt10 libgit2-1.9 libsqlite3-0 libcurl4t64 libpcre2-8-0 \
 && rm -rf /var/lib/apt/lists/* \
 && python3 /tmp/az-slim.py slim --base /tmp/base-packages \
 && python3 /tmp/az-slim.py check \
 && rm -rf /tmp/az-slim.py /tmp/base-packages /var/log/apt /var/log/dpkg.log /var/cache/debconf/*-old \
 && useradd --uid 1001 --create-home --shell /usr/sbin/nologin bicepgate
COPY --from=bicep /usr/local/bin/bicep /usr/local/bin/bicep
COPY --from=build /opt/bicepgate /opt/bicepgate
# az uses the same pinned Bicep CLI instead of downloading its own.
ENV BICEPGATE_DATA_DIR=/opt/bicepgate/share/bicepgate \
    AZURE_BICEP_USE_BINARY_FROM_PATH=true \
    AZURE_CORE_COLLECT_TELEMETRY=false \
    PATH=/opt/bicepgate/bin:$PATH
ENTRYPOINT ["/opt/bicepgate/bin/bicepgate"]
CMD ["run"]
