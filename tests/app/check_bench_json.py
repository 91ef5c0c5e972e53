#!/usr/bin/env python3
"""`isrbench bench --json`: every figure has a value, a reference measured in the same run and
their ratio (what the numbers are is the benchmark's business, not a test's).

usage: check_bench_json.py ISRBENCH
"""
import json
import subprocess
import sys

# A light stream for the window's frames: the sanitizer trees run this too.
run = subprocess.run([sys.argv[1], "bench", "--seconds", "0.4", "--stream-rate", "5000", "--json"],
                     capture_output=True, text=True)
if run.returncode != 0:
    print(run.stdout, run.stderr)
    sys.exit(1)
document = json.loads(run.stdout)
problems = []
figures = document["figures"]
names = [figure["name"] for figure in figures]
for wanted in ("fixture packet to a counting ISR", "fixture packet to the responder",
               "virtual fixture's records to a counting ISR", "engine ingest per sample",
               "interrupt latency p50",
               "  its edge to the report thread awake (bus)",
               "  its report thread awake to the ISR (dispatch)", "interrupt latency p99",
               "virtual fixture interrupts/s", "virtual port interrupts/s",
               "window frame p50", "window frame p99", "launch to the window's first painted"):
    if not any(name.startswith(wanted) for name in names):
        problems.append(f"no figure '{wanted}...' in {names}")
for figure in figures:
    if not (figure["value_ns"] > 0 and figure["reference_ns"] > 0):
        problems.append(f"{figure['name']}: a figure or its reference was not measured")
    elif abs(figure["ratio"] - figure["value_ns"] / figure["reference_ns"]) > 1e-6 * figure["ratio"]:
        problems.append(f"{figure['name']}: ratio {figure['ratio']} is not value / reference")
    if figure["name"].endswith("interrupts/s") or "interrupts/s (" in figure["name"]:
        # A rate: asked and achieved per second, consistent with the periods kept beside them.
        if abs(figure.get("reference_per_s", 0) * figure["reference_ns"] - 1e9) > 1:
            problems.append(f"{figure['name']}: reference_per_s is not the asked rate")
        if abs(figure.get("value_per_s", 0) * figure["value_ns"] - 1e9) > 1:
            problems.append(f"{figure['name']}: value_per_s is not the achieved rate")
        if "goal_met" not in figure:
            problems.append(f"{figure['name']}: a rate without its goal")
if not document.get("not_measured_here"):
    problems.append("the JSON does not say what it does not measure")
print("\n".join(problems) or f"{len(figures)} figures, each beside its reference")
sys.exit(1 if problems else 0)
