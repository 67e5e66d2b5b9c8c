# Shared by the Ops/ scripts: the toolchain on PATH, and system packages
# installed when missing (apt-get update at most once per run).
# shellcheck shell=bash

if [ -d /opt/swift/usr/bin ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

TF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export TF_ROOT

tf_apt_updated=0

# ensure_packages PKG...: installs the Debian packages that are not installed yet.
ensure_packages() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "Installing missing packages: ${missing[*]}" >&2
    if [ "$tf_apt_updated" -eq 0 ]; then
        $sudo apt-get update -qq >&2
        tf_apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# require_swift: fails with a clear message when no Swift toolchain is found.
require_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "Error: no Swift toolchain on PATH (expected /opt/swift/usr/bin). Install Swift 6 from swift.org." >&2
        exit 1
    fi
}

# The packages every build needs.
TF_BUILD_PACKAGES=(libsodium-dev libsqlite3-dev pkg-config libcurl4)
