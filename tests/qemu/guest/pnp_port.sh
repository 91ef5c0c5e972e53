# The guest's parallel port at a given base as a PnP device of parport_pc (QEMU publishes each
# isa-parallel port in ACPI as PNP0400, and parport_pc loaded without io= binds them): unbinding
# it removes the port the way a hot-unplug does (parport_remove_port, every client's detach),
# while parport_pc stays loaded and pinned; binding brings the port back.
#   pnp_port.sh unplug BASE     e.g. unplug 0x378
#   pnp_port.sh replug BASE     then prints the module's device for it
#   pnp_port.sh device BASE     prints /dev/isrbench-parportN for the port at BASE
driver=/sys/bus/pnp/drivers/parport_pc

pnp_device() {  # the PnP device whose resources start at BASE
  for d in /sys/bus/pnp/devices/*; do
    grep -qx PNP0400 "$d/id" 2>/dev/null && grep -q "io $1-" "$d/resources" && basename "$d"
  done
}

module_device() {  # the module's node for the parport at BASE ("888" in /proc for 0x378)
  for p in /proc/sys/dev/parport/parport*; do
    [ -r "$p/base-addr" ] || continue
    # cut, not read: this sysctl file answers only a read at offset 0, and the shell's read
    # takes one byte at a time.
    base=$(cut -f1 "$p/base-addr")
    if [ "$base" = "$(printf %d "$1")" ]; then
      echo "/dev/isrbench-${p##*/}"
      return 0
    fi
  done
  return 1
}

action=$1 base=$2
pnp=$(pnp_device "$base")
case $action in
  unplug)
    [ -n "$pnp" ] || { echo "no PnP parallel port at $base"; exit 1; }
    echo "unbinding PnP device $pnp ($base) from parport_pc"
    echo -n "$pnp" > "$driver/unbind" || exit 1
    if module_device "$base" > /dev/null; then
      echo "the parport at $base is still there"
      exit 1
    fi
    ;;
  replug)
    echo "binding PnP device $pnp ($base) to parport_pc"
    echo -n "$pnp" > "$driver/bind" || exit 1
    device=$(module_device "$base") || { echo "no parport at $base after binding"; exit 1; }
    [ -c "$device" ] || { echo "no $device after binding"; exit 1; }
    echo "$device"
    ;;
  device)
    module_device "$base"
    ;;
  *)
    echo "usage: pnp_port.sh unplug|replug|device BASE" >&2
    exit 2
    ;;
esac
