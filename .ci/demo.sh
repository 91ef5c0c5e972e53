#!/usr/bin/env bash
# Quick start 1: install what is missing, build, and run the main job on the virtual fixture.
# With a display: the window (the live arena). Without one (ssh, CI): the default scenario
# headless — the whole ISR life cycle with interrupts flowing, its report and verdict — and a
# screenshot of the window 3 s into the same scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target isrbench
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec ./build/default/isrbench
fi
./build/default/isrbench run --out build/demo-run
./build/default/isrbench --screenshot build/demo-run/window.png --after 3
