#include "help_text.h"

namespace cli {

const char* const kHelpText =
    R"HELP(isrbench - a real-time test bench for parallel-port interrupt service routines

Usage:
  isrbench [--metrics-listen HOST:PORT]
                                      open the window: the live ISR life cycle on the virtual
                                      fixture (needs a display; settings in
                                      ~/.config/isrbench/window.ini); with --metrics-listen its
                                      session is served as Prometheus metrics (GET /metrics)
  isrbench --screenshot FILE --after SECONDS [--scenario FILE]
                                      open the window (offscreen when there is no display), play
                                      the scenario (default: the built-in one), save the window as
                                      a PNG after SECONDS and exit: 0 saved, 1 the PNG could not
                                      be written, 3 bad arguments or scenario
  isrbench demo [console options]     walk a client ISR through its life cycle on the virtual port
                                      (connect, interrupts, inactive, active, disconnect), printing
                                      every request and the driver's answer
  isrbench console [console options]  JSON lines on stdin, one JSON response per line on stdout
  isrbench devices [--pid 0x000a]     the fixtures this machine can use: the virtual fixture and
                                      USB fixtures (1209:000a), with serial, firmware, bus speed
                                      and capabilities; then each parallel port twice, through
                                      ppdev (/dev/parportN) and through the kernel module
                                      (/dev/isrbench-parportN), with its IRQ and what is in the
                                      way (module not loaded, group lp, busy, no IRQ)
  isrbench run [run options]          run a scenario on a fixture (default: the built-in scenario
                                      on the virtual fixture), write the report, record it in the
                                      history; exit 0 pass (or warn: slower than a limit, within
                                      the host's noise), 1 latency regression, 2 contract
                                      violation or invalid run, 3 bad input
  isrbench history [--limit N] [--show ID [--format cyclictest|hgrm]] [--compare BASE ID]
                   [--json] [--history FILE]
                                      the runs recorded so far, one of them again (--format: its
                                      histogram.txt or latency.hgrm on stdout), or one judged
                                      against another (exit codes as run)
  isrbench bench [--seconds S] [--stream-rate HZ] [--json]
                                      the bench's own performance, each figure beside a reference
                                      measured in the same run (a bare indirect call, an eventfd
                                      ping-pong at the stimulus period, the ring alone, the idle
                                      window, a bare launch) and their ratio, as a table or JSON; S (default 4)
                                      sets the latency and frame measurements' length, HZ
                                      (default 100000) the stream while frames are timed
  isrbench SUBCOMMAND --help          the subcommand's usage and options
  isrbench --help | --version

Bad input (an unknown subcommand or option, a bad value, a scenario or baseline that cannot be
used, a device that cannot be opened) ends any command with status 3, with the reason and
"Try 'isrbench SUBCOMMAND --help'.". Any command ends with
status 4 and "isrbench: internal error: ..." on a failure it could not handle itself.

Window keys:
  1 connect · 2 activate (report active) · 3 deactivate (report inactive) · 4 disconnect
  5 free port · Space start/stop the stimulus · + / - rate · U unplug / R re-plug the virtual
  fixture · Ctrl+1..5 bus model · Ctrl+Alt+0..5 fault injection · F5 play the default scenario ·
  Ctrl+O play a scenario file · F6 history · F7 export · F1 every shortcut. Every request is
  sent as asked, whatever the state: the request log shows the driver's status and Information
  (Ctrl+C copies rows).

Run options:
  --scenario FILE           a scenario file (resources/scenarios/README.md); default: the
                            whole life cycle on the virtual fixture
  --set PATH=VALUE          override a scenario field, e.g. --set backend.bus=fixed:250us,
                            --set realtime.priority=80 (SCHED_FIFO; memory locking and
                            /dev/cpu_dma_latency are on by default); repeatable, the same
                            checks as the file
  --out DIR                 where result.json, samples.csv, report.html, histogram.txt
                            (cyclictest -h layout), latency.hgrm (HdrHistogram) and
                            metrics.prom (Prometheus textfile) go
                            (default: isrbench-runs/<UTC time>)
  --baseline FILE           compare with an earlier result.json, phase by phase, against the
                            scenario's thresholds and noise model, and print the verdict
                            table (each ratio with its 99 % lower bound)
  --repeat N                run the scenario N times (OUT/run-1 .. OUT/run-N, each reported and
                            recorded) and judge the medians over the runs; OUT/repeat.json
                            lists them and can be a later --baseline
  --junit FILE              also write the verdict as JUnit XML
  --history FILE            the history database (default: $ISRBENCH_HISTORY, else
                            $XDG_DATA_HOME/isrbench/history.sqlite, else
                            ~/.local/share/isrbench/history.sqlite); --no-history: none
  --quiet                   no progress line
  --metrics-listen HOST:PORT
                            serve the run's metrics.prom families over HTTP while it goes on
                            (GET /metrics, refreshed each second; port 0: any free port, named
                            on stderr); a busy or bad address is bad input
  Ctrl-C or SIGTERM ends a run early; the report and the history still get everything up to
  that point.

Console options:
  --port virtual|kernel     the virtual port with the user-space driver (default), or the
                            bundled driver as a kernel module on a real parallel port
  --device PATH             the kernel module's device (default /dev/isrbench-parport0)
  --wiring checkit|norton   loopback plug of the virtual port (default checkit)
  --no-interrupt-line       the virtual port has no interrupt line (contract row 3)
  --connect-disabled        connect requests disabled by configuration (contract row 1)

The virtual port is a software SPP port with a loopback plug whose interrupts are delivered on
their own thread through a real OS wake-up; everything measured on it is labelled "virtual port
(simulated loopback)". With --port kernel the same requests go to the isrbench_parport module
(driver/kmod), whose interrupt handler calls its built-in routines; it is labelled "kernel
module on parportN". A device that cannot be opened ends the command with status 3 and why.

Console requests (one JSON object per line; blank lines and lines starting with # are skipped):
  {"op":"connect","isr":"responder","context":1,"deferred":false,"in_len":32,"out_len":32}
      IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT. isr: responder (returns true, toggles D0 as its
      response), counter (returns true) or decliner (returns false); context: an integer naming
      the client; deferred: also pass a DeferredPortCheckRoutine; in_len/out_len: the buffer
      lengths (defaults: the structure sizes). Answers interrupt_object and state as well.
  {"op":"disconnect","isr":"responder","context":1,"in_len":32,"out_len":0}
      IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT; (isr, context) is the key.
  {"op":"report_inactive","object":"current","version":2}
  {"op":"report_active","object":"current","version":2}
      IoReportInterruptInactive / IoReportInterruptActive. object: current (default), stale (the
      object of an earlier connection) or none; version: 2 (CONNECT_LINE_BASED) is right.
      Void on Windows: answers STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for contract row 13.
  {"op":"stimulate","count":1,"timeout_ms":1000}
      count loopback interrupts through the port, one at a time, each waited for until it is
      accounted for or timeout_ms passes (then it is lost). Answers sent, serviced, suppressed,
      unclaimed, lost, spurious (interrupts with no stimulus behind them), violations, calls
      (per "isr:context", this request only), responses (ISR response edges seen on nError; the
      virtual port only) and latency_ns (t_isr - t_edge: min, p50, p99, max of the serviced
      interrupts).
  {"op":"free_port"}
      IOCTL_INTERNAL_PARALLEL_PORT_FREE. Answers deferred (the deferred port check routines
      called, per "isr:context") and handed_to_waiter.
  {"op":"allocate"}
      a request-level port allocation: granted, or queued (queue_position).
  {"op":"configure","connect_enabled":true,"wiring":"checkit","interrupt_line":true}
  {"op":"remove"}      the port is unplugged: the driver sees a device removal (row 18)
  {"op":"reattach"}    the port is back
  {"op":"ioctl","code":"0x00160099","in_len":0,"out_len":0}
      a raw internal device-control request with a zero-filled buffer.
  {"op":"state"}       connection state (NC, CA, CI), clients, counters.
  {"op":"log","count":20}
      the driver's event log, oldest first: each request (IOCTL or report routine) with its
      status, code and Information; rejected reports (row 13) appear as INVALID_PARAMETER.

Every response carries "op", "status" (e.g. "STATUS_BUFFER_TOO_SMALL"), "code" ("0xC0000023") and
"information" (a number). A line that cannot be handled answers {"error":"...","line":N} and the
console goes on; the exit status is 0 when every line was answered without error, 1 otherwise.
)HELP";

}  // namespace cli
