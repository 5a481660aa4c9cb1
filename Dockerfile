# bicepgate's container action image. Build stage: the same Debian packages as CI, a release
# build. Runtime stage: the binary, its runtime libraries and the Azure CLI.
# (The Bicep CLI, pinned and checksum-verified, and non-root operation come with the shipping
# issue; until then `bicep` must be provided by input 'bicep-path'.)
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
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBICEPGATE_TESTS=OFF \
 && cmake --build /build \
 && cmake --install /build --prefix /opt/bicepgate

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates azure-cli libyaml-cpp0.7 libspdlog1.10 libgit2-1.5 libsqlite3-0 libcurl4 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/bicepgate /opt/bicepgate
ENV BICEPGATE_DATA_DIR=/opt/bicepgate/share/bicepgate
ENTRYPOINT ["/opt/bicepgate/bin/bicepgate"]
