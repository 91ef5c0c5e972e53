# Sourced by the guest suites: run one named step, keep its output, status and time.
RESULTS=$1
step() {
  local name=$1 start end rc
  shift
  mkdir -p "$RESULTS/$name"
  start=$(cut -d' ' -f1 /proc/uptime)
  "$@" > "$RESULTS/$name/stdout" 2> "$RESULTS/$name/stderr"
  rc=$?
  end=$(cut -d' ' -f1 /proc/uptime)
  echo "$rc" > "$RESULTS/$name/rc"
  echo "$start $end" > "$RESULTS/$name/uptime"
  echo "ISRB-STEP $name rc=$rc ($start s -> $end s)"
  tail -n 3 "$RESULTS/$name/stderr"
  return 0
}
irq_count() { grep " $1:" /proc/interrupts | tr -s ' ' | cut -d' ' -f3; }
