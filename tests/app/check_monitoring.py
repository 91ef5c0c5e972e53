#!/usr/bin/env python3
"""The fleet-monitoring files against what the bench writes: every metric and label the Grafana
dashboard queries exists in the metrics.prom of a real `isrbench run`, and the Prometheus
configuration passes `promtool check config`.

usage: check_monitoring.py ISRBENCH MONITORING_DIR
"""
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def written_families(metrics_text):
    """{family: (type, set of label names)} from a text exposition."""
    families = {}
    sample = re.compile(r"^([a-z_:][a-z0-9_:]*)\{([^}]*)\} ")
    for line in metrics_text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            families[name] = (kind, set())
            continue
        match = sample.match(line)
        if not match:
            continue
        name = match.group(1)
        family = next((name[: -len(s)] for s in HISTOGRAM_SUFFIXES
                       if name.endswith(s) and name[: -len(s)] in families), name)
        labels = {part.split("=", 1)[0] for part in re.findall(r'[a-z_]+="', match.group(2))}
        families[family][1].update(label.rstrip('="') for label in labels)
    return families


def queried(dashboard):
    """Every PromQL expression of the dashboard (panel targets and template variables)."""
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            yield panel["title"], target["expr"]
    for variable in dashboard["templating"]["list"]:
        yield "variable " + variable["name"], variable["definition"]


def problems_with(dashboard, families):
    problems = []
    for where, expr in queried(dashboard):
        metrics = re.findall(r"\bisrbench_[a-z_]+", expr)
        if not metrics:
            problems.append(f"{where}: queries no isrbench metric: {expr}")
        for metric in metrics:
            family = next((metric[: -len(s)] for s in HISTOGRAM_SUFFIXES
                           if metric.endswith(s) and metric[: -len(s)] in families), metric)
            if family not in families:
                problems.append(f"{where}: {metric} is not written by isrbench run")
                continue
            kind, labels = families[family]
            if metric.endswith("_bucket"):
                labels = labels | {"le"}
            used = set(re.findall(r"by \(([^)]*)\)", expr))
            used = {label.strip() for group in used for label in group.split(",")}
            used |= set(re.findall(r"([a-z_]+)=~?\"", expr))
            used |= set(re.findall(r"label_values\([^,]+, *([a-z_]+)\)", expr))
            for label in sorted(used - labels):
                problems.append(f"{where}: label '{label}' is not on {family} ({kind})")
    return problems


def main():
    isrbench, directory = sys.argv[1], Path(sys.argv[2])
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run([isrbench, "run", "--quiet", "--no-history", "--out", out],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            return 1
        families = written_families(Path(out, "metrics.prom").read_text())
    dashboard = json.loads((directory / "grafana-dashboard.json").read_text())
    problems = problems_with(dashboard, families)
    check = subprocess.run(["promtool", "check", "config", str(directory / "prometheus.yml")],
                           capture_output=True, text=True)
    if check.returncode != 0:
        problems.append("promtool check config: " + check.stdout + check.stderr)
    for problem in problems:
        print(problem)
    expressions = sum(1 for _ in queried(dashboard))
    print(f"{expressions} dashboard expressions checked against {len(families)} families written; "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
