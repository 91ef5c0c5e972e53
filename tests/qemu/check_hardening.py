#!/usr/bin/env python3
"""Checks what the guest's hardening steps (issue 16) left in the QEMU suite's results.

  check_hardening.py STEP_DIR --checks N
      a step that prints one line per check ("ok   ..." / "FAIL ..."): exit status 0, no FAIL,
      at least N checks passed (so that a step cut short cannot pass);
  check_hardening.py STEP_DIR --storm CALLS
      hostile_caller's storm: as --checks, and its summary line says at least CALLS calls on two
      threads, no result the module does not document and no contract violation;
  check_hardening.py DMESG --kernel-log
      the guest's whole kernel log: no line saying the kernel caught itself doing wrong
      (Oops, BUG, WARNING, general protection, list_add/list_del corruption, KASAN, refcount_t,
      a usercopy refusal, a hung task, a lockup, a parport "forgot to release port"), and the
      log is whole (it still starts at boot, so nothing was pushed out of the ring buffer).

Every mode prints what it read, so a passing test shows its figures too.
"""
import argparse
import json
import os
import re
import sys

# What the kernel prints when it catches itself (or a module) doing wrong. "BUG" alone matches
# "BUG:" and "kernel BUG at"; WARNING matches the WARN() banner "WARNING: CPU: ...".
KERNEL_LOG_BAD = [
    ("Oops", re.compile(r"\bOops\b")),
    ("BUG", re.compile(r"\bBUG\b")),
    ("WARNING", re.compile(r"\bWARNING\b")),
    ("general protection", re.compile(r"general protection")),
    ("list corruption", re.compile(r"list_(add|del) corruption")),
    ("KASAN", re.compile(r"KASAN")),
    ("refcount_t", re.compile(r"refcount_t")),
    ("usercopy", re.compile(r"usercopy: Kernel memory")),
    ("hung task", re.compile(r"blocked for more than \d+ seconds")),
    ("lockup", re.compile(r"soft lockup|hard LOCKUP|rcu_sched self-detected stall|rcu: INFO")),
    ("call trace", re.compile(r"Call Trace:")),
    ("unreleased port", re.compile(r"forgot to release port")),
    ("scheduling while atomic", re.compile(r"scheduling while atomic|sleeping function called")),
]


def read(step, name):
    path = os.path.join(step, name)
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def check_lines(step, minimum):
    stdout = read(step, "stdout")
    stderr = read(step, "stderr")
    sys.stdout.write(stdout)
    if stderr.strip():
        print("stderr:\n" + stderr.strip()[-2000:])
    problems = []
    rc = read(step, "rc").strip()
    if rc != "0":
        problems.append(f"exit status {rc}")
    lines = stdout.splitlines()
    passed = sum(1 for line in lines if line.startswith("ok   "))
    failed = [line for line in lines if line.startswith("FAIL ")]
    problems += failed
    if passed < minimum:
        problems.append(f"{passed} checks passed, fewer than the {minimum} this step makes")
    print(f"{passed} checks passed, {len(failed)} failed")
    return problems


def check_storm(step, calls):
    problems = check_lines(step, 20)
    summary = None
    for line in read(step, "stdout").splitlines():
        if line.startswith("summary "):
            summary = json.loads(line[len("summary "):])
    if summary is None:
        return problems + ["no summary line"]
    if summary["calls"] < calls:
        problems.append(f"{summary['calls']} calls, fewer than {calls}")
    if summary["threads"] != 2:
        problems.append(f"{summary['threads']} threads, not 2")
    if summary["unexpected"]:
        problems.append(f"{summary['unexpected']} results the module does not document")
    if summary["violations"]:
        problems.append(f"{summary['violations']} contract violations")
    if summary["pulses"] == 0:
        problems.append("no interrupts were flowing")
    return problems


def check_kernel_log(path):
    if not os.path.exists(path):
        return [f"the guest left no kernel log ({path})"]
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    problems = []
    print(f"{len(lines)} kernel log lines checked for: "
          + ", ".join(name for name, _ in KERNEL_LOG_BAD))
    if not lines or "Linux version" not in lines[0]:
        problems.append("the log does not start at boot: lines may have been lost "
                        f"(first line: {lines[0] if lines else '(empty)'!r})")
    for number, line in enumerate(lines, 1):
        for name, pattern in KERNEL_LOG_BAD:
            if pattern.search(line):
                problems.append(f"line {number} ({name}): {line}")
                break
    ours = [line for line in lines if "isrbench" in line]
    print(f"the module's own lines ({len(ours)}):")
    for line in ours:
        print("  " + line)
    if not ours:
        problems.append("no line from the module: was it loaded?")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--checks", type=int, metavar="N")
    mode.add_argument("--storm", type=int, metavar="CALLS")
    mode.add_argument("--kernel-log", action="store_true")
    args = parser.parse_args()
    if args.kernel_log:
        problems = check_kernel_log(args.path)
    elif not os.path.isdir(args.path):
        problems = [f"the guest left no {args.path}"]
    elif args.storm is not None:
        problems = check_storm(args.path, args.storm)
    else:
        problems = check_lines(args.path, args.checks)
    for problem in problems:
        print("FAIL: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
