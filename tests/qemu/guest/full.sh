# The guest suite on a machine with parallel ports: the contract table through the console on
# the kernel module, life-cycle runs through ppdev and through the module, the module's own
# tests (kernel_module_tests: the stress run, the window's live session on each port), then the module against hostile callers, its
# permissions and its life time (hostile_caller), which ends with every module unloaded.
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

# The ports as `isrbench devices` lists them (kernel_module_tests, above, also runs the window's
# live session on each way in).
step devices isrbench devices

# The module against hostile callers (issue 16): every entry point with bad arguments, then a
# storm of random calls on two threads with interrupts flowing, then a clean life-cycle run.
step hardening-probes hostile_caller probes /dev/isrbench-parport0
step hostile-storm hostile_caller storm /dev/isrbench-parport0 /dev/isrbench-parport1 100000
step kernel-run-after-storm run kernel-run-after-storm /suite/scenarios/kernel-life-cycle.json

# Who may use it: the shipped udev rule applied (the guest has no udev), then an outsider and a
# member of its group. The group file is what a Debian system has for lp (base-passwd: gid 7).
permissions() {
  printf 'root:x:0:\nlp:x:7:\n' > /etc/group
  hostile_caller permissions /suite/60-isrbench-parport.rules /dev/isrbench-parport0 /bin/isrbench
}
step permissions permissions

# Life time. The device open, two clients connected, a reader in read() and interrupts flowing:
# unloading the module and the port's driver is refused (module references).
step lifetime-rmmod-module hostile_caller hold /dev/isrbench-parport0 kept "rmmod isrbench_parport"
step lifetime-rmmod-module-reader-blocked \
  hostile_caller hold /dev/isrbench-parport0 kept --quiet "rmmod isrbench_parport"
step lifetime-rmmod-port-driver hostile_caller hold /dev/isrbench-parport0 kept "rmmod parport_pc"

# With the device closed nothing pins parport_pc: it goes, and the node with it; loaded again
# without io= it binds QEMU's ports through PnP, which lets the next steps unplug one.
reload_port_driver() {
  rmmod parport_pc || { echo "FAIL rmmod parport_pc with the device closed"; return 1; }
  echo "ok   rmmod parport_pc with the device closed"
  if [ -e /dev/isrbench-parport0 ]; then
    echo "FAIL /dev/isrbench-parport0 outlived its port"
    return 1
  fi
  echo "ok   /dev/isrbench-parport0 went with its port"
  insmod /modules/parport_pc.ko || { echo "FAIL insmod parport_pc (PnP)"; return 1; }
  device=$(sh /suite/pnp_port.sh device 0x378) || { echo "FAIL no port at 0x378 by PnP"; return 1; }
  [ -c "$device" ] || { echo "FAIL no $device"; return 1; }
  echo "ok   the module attached again: $device"
  dmesg | grep isrbench
}
step lifetime-port-driver-reload reload_port_driver
lpt1=$(sh /suite/pnp_port.sh device 0x378)

# The port taken away while the device is open (a hot-unplug): the open file is told
# (DELETE_PENDING, end of file, POLLHUP), every record before it is delivered, close works.
step lifetime-unplug-while-open \
  hostile_caller hold "$lpt1" gone "sh /suite/pnp_port.sh unplug 0x378"
step lifetime-replug sh /suite/pnp_port.sh replug 0x378
lpt1=$(tail -n 1 "$RESULTS/lifetime-replug/stdout")
step lifetime-unplug-reader-blocked \
  hostile_caller hold "$lpt1" gone --quiet "sh /suite/pnp_port.sh unplug 0x378"
step lifetime-replug-again sh /suite/pnp_port.sh replug 0x378
lpt1=$(tail -n 1 "$RESULTS/lifetime-replug-again/stdout")
step lifetime-after-replug hostile_caller lifecycle "$lpt1"

# Everything unloads once nothing is open.
unload_all() {
  for module in isrbench_parport ppdev parport_pc parport; do
    if rmmod "$module"; then
      echo "ok   rmmod $module"
    else
      echo "FAIL rmmod $module"
    fi
  done
  lsmod
}
step lifetime-unload unload_all

for name in ppdev-run kernel-run kernel-run-after-storm; do
  rm -f "$RESULTS/$name/out/samples.csv"  # the host checks result.json; the rest stays here
done
exit 0
