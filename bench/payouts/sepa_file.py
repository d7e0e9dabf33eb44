"""SEPA transfer files (anlaufstelle/payouts/sepa.py): how long one file of n transfers takes
to check and build (sepaxml validates it against its XSD on export) and to read back.

    python bench/payouts/sepa_file.py [--sizes 100,1000,5000] [--json]

Pure Python, no database: the checks of every account, the building and the validation are
what a paying desk waits for when it makes a file; the database work around them is small.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from schwifty import IBAN  # noqa: E402

from anlaufstelle.payouts import sepa  # noqa: E402

DEBTOR = sepa.Debtor(
    name="Stadt Leipzig Sozialamt",
    iban="DE89370400440532013000",
    bic="COBADEFFXXX",
    address=sepa.Address(
        street="Markt", building="1", postcode="04109", town="Leipzig", country="DE"
    ),
)


def transfers(n: int) -> list[sepa.Transfer]:
    return [
        sepa.Transfer(
            ref=f"A-{i}",
            name=f"Олена Коваленко {i}",
            iban=str(
                IBAN.generate("DE", bank_code="86055592", account_code=str(1_000_000_000 + i))
            ),
            amount=Decimal("449.00") + Decimal(i % 100) / 100,
            purpose="AsylbLG 01.12.2026-31.12.2026",
            end_to_end_id=f"ANL-{i}",
            address=sepa.Address(town="Leipzig", country="DE", postcode="04315"),
        )
        for i in range(1, n + 1)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        lines = transfers(n)
        start = time.perf_counter()
        made = sepa.build_credit_transfer(
            debtor=DEBTOR, transfers=lines, execution_date=datetime.date(2026, 12, 7)
        )
        built = time.perf_counter() - start
        start = time.perf_counter()
        read = sepa.read_credit_transfer(made.xml)
        back = time.perf_counter() - start
        assert read.count == n and read.control_sum == made.control_sum
        rows.append(
            {"transfers": n, "build_s": round(built, 3), "read_s": round(back, 3),
             "bytes": len(made.xml)}
        )  # fmt: skip
    if args.json:
        print(json.dumps(rows))
    else:
        print(f"{'transfers':>10} {'build s':>9} {'read s':>8} {'kB':>8}")
        for r in rows:
            kb = r["bytes"] / 1024
            print(f"{r['transfers']:>10} {r['build_s']:>9.3f} {r['read_s']:>8.3f} {kb:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
