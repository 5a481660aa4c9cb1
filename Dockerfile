# bicepgate's container action image.
# Build stage: Debian bookworm with the packages CI uses, and scripts/container-build (CI runs
# the same script, so these commands cannot rot). Runtime stage: the binary, its data, the
# runtime libraries, the Azure CLI and a pinned, checksum-verified Bicep CLI.
# No USER instruction: GitHub runs Docker actions as root (the workspace is mounted for root);
# the image has a `bicepgate` user (uid 1001, the hosted runner's) for `docker run --user`.
FROM debian:bookworm-slim AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cmake ninja-build g++ pkg-config nlohmann-json3-dev libyaml-cpp-dev libspdlog-dev \
      libgit2-dev libsqlite3-dev libcurl4-openssl-dev libcli11-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY src ./src
COPY data ./data
COPY scripts/container-build ./scripts/container-build
RUN scripts/container-build /opt/bicepgate /tmp/build

FROM debian:bookworm-slim AS bicep
# Bicep CLI release and the sha256 of its bicep-linux-x64 asset; bump both together.
ARG BICEP_VERSION=0.33.93
ARG BICEP_SHA256=fd1906dcc0e60b72dbe7b6e06882d5c6e6768f9e7cb8ca9057b65bf9b73b1be9
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && curl -fsSL --retry 3 -o /usr/local/bin/bicep \
      "https://github.com/Azure/bicep/releases/download/v${BICEP_VERSION}/bicep-linux-x64" \
 && echo "${BICEP_SHA256}  /usr/local/bin/bicep" | sha256sum -c - \
 && chmod 0755 /usr/local/bin/bicep

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates git azure-cli libicu72 \
      libyaml-cpp0.7 libspdlog1.10 libfmt9 libgit2-1.5 libsqlite3-0 libcurl4 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1001 --create-home --shell /usr/sbin/nologin bicepgate
COPY --from=build /opt/bicepgate /opt/bicepgate
COPY --from=bicep /usr/local/bin/bicep /usr/local/bin/bicep
# az uses the same pinned Bicep CLI instead of downloading its own.
ENV BICEPGATE_DATA_DIR=/opt/bicepgate/share/bicepgate \
    AZURE_BICEP_USE_BINARY_FROM_PATH=true \
    AZURE_CORE_COLLECT_TELEMETRY=false \
    PATH=/opt/bicepgate/bin:$PATH
ENTRYPOINT ["/opt/bicepgate/bin/bicepgate"]
CMD ["run"]
