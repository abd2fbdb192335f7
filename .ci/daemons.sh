#!/usr/bin/env bash
# Fetch rsyslog and syslog-ng for the tests that ship logs to real collectors.
#
# Debian's rsyslog and syslog-ng-core conflict, so apt cannot install both, and
# installing either would start a system-wide daemon. Instead: `apt-get download`
# both packages, unpack them with `dpkg-deb -x` into a cache, and install only
# the shared libraries they need. Prints the unpacked root on stdout (the tests
# read it from $SYSLOG_DAEMONS); fails loudly when either daemon cannot run.
set -euo pipefail

cache=${SYSLOG_DAEMONS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/logkit-daemons}
root=$cache/root
packages=(rsyslog syslog-ng-core)

log() { echo "daemons: $*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        log "need root to run: $*"; return 1
    fi
}

library_path() { echo "$root/usr/lib/syslog-ng:$root/usr/lib/x86_64-linux-gnu"; }

daemons_run() {
    LD_LIBRARY_PATH=$(library_path) "$root/usr/sbin/rsyslogd" -v >/dev/null 2>&1 &&
        LD_LIBRARY_PATH=$(library_path) "$root/usr/sbin/syslog-ng" --version >/dev/null 2>&1
}

if ! daemons_run; then
    command -v apt-get >/dev/null || { log "apt-get not found: need Debian/Ubuntu packages"; exit 1; }
    rm -rf "$cache" && mkdir -p "$cache/debs" "$root"
    # _apt cannot write into a directory under $HOME: download as ourselves.
    (cd "$cache/debs" && apt-get download "${packages[@]}" >&2) || {
        as_root apt-get update -q >&2
        (cd "$cache/debs" && apt-get download "${packages[@]}" >&2)
    }
    missing=()
    for deb in "$cache"/debs/*.deb; do
        dpkg-deb -x "$deb" "$root"
        # Depends: "libc6 (>= 2.34), libestr0 (>= 0.1.9), a | b, ...": the shared
        # libraries (lib*) not installed yet; alternatives keep their first name.
        for dependency in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep '^lib'); do
            if ! dpkg-query -W -f='${Status}' "$dependency" 2>/dev/null | grep -q 'ok installed'; then
                missing+=("$dependency")
            fi
        done
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing their libraries: ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 || {
            as_root apt-get update -q >&2
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
        }
    fi
    daemons_run || { log "rsyslogd or syslog-ng does not run from $root"; exit 1; }
fi
log "$(LD_LIBRARY_PATH=$(library_path) "$root/usr/sbin/rsyslogd" -v | head -1)"
log "$(LD_LIBRARY_PATH=$(library_path) "$root/usr/sbin/syslog-ng" --version | head -1)"
echo "$root"
