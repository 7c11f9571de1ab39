#!/usr/bin/env bash
# Builds the mlgate container image from ./Dockerfile and checks it, with no
# registry and no Docker engine: buildah (vfs storage, chroot isolation) and
# two local stand-in base images made from this machine's files:
#
#   localhost/mlgate-stand-in-runtime  busybox-static + /etc/passwd, /tmp
#                                      (stands in for busybox:stable-musl)
#   localhost/mlgate-stand-in-go       the runtime stand-in + /usr/local/go
#                                      + CA bundle (stands in for golang:1.26-bookworm)
#
# Then it checks the image: size, `mlgate version`, a passing and a failing
# gate with their exit codes, `mlgate report --markdown`, non-root user.
#
# Usage: scripts/image.sh [CONTEXT_DIR]      (default: the repository root)
#
# Environment:
#   MLGATE_IMAGE            tag to build          (default localhost/mlgate:ci)
#   MLGATE_MAX_IMAGE_MB     size limit in MB      (default 30)
#   MLGATE_STORAGE_DRIVER   buildah storage driver (default vfs: works as root
#                           in a container with no overlay or fuse)
#   MLGATE_REBUILD_STAND_INS=1  rebuild the stand-in base images
#   GOROOT_HOST             Go tree copied into the builder (default: go env GOROOT)
#   VERSION, COMMIT         build args stamped into the binary
#
# Runs as root, is idempotent, and exits non-zero on the first failed check.
# See docs/container.md.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
context=$(cd "${1:-$repo_root}" && pwd)
image=${MLGATE_IMAGE:-localhost/mlgate:ci}
max_mb=${MLGATE_MAX_IMAGE_MB:-30}
driver=${MLGATE_STORAGE_DRIVER:-vfs}
runtime_image=localhost/mlgate-stand-in-runtime
go_image=localhost/mlgate-stand-in-go

log() { printf 'image.sh: %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }
ok() { printf 'image.sh: ok   %s\n' "$*"; }

need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	die "$1 not found; install it with: $2"
}
need buildah "apt-get install -y buildah   (Debian/Ubuntu)"
need go "see https://go.dev/doc/install (the host Go tree is copied into the builder stand-in)"
busybox_bin=$(command -v busybox || true)
[ -n "$busybox_bin" ] || die "busybox not found; install it with: apt-get install -y busybox-static"
[ "$(id -u)" = 0 ] || die "run as root (buildah with $driver storage and chroot isolation needs it)"
[ -f "$context/Dockerfile" ] || die "no Dockerfile in $context"

bh() { buildah --storage-driver "$driver" "$@"; }

# Working containers and the scratch directory of this run, removed on exit
# whatever happens.
containers=()
scratch=$(mktemp -d)
cleanup() {
	local c
	for c in "${containers[@]}"; do
		bh rm "$c" >/dev/null 2>&1 || true
	done
	rm -rf "$scratch"
}
trap cleanup EXIT

# new_container IMAGE: creates a working container and sets ctr to its name.
# (Not a command substitution: the name must reach the cleanup list.)
ctr=
new_container() {
	ctr="mlgate-image-sh-$$-${#containers[@]}"
	bh rm "$ctr" >/dev/null 2>&1 || true
	containers+=("$ctr")
	bh from --pull=never --name "$ctr" "$1" >/dev/null
}

# stand_in_current IMAGE KEY: true when IMAGE exists and was built from KEY.
stand_in_current() {
	[ "${MLGATE_REBUILD_STAND_INS:-0}" = 1 ] && return 1
	local have
	have=$(bh inspect --type image --format '{{index .OCIv1.Config.Labels "mlgate.stand-in.key"}}' "$1" 2>/dev/null) || return 1
	[ "$have" = "$2" ]
}

# commit CONTAINER IMAGE: commits, then removes the image it replaced, so
# repeated runs do not pile up untagged images in vfs storage.
commit() {
	local old new
	old=$(bh images --quiet --no-trunc "$2" 2>/dev/null || true)
	bh commit --quiet --rm "$1" "$2" >/dev/null
	new=$(bh images --quiet --no-trunc "$2")
	if [ -n "$old" ] && [ "$old" != "$new" ]; then
		bh rmi "$old" >/dev/null 2>&1 || true
	fi
}

build_runtime_stand_in() {
	local key c
	key="busybox $(sha256sum "$busybox_bin" | cut -c1-16)"
	if stand_in_current "$runtime_image" "$key"; then
		log "reusing $runtime_image ($key)"
		return
	fi
	log "building $runtime_image from $busybox_bin"
	new_container scratch
	c=$ctr
	bh copy --chmod 0755 "$c" "$busybox_bin" /bin/busybox
	# The stand-in has no libc: only a static busybox runs there.
	bh run --isolation chroot "$c" -- /bin/busybox true \
		|| die "$busybox_bin does not run without a libc; install it with: apt-get install -y busybox-static"
	bh run --isolation chroot "$c" -- /bin/busybox mkdir -p /sbin /usr/bin /usr/sbin /etc /root /tmp /var/tmp
	bh run --isolation chroot "$c" -- /bin/busybox --install -s
	bh run --isolation chroot "$c" -- /bin/busybox chmod 1777 /tmp /var/tmp
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$scratch/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$scratch/group"
	bh copy --chmod 0644 "$c" "$scratch/passwd" "$scratch/group" /etc/
	bh config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		--cmd /bin/sh --label "mlgate.stand-in.key=$key" "$c"
	commit "$c" "$runtime_image"
}

build_go_stand_in() {
	local goroot key c
	goroot=${GOROOT_HOST:-$(go env GOROOT)}
	[ -x "$goroot/bin/go" ] || die "no Go toolchain at $goroot"
	[ -f /etc/ssl/certs/ca-certificates.crt ] || die "no /etc/ssl/certs/ca-certificates.crt; install it with: apt-get install -y ca-certificates"
	key="$("$goroot/bin/go" version) $(bh images --quiet --no-trunc "$runtime_image" | cut -c1-16)"
	if stand_in_current "$go_image" "$key"; then
		log "reusing $go_image ($key)"
		return
	fi
	log "building $go_image from $goroot"
	new_container "$runtime_image"
	c=$ctr
	bh run --isolation chroot "$c" -- mkdir -p /usr/local /etc/ssl/certs /go
	bh copy "$c" "$goroot" /usr/local/go
	bh copy --chmod 0644 "$c" /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
	bh config --env GOPATH=/go --env GOTOOLCHAIN=local \
		--env PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		--label "mlgate.stand-in.key=$key" "$c"
	commit "$c" "$go_image"
}

build_image() {
	local args old new start end modcache proxy
	proxy=$(go env GOPROXY)
	args=(
		--isolation chroot --network host --pull=never
		--build-arg "GO_IMAGE=$go_image"
		--build-arg "RUNTIME_IMAGE=$runtime_image"
		--build-arg "GOFLAGS=$(go env GOFLAGS)"
		--build-arg "GOSUMDB=$(go env GOSUMDB)"
		--build-arg "TARGETOS=linux"
		--build-arg "TARGETARCH=$(go env GOARCH)"
		--build-arg "VERSION=${VERSION:-ci}"
		--build-arg "COMMIT=${COMMIT:-$(git -C "$context" rev-parse HEAD 2>/dev/null || echo unknown)}"
	)
	# Serve modules the host already has from its cache, read-only, before
	# asking the network proxy. The Dockerfile is unchanged by this: it only
	# sees GOPROXY.
	modcache=$(go env GOMODCACHE)/cache/download
	if [ -d "$modcache" ]; then
		args+=(--volume "$modcache:/mnt/gomodcache:ro")
		proxy="file:///mnt/gomodcache,$proxy"
	fi
	args+=(--build-arg "GOPROXY=$proxy")
	old=$(bh images --quiet --no-trunc "$image" 2>/dev/null || true)
	log "building $image from $context"
	start=$(date +%s)
	bh build "${args[@]}" --tag "$image" --file "$context/Dockerfile" "$context" >&2 \
		|| die "buildah build failed"
	end=$(date +%s)
	new=$(bh images --quiet --no-trunc "$image")
	if [ -n "$old" ] && [ "$old" != "$new" ]; then
		bh rmi "$old" >/dev/null 2>&1 || true
	fi
	ok "built $image in $((end - start))s"
}

check_config() {
	local user entrypoint
	user=$(bh inspect --type image --format '{{.OCIv1.Config.User}}' "$image")
	case "$user" in
	"" | 0 | 0:* | root | root:*) die "image user is '$user'; want a non-root numeric user" ;;
	esac
	ok "image config user is $user"
	entrypoint=$(bh inspect --type image --format '{{.OCIv1.Config.Entrypoint}}' "$image")
	[ "$entrypoint" = '[/usr/local/bin/mlgate]' ] || die "entrypoint is $entrypoint"
	ok "entrypoint is $entrypoint"
}

check_size() {
	local c mnt bytes limit
	new_container "$image"
	c=$ctr
	mnt=$(bh mount "$c")
	bytes=$(du -sb "$mnt" | cut -f1)
	bh umount "$c" >/dev/null
	limit=$((max_mb * 1000 * 1000))
	[ "$bytes" -le "$limit" ] || die "image is $bytes bytes, over the ${max_mb} MB limit"
	ok "image size $((bytes / 1000)) kB uncompressed (limit ${max_mb} MB)"
}

# The scenario runs inside the image as its own user, with its own shell.
# shellcheck disable=SC2016 # expanded by the container's sh, not here
scenario='
set -u
fail() { echo "scenario: FAIL: $*"; exit 1; }
expect() { # CODE CMD...: run CMD, require exit code CODE
	want=$1; shift
	"$@"; got=$?
	[ "$got" = "$want" ] || fail "$* exited $got, want $want"
	echo "scenario: ok   exit $got from: $*"
}
uid=$(id -u)
[ "$uid" != 0 ] || fail "running as root"
echo "scenario: ok   running as uid $uid"
[ -s /etc/ssl/certs/ca-certificates.crt ] || fail "no CA bundle"
echo "scenario: ok   CA bundle present"
cd "$(mktemp -d)" || fail "no writable /tmp"
printf "{\"accuracy\": 0.93, \"latency_ms\": 41}\n" > good.json
printf "{\"accuracy\": 0.81, \"latency_ms\": 41}\n" > bad.json
expect 0 mlgate --results-dir pass gate --candidate good.json --rule "accuracy >= 0.90" --rule "latency_ms <= 50"
expect 0 mlgate --results-dir pass report --markdown /tmp/r.md
[ -s /tmp/r.md ] || fail "report wrote no markdown"
echo "scenario: ok   /tmp/r.md written ($(wc -c < /tmp/r.md) bytes)"
expect 1 mlgate --results-dir fail gate --candidate bad.json --rule "accuracy >= 0.90"
expect 1 mlgate --results-dir fail report --markdown /tmp/r-fail.md
expect 2 mlgate gate --candidate missing.json --rule "accuracy >= 0.90"
'

check_run() {
	local c out
	new_container "$image"
	c=$ctr
	out=$(bh run --isolation chroot "$c" -- /usr/local/bin/mlgate version) || die "mlgate version failed"
	case "$out" in
	"mlgate ${VERSION:-ci} "*) ok "mlgate version: $out" ;;
	*) die "mlgate version printed '$out', want 'mlgate ${VERSION:-ci} ...'" ;;
	esac
	bh run --isolation chroot "$c" -- /bin/sh -c "$scenario" || die "scenario inside the image failed (output above)"
	bh run --isolation chroot "$c" -- /bin/sh -c 'touch /work/.probe && rm /work/.probe' \
		|| die "WORKDIR /work is not writable by the image user"
	ok "WORKDIR /work is writable by the image user"
}

build_runtime_stand_in
build_go_stand_in
build_image
check_config
check_size
check_run
ok "all image checks passed for $image"
