#!/usr/bin/env python3
"""The contract table (console_rows.json) against a driver, through `isrbench console`.

  check_console_rows.py ROWS --isrbench PATH
      plays every session against the user-space driver on the virtual port and checks it;
  check_console_rows.py ROWS --write-requests DIR
      writes DIR/<session>.jsonl (the requests) and DIR/<session>.args (the console options and
      which port the session needs: irq or no-irq) for a guest to play on the kernel module;
  check_console_rows.py ROWS --transcripts DIR
      checks DIR/<session>.out, the guest's answers, one JSON line per request.

Every step's `expect` fields must match the answer (objects: every listed key, recursively);
other fields may differ. Exit status 0 when every step matched, 1 otherwise.
"""
import argparse
import json
import os
import subprocess
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["sessions"]


def mismatches(expected, actual, where=""):
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where or 'answer'}: expected an object, got {json.dumps(actual)}"]
        found = []
        for key, value in expected.items():
            path = f"{where}.{key}" if where else key
            if key not in actual:
                found.append(f"{path}: missing (expected {json.dumps(value)})")
            else:
                found += mismatches(value, actual[key], path)
        return found
    if expected != actual:
        return [f"{where}: expected {json.dumps(expected)}, got {json.dumps(actual)}"]
    return []


def check_session(session, answers, label):
    failures = 0
    steps = session["steps"]
    if len(answers) != len(steps):
        print(f"FAIL {label} {session['name']}: {len(steps)} requests, {len(answers)} answers")
        failures += 1
    for step, answer in zip(steps, answers):
        try:
            actual = json.loads(answer)
        except json.JSONDecodeError:
            actual = {"unparsable": answer}
        found = mismatches(step["expect"], actual)
        tag = f"row {step['row']:2d} {session['name']}: {step['why']}"
        if found:
            failures += 1
            print(f"FAIL {label} {tag}: " + "; ".join(found))
        else:
            print(f"ok   {label} {tag}")
    return failures


def requests_text(session):
    return "".join(json.dumps(step["request"]) + "\n" for step in session["steps"])


def play_locally(session, isrbench):
    args = [isrbench, "console"] + session["options"]
    if session["port"] == "no-irq":
        args.append("--no-interrupt-line")
    done = subprocess.run(args, input=requests_text(session), capture_output=True, text=True,
                          timeout=120)
    return done.stdout.splitlines()


def summary(sessions, failures, label):
    rows = sorted({step["row"] for s in sessions for step in s["steps"]})
    steps = sum(len(s["steps"]) for s in sessions)
    verdict = "every answer as the contract says" if failures == 0 else f"{failures} FAILED"
    print(f"{label}: {steps} requests over rows {rows[0]}-{rows[-1]} ({len(rows)} rows): {verdict}")
    return 0 if failures == 0 else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rows")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--isrbench", help="play against this isrbench's user-space driver")
    mode.add_argument("--write-requests", metavar="DIR")
    mode.add_argument("--transcripts", metavar="DIR", help="check a guest's answers")
    parser.add_argument("--label", default=None)
    args = parser.parse_args()
    sessions = load(args.rows)

    if args.write_requests:
        os.makedirs(args.write_requests, exist_ok=True)
        for session in sessions:
            base = os.path.join(args.write_requests, session["name"])
            with open(base + ".jsonl", "w", encoding="utf-8") as f:
                f.write(requests_text(session))
            with open(base + ".args", "w", encoding="utf-8") as f:
                f.write(session["port"] + " " + " ".join(session["options"]) + "\n")
        return 0

    label = args.label or ("user-space driver" if args.isrbench else "kernel module")
    failures = 0
    for session in sessions:
        if args.isrbench:
            answers = play_locally(session, args.isrbench)
        else:
            path = os.path.join(args.transcripts, session["name"] + ".out")
            if not os.path.exists(path):
                print(f"FAIL {label} {session['name']}: no transcript {path}")
                failures += 1
                continue
            with open(path, encoding="utf-8") as f:
                answers = f.read().splitlines()
        failures += check_session(session, answers, label)
    return summary(sessions, failures, label)


if __name__ == "__main__":
    sys.exit(main())
