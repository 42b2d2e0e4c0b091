#!/usr/bin/env bash
# Turns a fresh `debootstrap --variant=minbase bookworm` tree into a small
# container rootfs, like the official debian:bookworm-slim image:
# no docs/man/locales, no apt lists or caches, and dpkg told to keep it so.
# Usage: trim-rootfs.sh ROOTFS MIRROR [SECURITY_MIRROR]
# Any change to this file changes the base image's hash (it is in images/base).
set -euo pipefail

rootfs="${1:?usage: trim-rootfs.sh ROOTFS MIRROR [SECURITY_MIRROR]}"
mirror="${2:?usage: trim-rootfs.sh ROOTFS MIRROR [SECURITY_MIRROR]}"
security="${3:-}"
[[ -x "$rootfs/usr/bin/dpkg" ]] || { echo "trim-rootfs: $rootfs does not look like a Debian rootfs" >&2; exit 1; }

# apt sources: the same mirror the host uses (known reachable), with updates and,
# if the host has it, security, so packages match what the host would install.
{
  echo "deb $mirror bookworm main"
  echo "deb $mirror bookworm-updates main"
  [[ -n "$security" ]] && echo "deb $security bookworm-security main"
} >"$rootfs/etc/apt/sources.list"

# Keep later package installs (in the stand-in image builds) slim too.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/mlab-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF

cat >"$rootfs/etc/apt/apt.conf.d/mlab-container" <<'EOF'
// Container defaults (as in the official Debian images): no recommends, no caches.
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
// The mirror may be served from a dated snapshot whose Release files are past
// their Valid-Until; the host's apt is configured the same way.
Acquire::Check-Valid-Until "false";
Acquire::Check-Date "false";
EOF

# No service may start during package installs inside a build (there is no init;
# this also keeps Debian's service wrappers out of the picture).
cat >"$rootfs/usr/sbin/policy-rc.d" <<'EOF'
#!/bin/sh
exit 101
EOF
chmod 755 "$rootfs/usr/sbin/policy-rc.d"

# Trim. Paths are relative to the rootfs; never follow into the host.
rm -rf \
  "$rootfs"/usr/share/man/* \
  "$rootfs"/usr/share/info/* \
  "$rootfs"/usr/share/groff/* \
  "$rootfs"/usr/share/lintian/* \
  "$rootfs"/usr/share/linda/* \
  "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/var/cache/apt/archives/*.deb \
  "$rootfs"/var/cache/apt/*.bin \
  "$rootfs"/var/cache/debconf/*-old \
  "$rootfs"/var/lib/dpkg/*-old \
  "$rootfs"/var/log/apt/* \
  "$rootfs"/var/log/bootstrap.log \
  "$rootfs"/var/log/dpkg.log \
  "$rootfs"/tmp/* "$rootfs"/var/tmp/*
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} + 2>/dev/null || true

# Files that must not carry host identity into the image.
: >"$rootfs/etc/machine-id" 2>/dev/null || true
rm -f "$rootfs/etc/hostname" "$rootfs/etc/resolv.conf"
