#!/usr/bin/env python3
"""`isrbench run --metrics-listen`: while a run goes on, GET /metrics answers with Prometheus text
exposition that promtool accepts and whose serviced count grows from one scrape to a later one;
a busy address is bad input (status 3) with the reason.

usage: check_run_metrics_endpoint.py ISRBENCH
"""
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

SERVICED = re.compile(
    r'^isrbench_stimuli\{[^}]*class="serviced"[^}]*\} ([0-9]+)', re.MULTILINE)


def serviced(text):
    return sum(int(count) for count in SERVICED.findall(text))


def scrape(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers.get("Content-Type"), response.read().decode()


def endpoint_of(run):
    """The URL the run names on stderr before it starts."""
    for line in run.stderr:
        match = re.search(r"metrics at (http://\S+/metrics)", line)
        if match:
            return match.group(1)
    raise AssertionError("the run never named its metrics endpoint")


def promtool_accepts(text):
    check = subprocess.run(["promtool", "check", "metrics"], input=text, text=True,
                           capture_output=True)
    # promtool reports lint findings (e.g. a counter's name) with status 3, errors with 1.
    return check.returncode == 0, check.stdout + check.stderr


def main():
    isrbench = sys.argv[1]
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.Popen(
            [isrbench, "run", "--no-history", "--quiet", "--out", out,
             "--metrics-listen", "127.0.0.1:0", "--set", "duration_ms=60000"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            url = endpoint_of(run)
            first_count = -1
            deadline = time.monotonic() + 120
            text = ""
            while time.monotonic() < deadline:
                kind, text = scrape(url)
                count = serviced(text)
                if first_count < 0 and count > 0:
                    first_count = count
                    assert kind.startswith("text/plain; version=0.0.4"), kind
                elif first_count > 0 and count > first_count:
                    break
                time.sleep(0.5)
            else:
                raise AssertionError(f"serviced never grew past {first_count}:\n{text}")
            accepted, findings = promtool_accepts(text)
            assert accepted, findings
            assert "isrbench_interrupt_latency_seconds_bucket" in text, text
            assert "isrbench_simulated" in text, text
            busy = subprocess.run(
                [isrbench, "run", "--no-history", "--out", out + "/busy", "--metrics-listen",
                 url.split("/")[2]], capture_output=True, text=True, timeout=60)
            assert busy.returncode == 3, (busy.returncode, busy.stderr)
            assert "--metrics-listen" in busy.stderr, busy.stderr
        finally:
            run.terminate()
            run.wait(timeout=60)
    print(f"metrics endpoint: serviced {first_count} then {count}; promtool accepts it; "
          "a busy address is refused with status 3")


if __name__ == "__main__":
    main()
