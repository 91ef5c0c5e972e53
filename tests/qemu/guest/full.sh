# The guest suite on a machine with parallel ports: the contract table through the console on
# the kernel module, life-cycle runs through ppdev and through the module, and the module's own
# tests (kernel_module_tests: the stress run).
. /suite/common.sh
cd /tmp

console_session() {  # plays /suite/rows/<name>.jsonl on the module
  read -r port options < "/suite/rows/$1.args"
  device=/dev/isrbench-parport0
  [ "$port" = no-irq ] && device=/dev/isrbench-parport1
  isrbench console --port kernel --device "$device" $options < "/suite/rows/$1.jsonl"
}
mkdir -p "$RESULTS/contract"
for rows in /suite/rows/*.jsonl; do
  name=$(basename "$rows" .jsonl)
  step "contract-$name" console_session "$name"
  cp "$RESULTS/contract-$name/stdout" "$RESULTS/contract/$name.out"
done

run() {  # name scenario
  isrbench run --scenario "$2" --out "$RESULTS/$1/out" --no-history --quiet
}
step ppdev-run run ppdev-run /suite/scenarios/ppdev-life-cycle.json
step kernel-run run kernel-run /suite/scenarios/kernel-life-cycle.json
step kernel-module-tests kernel_module_tests
for name in ppdev-run kernel-run; do
  rm -f "$RESULTS/$name/out/samples.csv"  # the host checks result.json; the rest stays here
done
exit 0
