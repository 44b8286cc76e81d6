#!/usr/bin/env bash
# Builds the image every other one starts FROM, from Debian's packages alone (no image registry is needed):
# a minimal Debian bookworm with Python 3.11, venv and CA certificates, imported into podman.
#   sudo deploy/base-image.sh [TAG]        (TAG: procurement-base:bookworm; MIRROR: a Debian mirror)
# Behind a TLS-intercepting proxy, EXTRA_CA_DIR=/usr/local/share/ca-certificates adds that folder's *.crt to the
# image's trusted CAs, so that pip reaches PyPI while building (they then stay in every image built on it).
set -euo pipefail

tag=${1:-procurement-base:bookworm}
mirror=${MIRROR:-http://deb.debian.org/debian}
extra_ca_dir=${EXTRA_CA_DIR:-}
[ "$(id -u)" = 0 ] || { echo "debootstrap and podman import need root: sudo $0" >&2; exit 1; }
command -v debootstrap >/dev/null || apt-get install -y -q debootstrap

rootfs=$(mktemp -d "${TMPDIR:-/var/tmp}/procurement-base.XXXXXX")
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm "$rootfs" "$mirror"

# Security updates too (images built on it run apt-get update first).
cat > "$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
chroot "$rootfs" sh -c 'apt-get update -q && apt-get upgrade -y -q && apt-get clean'
if [ -n "$extra_ca_dir" ]; then
    cp "$extra_ca_dir"/*.crt "$rootfs/usr/local/share/ca-certificates/"
    chroot "$rootfs" update-ca-certificates
fi
# No package lists, caches or the host's resolver (podman mounts its own) in the image.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/etc/resolv.conf

tar --numeric-owner -C "$rootfs" -c . | podman import --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - "$tag"
podman image ls "$tag"
