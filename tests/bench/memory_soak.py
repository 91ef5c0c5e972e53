#!/usr/bin/env python3
"""Memory over a long run: the resident set size (VmRSS) of the real `isrbench` process, sampled
once a second through a run at RATE interrupts/s, headless (`isrbench run`) and in the window
(`isrbench --screenshot ... --after SECONDS`, which plays the scenario in the window for that
long on the offscreen platform). For each, the growth per hour is the slope of a least-squares
line through the samples after the warm-up (the first tenth of the run, at least 2 s), and its
reference is the RSS the same process had when the warm-up ended.

Goal (issue 13): growth under 5 MB/h, total under 250 MB.

usage: memory_soak.py ISRBENCH [--seconds S] [--rate HZ] [--only headless|window]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

GOAL_MB_PER_HOUR = 5.0
GOAL_TOTAL_MB = 250.0


def rss_mb(pid):
    """VmRSS of `pid` in MB, or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def slope_per_hour(points):
    """Least-squares slope of (seconds, MB) points, in MB per hour."""
    n = len(points)
    if n < 2:
        return 0.0
    mean_t = sum(t for t, _ in points) / n
    mean_m = sum(m for _, m in points) / n
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread == 0:
        return 0.0
    return sum((t - mean_t) * (m - mean_m) for t, m in points) / spread * 3600.0


def sample(command, seconds, env):
    """Runs `command`, sampling its RSS every second for `seconds` (then stops it)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, env=env)
    start = time.monotonic()
    points = []
    while True:
        elapsed = time.monotonic() - start
        if elapsed > seconds or process.poll() is not None:
            break
        rss = rss_mb(process.pid)
        if rss is not None:
            points.append((elapsed, rss))
        time.sleep(1.0)
    if process.poll() is None:
        process.terminate()
    _, err = process.communicate(timeout=120)
    if not points:
        raise SystemExit(f"{command[0]} ended before it could be sampled:\n{err}")
    return points


def report(name, points, seconds):
    warmup = max(2.0, seconds / 10.0)
    settled = [(t, m) for t, m in points if t >= warmup] or points[-2:]
    reference = settled[0][1]
    growth = slope_per_hour(settled)
    peak = max(m for _, m in points)
    met = growth < GOAL_MB_PER_HOUR and peak < GOAL_TOTAL_MB
    print(f"{name:<34} {len(points):5d} samples  RSS after warm-up {reference:7.1f} MB  "
          f"at end {points[-1][1]:7.1f} MB  peak {peak:7.1f} MB  growth {growth:+8.2f} MB/h  "
          f"goal < {GOAL_MB_PER_HOUR:.0f} MB/h, < {GOAL_TOTAL_MB:.0f} MB: "
          f"{'met' if met else 'NOT met'}")
    return met


def scenario_file(directory, seconds, rate):
    """The default scenario's routine connected all along at `rate`, for `seconds`."""
    path = os.path.join(directory, "soak.json")
    with open(path, "w") as out:
        json.dump({"name": "memory soak", "backend": {"kind": "virtual-fixture", "bus": "ideal"},
                   "wiring": "checkit", "stimulus": {"mode": "periodic", "rate_hz": rate},
                   "isrs": [{"isr": "responder", "context": 1}],
                   "duration_ms": int(seconds * 1000) + 5000,
                   "timeline": [{"at_ms": 0, "step": "connect"}]}, out)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("isrbench")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rate", type=float, default=10000)
    parser.add_argument("--only", choices=("headless", "window"))
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    print(f"memory soak: {args.seconds:.0f} s at {args.rate:.0f} interrupts/s on the virtual "
          "fixture, RSS sampled once a second; growth = least-squares slope after the warm-up")
    with tempfile.TemporaryDirectory() as work:
        scenario = scenario_file(work, args.seconds, args.rate)
        all_met = True
        if args.only in (None, "headless"):
            points = sample([args.isrbench, "run", "--scenario", scenario, "--no-history",
                             "--quiet", "--out", os.path.join(work, "run")], args.seconds, env)
            all_met &= report("headless (isrbench run)", points, args.seconds)
        if args.only in (None, "window"):
            points = sample([args.isrbench, "--screenshot", os.path.join(work, "end.png"),
                             "--after", str(args.seconds), "--scenario", scenario],
                            args.seconds, env)
            all_met &= report("window (offscreen)", points, args.seconds)
    print(f"memory goal {'met' if all_met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
