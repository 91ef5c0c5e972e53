#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run the whole test suite with CTest.
# With a preset name (default, asan, tsan) it builds and tests that tree instead.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
bash .ci/install-deps.sh
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset"
