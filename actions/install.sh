#!/usr/bin/env bash
# Installs the mlgate binary for the mlgate GitHub Actions (actions/*/action.yml
# and the root action.yml). All input comes from the environment, never from
# ${{ }} interpolation into this script:
#
#   MLGATE_VERSION      "" (default): the action's own ref when it is a version
#                       tag (v1.2.3 exactly; v1 or v1.2: the newest matching
#                       tag), otherwise the latest release.
#                       "latest": the latest release. "v1.2.3": that release.
#                       "source": go build from the action's own checkout
#                       (needs Go on the runner, e.g. actions/setup-go).
#   MLGATE_ACTION_REF   the action's ref (github.action_ref); when empty it is
#                       read from GITHUB_ACTION_PATH (.../_actions/OWNER/REPO/REF/...).
#   MLGATE_REPO         repository of the releases (default mlgate/mlgate).
#   MLGATE_DOWNLOAD_URL base URL of release downloads
#                       (default https://github.com/$MLGATE_REPO/releases):
#                       point it at a mirror on GHES or air-gapped runners.
#   MLGATE_GIT_URL      git URL whose tags resolve v1 / v1.2
#                       (default https://github.com/$MLGATE_REPO).
#   MLGATE_INSTALL_DIR  where the binary goes (default $RUNNER_TEMP/mlgate/bin).
#   RUNNER_OS, RUNNER_ARCH  pick the release asset mlgate_<os>_<arch>.tar.gz.
#
# Release downloads are verified against the release's checksums.txt
# (sha256sum format). Writes outputs path= and version= to GITHUB_OUTPUT and
# the install dir to GITHUB_PATH when those are set.
set -euo pipefail

log() { printf 'mlgate install: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

action_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=${MLGATE_REPO:-mlgate/mlgate}
download_url=${MLGATE_DOWNLOAD_URL:-https://github.com/$repo/releases}
download_url=${download_url%/}
git_url=${MLGATE_GIT_URL:-https://github.com/$repo}
install_dir=${MLGATE_INSTALL_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/mlgate/bin}

# os_arch prints "<os> <arch>" in Go's names, from the runner or uname.
os_arch() {
	local os arch
	case "${RUNNER_OS:-$(uname -s)}" in
	Linux | linux) os=linux ;;
	macOS | Darwin) os=darwin ;;
	Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
	*) die "unsupported OS ${RUNNER_OS:-$(uname -s)}" ;;
	esac
	case "${RUNNER_ARCH:-$(uname -m)}" in
	X64 | x86_64 | amd64) arch=amd64 ;;
	ARM64 | aarch64 | arm64) arch=arm64 ;;
	*) die "unsupported architecture ${RUNNER_ARCH:-$(uname -m)}; use version: source" ;;
	esac
	printf '%s %s\n' "$os" "$arch"
}

# action_ref prints the action's ref, from the env or from the action path.
action_ref() {
	if [ -n "${MLGATE_ACTION_REF:-}" ]; then
		printf '%s\n' "$MLGATE_ACTION_REF"
		return
	fi
	local p=${GITHUB_ACTION_PATH:-}
	case "$p" in
	*/_actions/*/*/*)
		p=${p#*/_actions/}
		p=${p#*/}
		p=${p#*/}
		printf '%s\n' "${p%%/*}"
		;;
	esac
}

# newest_tag PREFIX prints the newest vX.Y.Z tag starting with PREFIX.
newest_tag() {
	command -v git >/dev/null 2>&1 || return 0
	git ls-remote --tags --refs "$git_url" "$1.*" 2>/dev/null |
		sed -n 's#.*refs/tags/\(v[0-9]*\.[0-9]*\.[0-9]*\)$#\1#p' |
		sort -t. -k1,1V -k2,2n -k3,3n | tail -n 1
}

# resolve prints the version to install: "source", "latest" or vX.Y.Z.
resolve() {
	local v=${MLGATE_VERSION:-} ref tag
	v=${v#"${v%%[![:space:]]*}"}
	v=${v%"${v##*[![:space:]]}"}
	if [ -n "$v" ]; then
		if [ "$v" = source ] || [ "$v" = latest ]; then
			printf '%s\n' "$v"
		elif [[ "$v" =~ ^v?([0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?)$ ]]; then
			printf 'v%s\n' "${BASH_REMATCH[1]}"
		else
			die "version must be latest, source or a release tag like v1.2.3, got '$v'"
		fi
		return
	fi
	ref=$(action_ref)
	if [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
		printf '%s\n' "$ref"
	elif [[ "$ref" =~ ^v[0-9]+(\.[0-9]+)?$ ]]; then
		tag=$(newest_tag "$ref")
		if [ -n "$tag" ]; then
			printf '%s\n' "$tag"
		else
			log "no release tag matches $ref; installing the latest release"
			printf 'latest\n'
		fi
	else
		printf 'latest\n'
	fi
}

sha256() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d' ' -f1
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | cut -d' ' -f1
	else
		die "neither sha256sum nor shasum found to verify the download"
	fi
}

# fetch URL FILE. file:// is allowed for mirrors on disk and for tests.
fetch() {
	curl --fail --silent --show-error --location --retry 3 --retry-connrefused \
		--proto '=https,file' --tlsv1.2 --output "$2" "$1" || die "downloading $1 failed"
}

install_release() { # VERSION OS ARCH EXE
	local version=$1 os=$2 arch=$3 exe=$4 asset base tmp want got
	asset="mlgate_${os}_${arch}.tar.gz"
	if [ "$version" = latest ]; then
		base="$download_url/latest/download"
	else
		base="$download_url/download/$version"
	fi
	tmp=$(mktemp -d)
	# shellcheck disable=SC2064 # expand tmp now: it is local
	trap "rm -rf '$tmp'" EXIT
	log "downloading $base/$asset"
	fetch "$base/$asset" "$tmp/$asset"
	fetch "$base/checksums.txt" "$tmp/checksums.txt"
	want=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1; exit }' "$tmp/checksums.txt")
	[ -n "$want" ] || die "checksums.txt of $version has no entry for $asset"
	got=$(sha256 "$tmp/$asset")
	[ "$got" = "$want" ] || die "checksum mismatch for $asset: got $got, want $want"
	log "sha256 verified: $got"
	tar -xzf "$tmp/$asset" -C "$tmp" "mlgate$exe" || die "$asset has no mlgate$exe at its top level"
	mkdir -p "$install_dir"
	mv -f "$tmp/mlgate$exe" "$install_dir/mlgate$exe"
	chmod 0755 "$install_dir/mlgate$exe"
}

install_source() { # EXE
	local exe=$1 rev=unknown
	command -v go >/dev/null 2>&1 ||
		die "version: source needs Go on the runner; add actions/setup-go before this step"
	[ -f "$action_root/go.mod" ] || die "no go.mod in $action_root to build from"
	if command -v git >/dev/null 2>&1; then
		rev=$(git -C "$action_root" rev-parse HEAD 2>/dev/null || echo unknown)
	fi
	log "building from source in $action_root (commit $rev)"
	mkdir -p "$install_dir"
	(
		cd "$action_root"
		CGO_ENABLED=0 go build -trimpath \
			-ldflags "-s -w -X github.com/mlgate/mlgate/internal/cli.version=source -X github.com/mlgate/mlgate/internal/cli.commit=$rev" \
			-o "$install_dir/mlgate$exe" ./cmd/mlgate
	) || die "go build failed"
}

main() {
	local os_and_arch os arch exe="" version bin path_entry
	os_and_arch=$(os_arch)
	os=${os_and_arch% *}
	arch=${os_and_arch#* }
	path_entry=$install_dir
	if [ "$os" = windows ]; then
		exe=.exe
		# Git Bash on Windows runners: work with a POSIX path, give the
		# runner a Windows one.
		if command -v cygpath >/dev/null 2>&1; then
			install_dir=$(cygpath -u "$install_dir")
			path_entry=$(cygpath -w "$install_dir")
		fi
	fi
	version=$(resolve)
	bin="$install_dir/mlgate$exe"
	if [ "$version" = source ]; then
		install_source "$exe"
	elif [ "$version" != latest ] && [ -x "$bin" ] &&
		"$bin" version 2>/dev/null | grep -q "^mlgate $version "; then
		log "mlgate $version is already installed in $install_dir"
	else
		install_release "$version" "$os" "$arch" "$exe"
	fi
	"$bin" version >&2 || die "the installed binary does not run: $bin"
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		printf 'path=%s\nversion=%s\n' "$bin" "$version" >>"$GITHUB_OUTPUT"
	fi
	if [ -n "${GITHUB_PATH:-}" ]; then
		printf '%s\n' "$path_entry" >>"$GITHUB_PATH"
	fi
	printf '%s\n' "$bin"
}

main "$@"
