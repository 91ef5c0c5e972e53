#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run the whole test suite with CTest.
# With a preset name (default, asan, tsan) it builds and tests that tree instead.
# ISR_GENERATOR="Unix Makefiles" configures the tree with that generator instead of the
# preset's Ninja (.ci/run does so for the asan tree, so the packagers' generator stays working).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
bash .ci/install-deps.sh qemu
generator=()
if [ -n "${ISR_GENERATOR:-}" ]; then
  generator=(-G "$ISR_GENERATOR")
fi
cmake --preset "$preset" "${generator[@]}"
cmake --build --preset "$preset" --parallel "$(nproc)"
ctest --preset "$preset"
