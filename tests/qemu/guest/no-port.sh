# The negative control: parport_pc was told about a port QEMU does not have. Every run must fail
# with a clear message and no figures.
. /suite/common.sh
cd /tmp
run() {
  isrbench run --scenario "$2" --out "$RESULTS/$1/out" --no-history --quiet
}
step ppdev-run run ppdev-run /suite/scenarios/ppdev-life-cycle.json
step kernel-run run kernel-run /suite/scenarios/kernel-life-cycle.json
exit 0
