#!/usr/bin/env python3
"""Checks what a guest step left in the QEMU suite's results.

  check_guest_run.py STEP_DIR --backend ppdev|kernel-module
      an `isrbench run` of a life-cycle scenario: a valid run, labelled with its source and as
      emulated; every stimulus in exactly one class; serviced only while connected and active,
      suppressed only while inactive, unclaimed only while disconnected; no loss, no violation;
      the port's interrupt count equal to the kernel's own (/proc/interrupts);
  check_guest_run.py STEP_DIR --expect-failure TEXT
      a run that must refuse to start (no port): exit status 2, TEXT in its error, no figures;
  check_guest_run.py STEP_DIR --gtest
      a GoogleTest program run in the guest: exit status 0 (its output is shown);
  check_guest_run.py STEP_DIR --devices
      `isrbench devices` in the guest: parport0 (IRQ 7) ready through ppdev and the module,
      parport1 (no IRQ) listed with "no interrupt line".

QEMU's timing is not real time: nothing here looks at a latency value.
"""
import argparse
import json
import os
import sys

CLASSES = ["serviced", "suppressed", "unclaimed", "lost", "violation"]
ALLOWED = {"active": {"serviced"}, "inactive": {"suppressed"}, "disconnected": {"unclaimed"}}


def read(step, name):
    path = os.path.join(step, name)
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def check_run(step, backend):
    problems = []
    result_path = os.path.join(step, "out", "result.json")
    if not os.path.exists(result_path):
        return [f"no result.json (exit status {read(step, 'rc').strip()}): "
                + read(step, "stderr").strip()[-400:]]
    with open(result_path, encoding="utf-8") as f:
        result = json.load(f)
    source, counters, run = result["source"], result["counters"], result["run"]
    if not result["valid"]:
        problems.append("the run is invalid: " + "; ".join(result["problems"]))
    if source["backend"] != backend:
        problems.append(f"source.backend is {source['backend']}, not {backend}")
    if source["simulated"]:
        problems.append("a real port's run is labelled simulated")
    if not run["emulated"] or "QEMU" not in run["machine"]:
        problems.append(f"the run does not say it ran inside QEMU (machine {run['machine']!r})")
    if "machine: QEMU" not in read(step, "stdout"):
        problems.append("the terminal summary does not say the machine is QEMU")
    totals = {c: 0 for c in CLASSES}
    for phase in result["phases"]:
        counts = phase["counts"]
        for c in CLASSES:
            totals[c] += counts[c]
        stray = {c: counts[c] for c in CLASSES if counts[c] and c not in ALLOWED[phase["state"]]}
        if stray:
            problems.append(f"phase {phase['name']}: {stray} in a {phase['state']} phase")
    if sum(totals.values()) != counters["stimuli"]:
        problems.append(f"classes {totals} do not add up to {counters['stimuli']} stimuli")
    for c in ("lost", "violation"):
        if totals[c]:
            problems.append(f"{totals[c]} {c}")
    for phase_state in ("active", "inactive", "disconnected"):
        wanted = next(iter(ALLOWED[phase_state]))
        if totals[wanted] == 0:
            problems.append(f"no {wanted} stimulus at all: the life cycle was not exercised")
    if counters["driver_violations"] or counters["client_violations"]:
        problems.append(f"violations: driver {counters['driver_violations']}, "
                        f"client {counters['client_violations']}")
    if "host_irqs" not in counters:
        problems.append("the kernel's own interrupt count (/proc/interrupts) was not read")
    elif counters["host_irqs"] != counters["port_irqs"]:
        problems.append(f"the kernel counted {counters['host_irqs']} interrupts, the port "
                        f"{counters['port_irqs']}")
    elapsed_s = max(run["elapsed_ms"], 1) / 1000
    print(f"{source['label']} ({run['kernel']}): {counters['stimuli']} stimuli in "
          f"{elapsed_s:.1f} s ({counters['stimuli'] / elapsed_s:.0f}/s): "
          + ", ".join(f"{totals[c]} {c}" for c in CLASSES)
          + f"; kernel IRQ count {counters.get('host_irqs')}, port {counters['port_irqs']}, "
          f"spurious {counters['spurious']}, coalesced {counters['coalesced']}")
    return problems


def check_failure(step, text):
    problems = []
    rc = read(step, "rc").strip()
    stderr = read(step, "stderr")
    if rc != "2":
        problems.append(f"exit status {rc}, not 2 (invalid run)")
    if text not in stderr:
        problems.append(f"the error does not say {text!r}: {stderr.strip()[-400:]!r}")
    if os.path.exists(os.path.join(step, "out", "result.json")):
        problems.append("a result.json was written: figures without a port")
    print("refused as it should: " + stderr.strip().splitlines()[-1] if stderr.strip() else "")
    return problems


def check_devices(step):
    problems = []
    out = read(step, "stdout")
    wanted = [
        ("ppdev", "parport0", "irq 7 0x378", "/dev/parport0: ready"),
        ("kernel", "parport0", "irq 7 0x378", "/dev/isrbench-parport0: ready"),
        ("ppdev", "parport1", "no irq 0x278", "no interrupt line"),
        ("kernel", "parport1", "no irq 0x278", "no interrupt line"),
    ]
    lines = out.splitlines()
    for kind, port, bus, where in wanted:
        if not any(line.split()[:2] == [kind, port] and bus in line and where in line
                   for line in lines if line.strip()):
            problems.append(f"no line '{kind} {port} ... {bus} ... {where}'")
    print(out, end="")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--backend")
    mode.add_argument("--expect-failure", metavar="TEXT")
    mode.add_argument("--gtest", action="store_true")
    mode.add_argument("--devices", action="store_true")
    args = parser.parse_args()
    if not os.path.isdir(args.step):
        print(f"FAIL: the guest left no {args.step}")
        return 1
    if args.gtest:
        sys.stdout.write(read(args.step, "stdout"))
        rc = read(args.step, "rc").strip()
        problems = [] if rc == "0" else [f"exit status {rc}: " + read(args.step, "stderr")[-400:]]
    elif args.devices:
        problems = check_devices(args.step)
    elif args.backend:
        problems = check_run(args.step, args.backend)
    else:
        problems = check_failure(args.step, args.expect_failure)
    for problem in problems:
        print("FAIL: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
