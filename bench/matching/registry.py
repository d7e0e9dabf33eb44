"""Person matching through the registry: the database path of search and duplicate checks.

    DATABASE_URL=postgres://... python bench/matching/registry.py [--people 1000000]
    python bench/matching/registry.py --people 20000          # a temporary SQLite file

1. Quality on the labelled sample (tests/data/matching): its records are loaded as
   `Person` rows with their keys (inside a transaction that is rolled back), every query runs
   through `people.namesearch.find` (what `search_people` calls after reading the name field),
   and the script prints recall@1, recall@5, false duplicate verdicts among unregistered
   people, how many records survive the round trip Person → Record unchanged and how many
   queries rank exactly as `anlaufstelle match` (the in-memory `Index`) ranks them.
2. Speed at `--people` generated people (bench/matching/generate.py): bulk load (COPY on
   PostgreSQL), keys built in bulk, then search p50/p95 through the `search_people` service
   (one free-text name field, audit entry included), the duplicate check at registration
   (`check_duplicates`), and the batch duplicate report (in full up to 50,000 people or with
   `--full-report`, else roughly extrapolated from short pages of blocks at random places).

The database must be empty (it is migrated here) or hold exactly `--people` people of an
earlier run with `--reuse`; the script refuses any other database, so it never touches real
data.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.django_setup import setup_django  # noqa: E402
from bench.matching.quality import Attainable  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "matching"
FULL_REPORT_UP_TO = 50_000
REPORT_PLACES = 200
REPORT_BLOCKS_PER_PLACE = 10


# --- Sample rows → people --------------------------------------------------------------------


def person_from(row: dict[str, Any], pk: int | None = None) -> Any:
    """A `Person` with the fields of a records.jsonl (or queries.jsonl) row."""
    from django_countries import countries

    from anlaufstelle.matching import Precision, parse_birth_date
    from anlaufstelle.people.models import DatePrecision, Person

    born = parse_birth_date(row.get("birth_date"))
    original = (row.get("name_original") or "").split()
    nationality = countries.alpha2(row["nationality"]) if row.get("nationality") else ""
    precision = {
        Precision.DAY: DatePrecision.DAY,
        Precision.MONTH: DatePrecision.MONTH,
        Precision.YEAR: DatePrecision.YEAR,
    }
    return Person(
        pk=pk,
        family_name=(row.get("family_name") or "").strip(),
        given_names=(row.get("given_names") or "").strip(),
        family_name_original=original[-1] if original else "",
        given_names_original=" ".join(original[:-1]),
        birth_date=date(born.year, born.month or 1, born.day or 1) if born else None,
        birth_date_precision=precision[born.precision] if born else DatePrecision.DAY,
        sex=row.get("sex") or "",
        nationalities=[nationality] if nationality else [],
        birth_place=(row.get("birth_place") or "").strip(),
    )


def free_text(row: dict[str, Any]) -> str:
    """What reception types into the one name field: the name as it reached the desk."""
    return " ".join(p for p in (row.get("given_names"), row.get("family_name")) if p)


# --- Quality ---------------------------------------------------------------------------------


@dataclass
class Quality:
    label: str
    registered: int = 0
    unregistered: int = 0
    hit1: int = 0
    hit5: int = 0
    false_alarms: int = 0
    wrong_duplicates: int = 0
    attainable: Attainable = field(default_factory=lambda: Attainable())

    def add(
        self, truth_id: str | None, ranked: Sequence[tuple[str, bool]], ties: int | None = None
    ) -> None:
        ids = [rid for rid, _ in ranked]
        if truth_id is None:
            self.unregistered += 1
            self.false_alarms += any(dup for _, dup in ranked)
            return
        self.registered += 1
        self.hit1 += bool(ids) and ids[0] == truth_id
        self.hit5 += truth_id in ids[:5]
        self.wrong_duplicates += bool(ids) and ids[0] != truth_id and ranked[0][1]
        self.attainable.add(ties, bool(ids) and ids[0] == truth_id, truth_id in ids[:5])

    def figures(self) -> dict[str, Any]:
        reg = max(1, self.registered)
        return {
            "recall@1": round(self.hit1 / reg, 3),
            "recall@5": round(self.hit5 / reg, 3),
            "false_duplicates": self.false_alarms,
            "unregistered": self.unregistered,
            "wrong_rank1_duplicates": self.wrong_duplicates,
        }

    def row(self) -> list[str]:
        reg, unreg = max(1, self.registered), max(1, self.unregistered)
        return [
            self.label,
            f"{self.hit1 / reg:.3f}",
            f"{self.hit5 / reg:.3f}",
            f"{self.false_alarms / unreg:.3f} ({self.false_alarms}/{self.unregistered})",
            f"{self.wrong_duplicates}",
        ]


def _load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def quality_on_sample(sample: Path, figures: dict[str, Any]) -> list[str]:
    from django.db import transaction

    from anlaufstelle.matching import Index, parse_query, parse_record
    from anlaufstelle.people import namesearch
    from anlaufstelle.people.models import Person

    records = _load(sample / "records.jsonl")
    queries = _load(sample / "queries.jsonl")
    truth = {t["qid"]: t["id"] for t in _load(sample / "truth.jsonl")}
    index = Index()
    for row in records:
        index.add(parse_record(row))
    out: list[str] = []
    with transaction.atomic():
        people = [person_from(row) for row in records]
        Person.objects.bulk_create(people, batch_size=2000)
        namesearch.build_keys(people)
        sample_id = {p.pk: row["id"] for p, row in zip(people, records, strict=True)}
        same_record = sum(
            namesearch.person_to_record(p) == parse_record({**row, "id": p.pk})
            for p, row in zip(people, records, strict=True)
        )
        structured = Quality("registry, structured query")
        typed = Quality("registry, one name field")
        same_ranking = 0
        for q in queries:
            query = parse_query(q)
            hits = namesearch.find(query, limit=10).hits
            structured.add(truth[q["qid"]], [(sample_id[h.person.pk], h.duplicate) for h in hits])
            unfiltered = namesearch.find(query, limit=10, min_score=0.0).hits
            in_memory = index.search(query, top=10)
            same_ranking += [
                (sample_id[h.person.pk], h.score, h.duplicate) for h in unfiltered
            ] == [(rid, m.score, m.duplicate) for rid, m in in_memory]
            text_query = namesearch.text_query(
                free_text(q),
                birth_date=query.birth_date,
                sex=query.sex,
                nationality=_alpha2(query.nationality),
            )
            hits = namesearch.find(text_query, limit=10).hits
            typed.add(truth[q["qid"]], [(sample_id[h.person.pk], h.duplicate) for h in hits])
        transaction.set_rollback(True)
    out.append(f"quality on {sample} ({len(records)} records, {len(queries)} queries)")
    out.append(
        f"  records unchanged by the round trip Person -> Record: {same_record}/{len(records)}"
    )
    out.append(
        f"  queries ranked exactly as `anlaufstelle match` (ids, scores, verdicts of the top 10):"
        f" {same_ranking}/{len(queries)}"
    )
    out += _table(
        ["path", "recall@1", "recall@5", "false dup. (unregistered)", "wrong rank-1 dup."],
        [structured.row(), typed.row()],
    )
    figures.update(
        {
            "records": len(records),
            "queries": len(queries),
            "round_trip_unchanged": same_record,
            "ranked_as_in_memory": same_ranking,
            "ranking": {q.label: q.figures() for q in (structured, typed)},
        }
    )
    return out


def _alpha2(alpha3: str | None) -> str | None:
    from django_countries import countries

    return (countries.alpha2(alpha3) or None) if alpha3 else None


# --- Loading many people ---------------------------------------------------------------------


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


PERSON_COLUMNS = (
    "id",
    "family_name",
    "given_names",
    "family_name_original",
    "given_names_original",
    "birth_date",
    "birth_date_precision",
    "birth_date_placeholder",
    "sex",
    "nationalities",
    "stateless",
    "birth_place",
    "birth_country",
    "languages",
    "phone",
    "email",
    "address",
    "particulars",
    "created_at",
    "updated_at",
    "version",
)


def load_people(records: list[dict[str, Any]], vendor: str, log: Callable[[str], None]) -> None:
    """People 1..N with their keys, in chunks; COPY on PostgreSQL, bulk_create elsewhere."""
    from django.db import connection, transaction
    from django.utils import timezone

    from anlaufstelle.people import namesearch
    from anlaufstelle.people.models import Person, PersonNameKey

    now = timezone.now()
    chunk = 50_000
    key_table = PersonNameKey._meta.db_table
    if vendor == "postgresql":
        # Indexes are built once at the end: faster than keeping them up to date per row.
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {key_table} DROP CONSTRAINT one_row_per_person_and_key")
            cursor.execute("DROP INDEX person_name_key_idx")
    started = time.perf_counter()
    keys_total = 0
    for start in range(0, len(records), chunk):
        people = [
            person_from(row, pk=start + i + 1)
            for i, row in enumerate(records[start : start + chunk])
        ]
        key_rows = [(p.pk, k) for p in people for k in sorted(namesearch.keys_for(p))]
        keys_total += len(key_rows)
        with transaction.atomic():
            if vendor == "postgresql":
                _copy(
                    Person._meta.db_table,
                    PERSON_COLUMNS,
                    (
                        (
                            p.pk,
                            p.family_name,
                            p.given_names,
                            p.family_name_original,
                            p.given_names_original,
                            p.birth_date,
                            p.birth_date_precision,
                            False,
                            p.sex,
                            ",".join(c.code for c in p.nationalities),
                            False,
                            p.birth_place,
                            "",
                            "[]",
                            "",
                            "",
                            "",
                            "",
                            now,
                            now,
                            1,
                        )
                        for p in people
                    ),
                )
                _copy(key_table, ("person_id", "key"), key_rows)
            else:
                Person.objects.bulk_create(people, batch_size=2000)
                PersonNameKey.objects.bulk_create(
                    [PersonNameKey(person_id=pid, key=k) for pid, k in key_rows], batch_size=5000
                )
        done = start + len(people)
        log(f"  loaded {done} people, {keys_total} keys ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            t = time.perf_counter()
            cursor.execute(
                f"ALTER TABLE {key_table} ADD CONSTRAINT one_row_per_person_and_key "
                "UNIQUE (person_id, key)"
            )
            cursor.execute(f"CREATE INDEX person_name_key_idx ON {key_table} (key, person_id)")
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [Person._meta.db_table, len(records)],
            )
            log(f"  indexes built in {time.perf_counter() - t:.0f} s")
            # Statistics for the planner, and a visibility map for index-only scans.
            cursor.execute(f"VACUUM ANALYZE {key_table}")
            cursor.execute(f"VACUUM ANALYZE {Person._meta.db_table}")
        else:
            cursor.execute("ANALYZE")


def bench_user() -> Any:
    from django.contrib.auth import get_user_model

    from anlaufstelle.core.roles import Role
    from anlaufstelle.organisation.models import Agency, StaffMember

    user, created = get_user_model().objects.get_or_create(username="registry-bench")
    if created:
        agency = Agency.objects.create(
            code="bench",
            name="Bench reception",
            kind=Agency.Kind.GUIDES,
            controller_name="Bench",
            legal_basis={"de": "Art. 6 Abs. 1 lit. e DSGVO"},
        )
        StaffMember.objects.create(
            user=user, agency=agency, roles=[Role.RECEPTION, Role.DATA_PROTECTION], languages=[]
        )
    return get_user_model().objects.select_related("staff_member").get(pk=user.pk)


# --- Speed -----------------------------------------------------------------------------------


def _spread(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max": round(ordered[-1], 1),
        "n": len(ordered),
    }


def _ms(spread: dict[str, float]) -> str:
    return (
        f"p50 {spread['p50']:6.1f} ms   p95 {spread['p95']:6.1f} ms   max {spread['max']:6.1f} ms"
    )


def speed(
    n_people: int,
    n_queries: int,
    seed: int,
    vendor: str,
    reuse: bool,
    compare_memory: bool,
    full_report: bool,
    log: Callable[[str], None],
    figures: dict[str, Any],
) -> list[str]:
    from django.db import connection

    from anlaufstelle.matching import parse_query
    from anlaufstelle.matching.scoring import features
    from anlaufstelle.people import services
    from anlaufstelle.people.models import Person, PersonNameKey
    from bench.matching.generate import generate

    t = time.perf_counter()
    records, queries, truth = generate(seed, n_people, n_queries + 20)
    log(f"  generated {n_people} people, {len(queries)} queries ({time.perf_counter() - t:.0f} s)")
    existing = Person.objects.count()
    load_s = None
    if existing == 0:
        t = time.perf_counter()
        load_people(records, vendor, log)
        load_s = time.perf_counter() - t
    elif not (reuse and existing == n_people):
        raise SystemExit(
            f"the database holds {existing} people; use an empty database "
            f"(or --reuse with one of exactly --people {n_people} from an earlier run)"
        )
    keys = PersonNameKey.objects.count()
    user = bench_user()
    truth_by = {t["qid"]: t["id"] for t in truth}
    ties = {t["qid"]: t.get("ties") for t in truth}
    warm, measured = queries[:20], queries[20:]

    def search(q: dict[str, Any]) -> services.SearchResult:
        parsed = parse_query(q)
        return services.search_people(
            user=user,
            query=free_text(q),
            born=parsed.birth_date,
            sex=parsed.sex,
            nationality=_alpha2(parsed.nationality),
            limit=10,
        )

    load_before = os.getloadavg()
    for q in warm:
        search(q)
    # A web worker does not hold a million generated records: keep them out of the garbage
    # collector's full passes, which would otherwise land in a query's time.
    gc.collect()
    gc.freeze()
    # Cold scoring: a web worker rarely meets the same people twice in a row.
    features.cache_clear()
    search_ms: list[float] = []
    quality = Quality("search_people at scale")
    for q in measured:
        start = time.perf_counter()
        result = search(q)
        search_ms.append((time.perf_counter() - start) * 1000)
        quality.add(
            truth_by[q["qid"]],
            [(records[h.person.pk - 1]["id"], h.duplicate) for h in result.hits],
            ties[q["qid"]],
        )
    features.cache_clear()
    check_ms: list[float] = []
    for q in measured[:200]:
        entered = person_from({**q, "family_name": q.get("family_name") or "?"})
        start = time.perf_counter()
        services.check_duplicates(user=user, person=entered)
        check_ms.append((time.perf_counter() - start) * 1000)
    given_ms, listed, totals = _given_names_alone(records, user, seed)
    # The machine's load (runnable processes, 1-minute average) before and after the timed
    # searches: on a shared machine it explains much of the spread between two runs.
    load = [round(load_before[0], 1), round(os.getloadavg()[0], 1)]

    report_line = _report_time(n_people, full_report, log)
    size = ""
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_size_pretty(pg_total_relation_size(%s))",
                [PersonNameKey._meta.db_table],
            )
            size = f", key table {cursor.fetchone()[0]} with indexes"
    search, check, given = _spread(search_ms), _spread(check_ms), _spread(given_ms)
    lines = [
        f"speed on {vendor} with {n_people} generated people "
        f"({keys} keys, {keys / max(1, n_people):.1f} per person{size})",
    ]
    if load_s is not None:
        lines.append(f"  bulk load with keys      {load_s:8.0f} s")
    lines += [
        f"  load average             {load[0]} before, {load[1]} after the timed searches"
        f" ({os.cpu_count()} cores)",
        f"  search (one name field)  {_ms(search)}   over {len(search_ms)} queries,"
        " audit entry included",
        f"  given name alone         {_ms(given)}   over {len(given_ms)} given names of"
        f" registered people: {statistics.mean(listed):.0f} listed on average, holders"
        f" p50 {statistics.median(totals):.0f}, max {max(totals)}",
        f"  duplicate check          {_ms(check)}   over {len(check_ms)} registrations",
        f"  {report_line}",
        "  ranking at this size:",
    ]
    paths = [quality]
    if compare_memory:
        paths.append(_in_memory(records, measured, truth_by))
    rows = [path.row() for path in paths]
    figures.update(
        {
            "vendor": vendor,
            "people": n_people,
            "keys": keys,
            "load_s": None if load_s is None else round(load_s),
            "load_average": load,
            "search_ms": search,
            "given_name_alone_ms": {
                **given,
                "listed_mean": round(statistics.mean(listed), 1),
                "holders_p50": statistics.median(totals),
                "holders_max": max(totals),
            },
            "duplicate_check_ms": check,
            "report": report_line.strip(),
            "ranking": {path.label: path.figures() for path in paths},
        }
    )
    lines += [
        "  " + line
        for line in _table(
            ["path", "recall@1", "recall@5", "false dup. (unregistered)", "wrong rank-1 dup."],
            rows,
        )
    ]
    lines += ["  " + line for line in quality.attainable.lines()]
    return lines


GIVEN_NAMES_MEASURED = 200


def _given_names_alone(
    records: list[dict[str, Any]], user: Any, seed: int
) -> tuple[list[float], list[int], list[int]]:
    """The given names of random registered people searched on their own (reception often
    hears only a first name): common names come up as often as they are held. Returns the
    times, how many people each listed and how many hold the name in all."""
    from anlaufstelle.matching.scoring import features
    from anlaufstelle.people import services

    rng = random.Random(seed + 1)
    names = [
        given.split()[0]
        for given in (rng.choice(records).get("given_names") for _ in range(GIVEN_NAMES_MEASURED))
        if given
    ]
    features.cache_clear()
    times: list[float] = []
    listed: list[int] = []
    totals: list[int] = []
    for name in names:
        start = time.perf_counter()
        result = services.search_people(user=user, query=name)
        times.append((time.perf_counter() - start) * 1000)
        listed.append(len(result.hits))
        totals.append(result.total if result.total is not None else len(result.hits))
    return times, listed, totals


def _in_memory(
    records: list[dict[str, Any]], queries: list[dict[str, Any]], truth: dict[str, str | None]
) -> Quality:
    """The same queries through `anlaufstelle match`'s in-memory index, for comparison."""
    from anlaufstelle.matching import Index, parse_query, parse_record
    from anlaufstelle.people import namesearch

    index = Index()
    for row in records:
        index.add(parse_record(row))
    quality = Quality("anlaufstelle match (memory)")
    for q in queries:
        parsed = parse_query(q)
        query = namesearch.text_query(
            free_text(q),
            birth_date=parsed.birth_date,
            sex=parsed.sex,
            nationality=_alpha2(parsed.nationality),
        )
        found = index.search(query, top=10)
        shown = [(rid, m.duplicate) for rid, m in found if m.score >= namesearch.MIN_SCORE]
        quality.add(truth[q["qid"]], shown)
    return quality


def _report_time(n_people: int, full: bool, log: Callable[[str], None]) -> str:
    from django.db import connection

    from anlaufstelle.people import namesearch, services
    from anlaufstelle.people.models import PersonNameKey

    if full or n_people <= FULL_REPORT_UP_TO:
        start = time.perf_counter()
        report = services.full_duplicate_report()
        took = time.perf_counter() - start
        return (
            f"batch report (full)      {took:8.1f} s: {report.blocks} blocks, "
            f"{report.considered} pairs sharing a key, {report.checked} of them scored, "
            f"{len(report.pairs)} duplicate pairs"
        )
    table = PersonNameKey._meta.db_table
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT key FROM {table} GROUP BY key "
            "HAVING COUNT(*) BETWEEN 2 AND %s) blocks",
            [namesearch.MAX_BLOCK],
        )
        total_blocks = cursor.fetchone()[0]
        count_s = time.perf_counter() - start
        # Random places to start a page: the keys of random people.
        cursor.execute(f"SELECT MAX(person_id) FROM {table}")
        top = cursor.fetchone()[0]
    # Many short pages at random places: the key table is sorted by kind of key, and the
    # kinds differ a lot in how many of their pairs share the birth year (and get scored).
    rng = random.Random(5)
    starts = []
    for pid in rng.sample(range(1, top + 1), REPORT_PLACES):
        keys = list(PersonNameKey.objects.filter(person_id=pid).values_list("key", flat=True))
        if keys:
            starts.append(rng.choice(keys))
    blocks = pairs = considered = found = 0
    took = 0.0
    for after in starts:
        start = time.perf_counter()
        page = namesearch.duplicate_pairs(after=after, max_blocks=REPORT_BLOCKS_PER_PLACE)
        took += time.perf_counter() - start
        blocks += page.blocks
        pairs += page.checked
        considered += page.considered
        found += len(page.pairs)
    per_block = took / max(1, blocks)
    log(f"  report sample: {blocks} blocks in {took:.1f} s")
    return (
        "batch report, a rough extrapolation (block costs vary by an order of magnitude; "
        "--full-report measures it):\n"
        f"    from {blocks} blocks at {len(starts)} random places: "
        f"{total_blocks} blocks x {per_block * 1000:.1f} ms = {total_blocks * per_block / 60:.0f} "
        f"min (+{count_s:.0f} s to count the blocks); sample: {considered} pairs sharing a key, "
        f"{pairs} scored, {found} duplicate pairs"
    )


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*header), fmt.format(*("-" * w for w in widths))] + [
        fmt.format(*row) for row in rows
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--reuse", action="store_true", help="keep people of an earlier run")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument(
        "--full-report",
        action="store_true",
        help="run the whole batch duplicate report at any size (about 40 minutes at 1M)",
    )
    parser.add_argument(
        "--compare-memory",
        action="store_true",
        help="also rank the same queries with the in-memory index (slow and large at 1M)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    vendor = setup_django("registry")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    from anlaufstelle.people.models import Person

    lines: list[str] = []
    figures: dict[str, Any] = {"sample": None, "speed": None}
    if Person.objects.exists():
        lines.append("quality on the sample skipped: the database already holds people")
    else:
        figures["sample"] = {}
        lines += quality_on_sample(args.sample, figures["sample"])
    if not args.skip_speed:
        figures["speed"] = {}
        lines += speed(
            args.people,
            args.queries,
            args.seed,
            vendor,
            args.reuse,
            args.compare_memory,
            args.full_report,
            log,
            figures["speed"],
        )
    print(json.dumps(figures, indent=2) if args.json else "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
