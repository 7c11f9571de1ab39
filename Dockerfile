# syntax=docker/dockerfile:1
#
# mlgate container image: a static Go binary on a small image that still has
# /bin/sh (GitLab CI and `docker run --entrypoint sh` need a shell).
# Build args and the reasons for each choice: docs/container.md.
#
#   docker build --build-arg VERSION=v0.1.0 --build-arg COMMIT=$(git rev-parse HEAD) -t mlgate .

ARG GO_IMAGE=golang:1.26-bookworm
ARG RUNTIME_IMAGE=busybox:stable-musl

# The builder runs on the build machine's platform and cross-compiles, so a
# multi-platform build (docker buildx --platform linux/amd64,linux/arm64)
# never runs the Go toolchain under emulation.
FROM --platform=${BUILDPLATFORM:-linux/amd64} ${GO_IMAGE} AS build
# Module download settings, passed through when given (a mirror, a private proxy).
ARG GOPROXY
ARG GOFLAGS
ARG GOSUMDB
ENV CGO_ENABLED=0 GOTOOLCHAIN=local
WORKDIR /src
# Dependencies first: this layer stays cached until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG TARGETOS=linux
ARG TARGETARCH
ARG VERSION=dev
ARG COMMIT=unknown
RUN GOOS="${TARGETOS}" GOARCH="${TARGETARCH:-$(go env GOARCH)}" \
    go build -trimpath \
      -ldflags "-s -w -X github.com/mlgate/mlgate/internal/cli.version=${VERSION} -X github.com/mlgate/mlgate/internal/cli.commit=${COMMIT}" \
      -o /out/mlgate ./cmd/mlgate \
 && mkdir -p /out/work

FROM ${RUNTIME_IMAGE}
ARG VERSION=dev
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="mlgate" \
      org.opencontainers.image.description="MLOps gates for CI: one verdict on the pull request" \
      org.opencontainers.image.source="https://github.com/mlgate/mlgate" \
      org.opencontainers.image.url="https://github.com/mlgate/mlgate" \
      org.opencontainers.image.documentation="https://github.com/mlgate/mlgate/blob/main/docs/container.md" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"
# Go reads this bundle by default; nothing else is needed for HTTPS.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/mlgate /usr/local/bin/mlgate
# A working directory the non-root user can write to (results go to
# ./.mlgate/results); COPY, not RUN, so no emulation is needed per platform.
COPY --from=build --chown=65532:65532 /out/work /work
WORKDIR /work
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/mlgate"]
CMD ["--help"]
