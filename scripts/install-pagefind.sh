#!/usr/bin/env bash
# Installs Pagefind's extended binary, the search indexer, into .cache/pagefind/<version>/.
#
# The binary comes from the npm registry (package @pagefind/<platform>, the one the npm `pagefind`
# package itself installs), pinned by version and by the SHA-256 of the binary: nothing else is
# downloaded, and a binary that does not match is refused. npm comes from Debian when missing.
# The PyPI `pagefind` wrapper in requirements.txt drives it (PAGEFIND_BINARY_PATH, set by
# chipbrief.search). Usage: scripts/install-pagefind.sh [TARGET_DIR]
set -euo pipefail

VERSION=1.6.0
target=${1:-.cache/pagefind/$VERSION}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64)  package=@pagefind/linux-x64
                 sha256=ac6240c0481cd82eaaed2dbac84037259de686c924d50954f6d0dfbf82f6cfcc ;;
  Linux-aarch64) package=@pagefind/linux-arm64
                 sha256=3f8d285f3aea479857703f58a52fbabf19a30d7edcea8aacd1db7e87636c156d ;;
  *) echo "install-pagefind.sh: no pinned Pagefind binary for $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac

if [ -x "$target/pagefind_extended" ] && echo "$sha256  $target/pagefind_extended" | sha256sum --check --status; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "Installing npm from Debian (to fetch Pagefind from the npm registry)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package@$VERSION" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" package/bin/pagefind_extended
if ! echo "$sha256  $work/package/bin/pagefind_extended" | sha256sum --check --status; then
  echo "install-pagefind.sh: $package@$VERSION's binary does not have the pinned SHA-256; refusing it" >&2
  exit 1
fi
mkdir -p "$target"
install -m 0755 "$work/package/bin/pagefind_extended" "$target/pagefind_extended"
echo "Pagefind $VERSION installed at $target/pagefind_extended"
