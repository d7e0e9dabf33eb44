"""Fuzzing every form over HTTP with more examples than `make test` runs.

    python bench/fuzz/run.py [--json] [--examples N]

Runs tests/test_fuzz_forms.py (every URL of the permission matrix, as a persona allowed there,
its fields filled with hostile values by POST and as query parameters) with N examples per URL
(default 60; `make test` runs 8), and prints the inputs tried, the answers by status code and the
server errors (which must be 0). ``--json`` prints one JSON object instead.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
    "AUDIT_KEY": "bench-audit-key-that-is-long-enough-0123456789",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=60, help="examples per URL")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "fuzz.json"
        env = {
            **os.environ,
            **ENV,
            "ANLAUFSTELLE_FUZZ_EXAMPLES": str(args.examples),
            "ANLAUFSTELLE_FUZZ_REPORT": str(report),
        }
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "tests/test_fuzz_forms.py"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        tally = json.loads(report.read_text()) if report.exists() else {}
    inputs = tally.pop("inputs", 0)
    errors = sum(count for status, count in tally.items() if int(status) >= 500)
    figures = {
        "examples_per_url": args.examples,
        "inputs": inputs,
        "by_status": dict(sorted(tally.items())),
        "server_errors": errors,
        "tests_passed": done.returncode == 0,
        "seconds": round(seconds, 1),
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"inputs tried: {inputs} ({args.examples} examples per URL, by POST and GET)")
        print("answers: " + ", ".join(f"{s}: {n}" for s, n in figures["by_status"].items()))
        print(
            f"server errors: {errors}; fuzz tests {'passed' if done.returncode == 0 else 'FAILED'}"
        )
        print(f"time: {seconds:.1f} s")
        if done.returncode != 0:
            print(done.stdout[-3000:])
    return 0 if done.returncode == 0 and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
