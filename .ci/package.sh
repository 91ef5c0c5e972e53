#!/usr/bin/env bash
# CI: the Debian package from the default build tree, installed on this machine with apt (its
# dependencies resolved from the archive), the installed isrbench run headless and asked for a
# screenshot, lintian's findings and desktop-file-validate's printed, then the package removed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh package
build="$PWD/build/default"
rm -f "$build"/isrbench_*.deb
(cd "$build" && cpack -G DEB)
deb=$(ls "$build"/isrbench_*.deb)
echo "== package contents"
dpkg-deb --contents "$deb"
echo "== lintian (findings listed, not fatal)"
lintian --tag-display-limit 0 "$deb" || true
desktop-file-validate resources/desktop/isrbench.desktop

export DEBIAN_FRONTEND=noninteractive
out=$(mktemp -d)
apt-get install -y -qq "$deb"
trap 'apt-get remove -y -qq isrbench; rm -rf "$out"' EXIT
echo "== the installed isrbench"
test "$(command -v isrbench)" = /usr/bin/isrbench
isrbench --version
isrbench run --quiet --no-history --out "$out/run" \
  --scenario /usr/share/isrbench/scenarios/default.json
test -s "$out/run/result.json"
test -s "$out/run/report.html"
isrbench --screenshot "$out/window.png" --after 2
test -s "$out/window.png"
man -w isrbench
test -f /usr/share/icons/hicolor/scalable/apps/isrbench.svg
test -f /usr/share/icons/hicolor/48x48/apps/isrbench.png
test -f /usr/lib/udev/rules.d/60-isrbench.rules
test -f /usr/src/isrbench-parport-0.1.0/dkms.conf
echo "package: installed, ran headless and took a screenshot"
