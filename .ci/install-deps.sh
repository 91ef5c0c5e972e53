#!/usr/bin/env bash
# Installs the Debian 12 packages ISR Bench builds and tests with, only those that are missing.
#   install-deps.sh          what the build, the window and the default tests need
#   install-deps.sh qemu     that, plus what the real-interrupt tests (label qemu) need: QEMU,
#                            Debian's stock and PREEMPT_RT kernels with their headers (the module
#                            is built against them), busybox for the guest and sparse (the
#                            module's static check)
#   install-deps.sh package  that, plus what .ci/package.sh needs: dpkg-dev (dpkg-shlibdeps for
#                            CPack), lintian, desktop-file-utils, man-db
# prometheus is in the first set for promtool (the app tests check metrics.prom with it); its
# daemon is not started. libcpp-httplib-dev is cpp-httplib, the HTTP server of the metrics
# endpoint (app/metrics: GET /metrics while the window or a run is live) and the client its tests
# scrape it with.
set -euo pipefail

packages=(
  cmake ninja-build g++ clang libclang-rt-14-dev pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev
  qt6-base-dev libqt6opengl6-dev libxkbcommon-dev qt6-charts-dev qt6-svg-dev libsqlite3-dev fonts-dejavu-core libusb-1.0-0-dev
  umockdev libumockdev-dev
  python3 python3-jsonschema sqlite3
  prometheus libcpp-httplib-dev
)
if [ "${1:-}" = package ]; then
  packages+=(dpkg-dev lintian desktop-file-utils man-db)
fi
if [ "${1:-}" = qemu ]; then
  packages+=(
    qemu-system-x86 busybox-static cpio kmod xz-utils make sparse
    linux-image-amd64 linux-headers-amd64 linux-image-rt-amd64 linux-headers-rt-amd64
  )
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The kernels are booted by QEMU with an initramfs of the tests' own: INITRD=No skips building
  # a host initrd for each of them (about a minute apiece), which nothing would use.
  export INITRD=No
  # A package's daemon (prometheus) is not started: the tests only need its tools.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
