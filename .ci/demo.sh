#!/usr/bin/env bash
# Quick start 1: install what is missing, build, and run the main job on the virtual fixture: the
# default scenario (the whole ISR life cycle with interrupts flowing), its report and verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target isrbench
./build/default/isrbench run --out build/demo-run
