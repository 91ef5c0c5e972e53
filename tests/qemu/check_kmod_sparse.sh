#!/usr/bin/env bash
# The kernel module's sources through sparse, the kernel's own semantic checker (address spaces:
# __user pointers never dereferenced, endianness, locking annotations), as Kbuild runs it
# (make C=2) against one kernel's headers, with the kernel's default sparse flags. Fails on any
# warning or error sparse reports in our files. The build happens in a scratch copy, since
# Kbuild writes its objects next to the sources.
#   check_kmod_sparse.sh KMOD_DIR KERNEL_RELEASE
set -euo pipefail
kmod=$1 release=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$kmod/." "$scratch/"
sources=$(cd "$scratch" && ls ./*.c ./*.h ./uapi/*.h | tr '\n' ' ')
status=0
output=$(make -s -C "/lib/modules/$release/build" M="$scratch" C=2 modules 2>&1) || status=$?
# Kbuild's only other message when vmlinux is not installed; harmless.
output=$(grep -v "Skipping BTF generation" <<< "$output" || true)
findings=$(grep -E "^$scratch/.*: (warning|error):" <<< "$output" || true)
echo "sparse $(sparse --version 2>/dev/null || echo '?') on ${sources}against $release"
[ -z "$output" ] || echo "$output" | sed "s|$scratch/|driver/kmod/|g"
if [ "$status" -ne 0 ]; then
  echo "FAIL: the module did not build (exit status $status)"
  exit 1
fi
if [ -n "$findings" ]; then
  echo "FAIL: $(wc -l <<< "$findings") sparse findings"
  exit 1
fi
echo "no sparse finding"
