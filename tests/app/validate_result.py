#!/usr/bin/python3
"""Validates a result.json against resources/schemas/result.schema.json (Debian's
python3-jsonschema) and checks what a schema cannot: every stimulus accounted for."""
import json
import sys

import jsonschema


def main(schema_path, result_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(result_path, encoding="utf-8") as f:
        result = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(result),
                    key=lambda e: list(e.absolute_path))
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        print(f"{result_path}: {where}: {error.message}")
    if errors:
        return 1
    accounted = sum(sum(p["counts"].values()) for p in result["phases"])
    if accounted != result["counters"]["stimuli"]:
        print(f"{result_path}: phases account for {accounted} stimuli, counters say "
              f"{result['counters']['stimuli']}")
        return 1
    print(f"{result_path}: valid isrbench.result/1, {accounted} stimuli in "
          f"{len(result['phases'])} phases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
