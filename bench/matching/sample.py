"""The project's labelled matching sample in tests/data/matching/: generated people and queries
(bench/matching/generate.py with a fixed seed) followed by the hand-written hard cases of
tests/data/matching/hard-cases.json. The tests and the benches read the three files it writes.

    python bench/matching/sample.py            # (re)write records, queries and truth.jsonl
    python bench/matching/sample.py --check    # exit 1 when the files differ from what it makes
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.matching.generate import generate  # noqa: E402

SAMPLE_DIR = ROOT / "tests" / "data" / "matching"
SEED = 2026
PEOPLE = 1550
QUERIES = 145
FILES = ("records", "queries", "truth")


def build() -> dict[str, list[dict[str, Any]]]:
    """The rows of each file: the generated part first, then the hard cases."""
    records, queries, truth = generate(SEED, PEOPLE, QUERIES)
    hard = json.loads((SAMPLE_DIR / "hard-cases.json").read_text(encoding="utf-8"))
    records += hard["records"]
    for case in hard["queries"]:
        queries.append({key: value for key, value in case.items() if key != "truth"})
        truth.append({"qid": case["qid"], **case["truth"]})
    return {"records": records, "queries": queries, "truth": truth}


def jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    built = build()
    differ = []
    for name in FILES:
        path = SAMPLE_DIR / f"{name}.jsonl"
        text = jsonl(built[name])
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                differ.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if differ:
        print(f"differ from what bench/matching/sample.py makes: {', '.join(differ)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
