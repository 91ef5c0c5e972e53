#!/usr/bin/env bash
# Boots Debian's own kernel under QEMU (TCG) with the emulated ISA parallel port(s), runs a guest
# suite (guest/<suite>.sh) with the project's isrbench and kernel module, and unpacks what the
# guest sent back into OUTDIR/results. QEMU's timing is not real time: the checks on the results
# (check_guest_run.py, check_console_rows.py) are about behaviour and accounting only.
#   run_guest.sh KERNEL_RELEASE PORTS SUITE OUTDIR MODULE.ko ISRBENCH [PROGRAM...]
#     PORTS: two (parport0 with IRQ 7, parport1 without) or none (no port: the negative control)
set -euo pipefail
release=$1 ports=$2 suite=$3 out=$4 module=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
kernel=/boot/vmlinuz-$release
if [ ! -r "$kernel" ]; then
  echo "run_guest: no $kernel (the Debian package linux-image-$release provides it)" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out/suite/rows" "$out/suite/scenarios" "$out/results"
python3 "$source_dir/tests/contract/check_console_rows.py" \
  "$source_dir/tests/contract/console_rows.json" --write-requests "$out/suite/rows"
cp "$source_dir"/resources/scenarios/*.json "$out/suite/scenarios/"
cp "$source_dir/resources/udev/60-isrbench-parport.rules" "$out/suite/"  # the permissions step
"$here/build_initramfs.sh" "$out/initrd.cpio" "$release" "$module" "$out/suite" "$@"

case $ports in
  two) parallel=(-chardev null,id=lpt0 -device isa-parallel,chardev=lpt0,iobase=0x378,irq=7
                 -chardev null,id=lpt1 -device isa-parallel,chardev=lpt1,iobase=0x278,irq=5) ;;
  none) parallel=(-parallel none) ;;
  *) echo "run_guest: PORTS is two or none, not '$ports'" >&2; exit 2 ;;
esac

# TCG's default CPU (qemu64) has no SSSE3/SSE4: ThreadSanitizer's runtime (clang 14, the tsan
# tree's guest programs) executes SSE4.1 instructions (pmaxuw) and died of SIGILL there.
cpu=qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt
started=$(date +%s%N)
status=0
timeout "${ISR_QEMU_TIMEOUT:-900}" qemu-system-x86_64 -accel tcg -cpu "$cpu" -nographic \
  -no-reboot -m 2048 -smp 2 -kernel "$kernel" -initrd "$out/initrd.cpio" \
  -append "console=ttyS0 quiet panic=-1 isrb.ports=$ports isrb.suite=$suite" \
  -serial mon:stdio -chardev "file,id=results,path=$out/results.tar" \
  -device isa-debugcon,iobase=0xe9,chardev=results \
  "${parallel[@]}" > "$out/console.log" 2>&1 || status=$?
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
grep -a "ISRB-" "$out/console.log" || true
echo "run_guest: $release, ports $ports, suite $suite: QEMU ran ${elapsed_ms} ms (status $status)"
if ! grep -aq "ISRB-GUEST-DONE" "$out/console.log"; then
  echo "run_guest: the guest did not finish; its console said:" >&2
  tail -n 40 "$out/console.log" >&2
  exit 1
fi
tar -xf "$out/results.tar" -C "$out/results"
echo "$elapsed_ms" > "$out/results/qemu_ms"
