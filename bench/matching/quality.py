"""Quality and speed of person matching on a labelled set.

    python bench/matching/quality.py [--records R --queries Q --truth T]
    python bench/matching/quality.py --generated [--seed 7 --people 3000 --queries 600]

Prints recall@1, recall@5, false alarms (unregistered people who got a duplicate verdict),
false duplicates (registered people whose rank-1 match is a wrong id with a duplicate verdict),
duplicate recall (the true person at rank 1 with a duplicate verdict), recall by difficulty
kind and the in-memory search time per query.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from anlaufstelle.matching import (  # noqa: E402
    Index,
    Match,
    index_keys,
    parse_query,
    parse_record,
)

SAMPLE = ROOT / "tests" / "data" / "matching"


@dataclass
class Attainable:
    """What namesakes leave attainable, from the generator's `ties` (how many other people
    agree with a query on all it says): no matcher can tell those apart, so 1 / (1 + ties)
    bounds recall@1 for that query. Also recall on the queries without such namesakes."""

    registered: int = 0
    bound1: float = 0.0
    bound5: float = 0.0
    decidable: int = 0
    hit1: int = 0
    hit5: int = 0

    def add(self, ties: int | None, hit1: bool, hit5: bool) -> None:
        if ties is None:
            return
        self.registered += 1
        self.bound1 += 1 / (1 + ties)
        self.bound5 += min(1.0, 5 / (1 + ties))
        if ties == 0:
            self.decidable += 1
            self.hit1 += hit1
            self.hit5 += hit5

    def lines(self) -> list[str]:
        if not self.registered:
            return []
        n, d = self.registered, max(1, self.decidable)
        return [
            f"attainable         recall@1 {self.bound1 / n:.3f}, recall@5 {self.bound5 / n:.3f}"
            " (namesakes agreeing on all a query says cannot be told apart)",
            f"decidable queries  {self.decidable} of {n} have no such namesake: "
            f"recall@1 {self.hit1 / d:.3f}, recall@5 {self.hit5 / d:.3f}",
        ]


@dataclass
class Report:
    queries: int = 0
    registered: int = 0
    unregistered: int = 0
    hit1: int = 0
    hit5: int = 0
    false_alarms: int = 0
    false_duplicates: int = 0
    true_duplicates: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    times_ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    keys_per_record: float = 0.0
    max_keys: int = 0
    attainable: Attainable = field(default_factory=lambda: Attainable())

    @property
    def recall1(self) -> float:
        return self.hit1 / self.registered if self.registered else 1.0

    @property
    def recall5(self) -> float:
        return self.hit5 / self.registered if self.registered else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.unregistered if self.unregistered else 0.0

    @property
    def false_duplicate_rate(self) -> float:
        return self.false_duplicates / self.registered if self.registered else 0.0

    def lines(self) -> list[str]:
        t = sorted(self.times_ms)
        p50 = statistics.median(t) if t else 0.0
        p95 = t[min(len(t) - 1, int(0.95 * len(t)))] if t else 0.0
        out = [
            f"queries            {self.queries} ({self.registered} registered, "
            f"{self.unregistered} not)",
            f"recall@1           {self.recall1:.3f}",
            f"recall@5           {self.recall5:.3f}",
            f"false alarms       {self.false_alarm_rate:.3f} "
            f"({self.false_alarms} of {self.unregistered} unregistered got duplicate=true)",
            f"false duplicates   {self.false_duplicate_rate:.3f} "
            f"({self.false_duplicates} registered with duplicate=true on a wrong rank-1 id)",
            f"duplicate recall   {self.true_duplicates / max(1, self.registered):.3f} "
            f"(true id at rank 1 with duplicate=true)",
            f"search time        p50 {p50:.1f} ms, p95 {p95:.1f} ms per query",
            f"keys per person    {self.keys_per_record:.1f} on average, {self.max_keys} at most",
        ]
        out.extend(self.attainable.lines())
        out.append("recall@1 by kind:")
        for kind, (hit, n) in sorted(self.by_kind.items()):
            out.append(f"  {kind:<12} {hit / n:.3f}  ({hit}/{n})")
        return out


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(
    records: Sequence[dict[str, Any]],
    queries: Sequence[dict[str, Any]],
    truth: Sequence[dict[str, Any]],
) -> Report:
    index = Index()
    key_counts: list[int] = []
    for r in records:
        record = parse_record(r)
        index.add(record)
        key_counts.append(len(index_keys(record)))
    truth_by_qid = {t["qid"]: t for t in truth}
    rep = Report()
    rep.keys_per_record = statistics.mean(key_counts) if key_counts else 0.0
    rep.max_keys = max(key_counts, default=0)
    for q in queries:
        t = truth_by_qid[q["qid"]]
        query = parse_query(q)
        start = time.perf_counter()
        found: list[tuple[str, Match]] = index.search(query, top=10)
        rep.times_ms.append((time.perf_counter() - start) * 1000)
        rep.queries += 1
        ids = [rid for rid, _ in found]
        if t["id"] is None:
            rep.unregistered += 1
            if any(m.duplicate for _, m in found):
                rep.false_alarms += 1
                rep.misses.append(f"{q['qid']} false alarm -> {ids[:1]}")
            continue
        rep.registered += 1
        hit1 = bool(ids) and ids[0] == t["id"]
        rep.hit1 += hit1
        rep.hit5 += t["id"] in ids[:5]
        rep.attainable.add(t.get("ties"), hit1, t["id"] in ids[:5])
        if ids and not hit1 and found[0][1].duplicate:
            rep.false_duplicates += 1
        if hit1 and found[0][1].duplicate:
            rep.true_duplicates += 1
        if not hit1:
            rank = ids.index(t["id"]) + 1 if t["id"] in ids else None
            rep.misses.append(f"{q['qid']} {t.get('hard')} true rank {rank}")
        for kind in t.get("hard") or ["plain"]:
            rep.by_kind[kind][0] += hit1
            rep.by_kind[kind][1] += 1
    return rep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=Path, default=SAMPLE / "records.jsonl")
    parser.add_argument("--queries", type=Path, default=SAMPLE / "queries.jsonl")
    parser.add_argument("--truth", type=Path, default=SAMPLE / "truth.jsonl")
    parser.add_argument("--generated", action="store_true", help="use a generated set")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--n-queries", type=int, default=600)
    parser.add_argument("--misses", action="store_true", help="list the queries missed")
    args = parser.parse_args(argv)
    if args.generated:
        from bench.matching.generate import generate

        records, queries, truth = generate(args.seed, args.people, args.n_queries)
        label = f"generated set (seed {args.seed}, {args.people} people)"
        if args.misses:
            tmp = Path(tempfile.mkdtemp(prefix="match-gen-"))
            for name, rows in (("records", records), ("queries", queries), ("truth", truth)):
                with (tmp / f"{name}.jsonl").open("w", encoding="utf-8") as f:
                    for row in rows:
                        f.write(json.dumps(row, ensure_ascii=False) + "\n")
            print(f"generated set written to {tmp}")
    else:
        records, queries, truth = _load(args.records), _load(args.queries), _load(args.truth)
        label = str(args.records.parent)
    rep = evaluate(records, queries, truth)
    print(f"person matching on {label}: {len(records)} records")
    for line in rep.lines():
        print(line)
    if args.misses:
        for m in rep.misses:
            print("  miss:", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
