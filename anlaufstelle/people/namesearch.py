"""The registry's side of person matching: the only module that knows both `Person` rows and
the pure matching core (anlaufstelle/matching).

It converts a person to the core's `Record` (and entered data to its `Query`), keeps each
person's blocking keys in `PersonNameKey`, and runs the core's look-up-then-score flow on that
table: the keys of a search are looked up in the database, the people sharing most of them
are loaded and each is scored with `anlaufstelle.matching.score`, the same function
`anlaufstelle match` runs in memory. Nothing here writes the audit trail: the services that
call it do, so that every search is recorded once, with its purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any, Final

from django.db import connection, transaction
from django.db.models import Q
from django_countries import countries

from anlaufstelle.matching import (
    LISTING_KEY_PREFIXES,
    BirthDate,
    Match,
    Query,
    Record,
    given_name_keys,
    index_keys,
    query_keys,
    score,
    settle,
)
from anlaufstelle.matching.index import (
    COMPLETE_BELOW,
    MAX_CANDIDATES,
    MAX_POSTINGS,
    choose_keys,
    key_weight,
)
from anlaufstelle.people.models import DatePrecision, Person, PersonNameKey

# A search of one name word lists at most this many people with that given name.
GIVEN_NAME_LIMIT: Final = 50
# Scores below this are noise (a shared initial and little else) and not listed.
MIN_SCORE: Final = 0.01
# A candidate this strong is worth showing at registration even without a duplicate verdict,
# e.g. the same name when no birth date was entered.
WARN_SCORE: Final = 0.5
# Blocks of the batch report: a key shared by more people than this is a common name, and
# their duplicates also share a rarer key (the full birth date, the other name part).
MAX_BLOCK: Final = 50
# Blocks per page of the report (one request of the page, one step of the command).
REPORT_PAGE_BLOCKS: Final = 500
# Ids per IN (...) list: well under SQLite's limit on query parameters.
_CHUNK: Final = 900

# The columns a Record is made of (see person_to_record), read without loading whole people.
_RECORD_COLUMNS: Final = (
    "pk",
    "family_name",
    "given_names",
    "family_name_original",
    "given_names_original",
    "birth_date",
    "birth_date_precision",
    "birth_date_placeholder",
    "sex",
    "nationalities",
    "birth_place",
)
_FIELDS_FOR_MATCHING: Final = (*_RECORD_COLUMNS, "merged_into_id")


# --- Person ↔ Record / Query -----------------------------------------------------------------


def birth_date_from(value: Any, precision: str, placeholder: bool) -> BirthDate | None:
    """The birth date as far as it is known. A 01.01. placeholder stays 01.01.: the core
    already treats that day as possibly made up."""
    if value is None:
        return None
    if placeholder:
        return BirthDate(value.year, 1, 1)
    if precision == DatePrecision.YEAR:
        return BirthDate(value.year)
    if precision == DatePrecision.MONTH:
        return BirthDate(value.year, value.month)
    return BirthDate(value.year, value.month, value.day)


def birth_date_of(person: Person) -> BirthDate | None:
    return birth_date_from(
        person.birth_date, person.birth_date_precision, person.birth_date_placeholder
    )


@lru_cache(maxsize=512)
def _alpha3(code: str) -> str | None:
    return countries.alpha3(code) or None


def alpha3(code: Any) -> str | None:
    """ISO 3166 alpha-3 of a country (django-countries stores alpha-2)."""
    code = str(getattr(code, "code", code) or "")
    return _alpha3(code) if code else None


def _record(
    pk: Any,
    family_name: str,
    given_names: str,
    family_name_original: str,
    given_names_original: str,
    born: BirthDate | None,
    sex: str,
    nationality: Any,
    birth_place: str,
) -> Record:
    original = " ".join(p for p in (given_names_original, family_name_original) if p)
    return Record(
        id=str(pk),
        given_names=given_names or None,
        family_name=family_name or None,
        name_original=original or None,
        birth_date=born,
        sex=sex or None,
        nationality=alpha3(nationality) if nationality else None,
        birth_place=birth_place or None,
    )


def person_to_record(person: Person) -> Record:
    """The core's view of a person. It takes one nationality: the first one recorded."""
    nationalities = list(person.nationalities or ())
    return _record(
        person.pk,
        person.family_name,
        person.given_names,
        person.family_name_original,
        person.given_names_original,
        birth_date_of(person),
        person.sex,
        nationalities[0] if nationalities else None,
        person.birth_place,
    )


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _record_rows(ids: list[int]) -> Iterator[tuple[Any, ...]]:
    """The record columns of the people who are not merged, `_RECORD_COLUMNS` in order."""
    if _postgres():
        # One array parameter instead of hundreds of placeholders: half the time of the ORM's
        # IN list for the two hundred candidates of a search.
        column = {f.name: f.column for f in Person._meta.concrete_fields if f.column}
        column["pk"] = column["id"]
        sql = (
            f"SELECT {', '.join(column[name] for name in _RECORD_COLUMNS)} "
            f"FROM {Person._meta.db_table} WHERE id = ANY(%s) AND merged_into_id IS NULL"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [ids])
            yield from cursor.fetchall()
        return
    for start in range(0, len(ids), _CHUNK):
        rows = Person.objects.active().filter(pk__in=ids[start : start + _CHUNK])
        yield from rows.values_list(*_RECORD_COLUMNS)


def records_of(ids: Iterable[int]) -> dict[int, Record]:
    """The core's records of people who are not merged, straight from the columns: a search
    scores a few hundred candidates and shows only the best, so only those become models."""
    out: dict[int, Record] = {}
    for (
        pk,
        fam,
        giv,
        fam_o,
        giv_o,
        born,
        precision,
        placeholder,
        sex,
        nats,
        place,
    ) in _record_rows(list(ids)):
        # A multiple CountryField reads back as "UA,RU" here; the first one counts.
        first = str(nats).split(",")[0] if nats else None
        out[pk] = _record(
            pk,
            fam,
            giv,
            fam_o,
            giv_o,
            birth_date_from(born, precision, placeholder),
            sex,
            first,
            place,
        )
    return out


def text_query(
    text: str,
    *,
    birth_date: BirthDate | None = None,
    sex: str | None = None,
    nationality: str | None = None,
) -> Query:
    """A search from one free-text name field.

    "Family, Given" (with a comma) says which part is which. Without a comma the text is
    read like a name in original script, given names first and the family name last; the
    core keeps Arabic compounds (Abd al-Latif, Al Shami) together and also tries the parts the
    other way round, so "Shevchenko Oleksandr" finds Oleksandr Shevchenko as well.
    """
    # Arabic and Persian keyboards type the Arabic comma (U+060C); it means the same here.
    text = text.replace("\u060c", ",")
    family, comma, given = text.partition(",")
    name: dict[str, str | None]
    if comma and family.strip() and given.strip():
        name = {"family_name": family.strip(), "given_names": given.strip()}
    else:
        name = {"name_original": text.replace(",", " ").strip() or None}
    return Query(
        **name,
        birth_date=birth_date,
        sex=sex or None,
        nationality=alpha3(nationality) if nationality else None,
    )


# --- Keys ------------------------------------------------------------------------------------


def _stored(key: str) -> str:
    # Cut the same way on both sides, so a long key still meets itself.
    return key[: PersonNameKey.MAX_LENGTH]


def keys_of(record: Record) -> set[str]:
    return {_stored(k) for k in index_keys(record)}


def keys_for(person: Person) -> set[str]:
    """The keys a person is stored under; none for a record merged into another."""
    if person.merged_into_id is not None:
        return set()
    return keys_of(person_to_record(person))


@transaction.atomic
def refresh_keys(person: Person) -> None:
    """Bring the person's stored keys in line with their current data (called by every
    service that changes a person's identity fields)."""
    wanted = keys_for(person)
    stored = set(PersonNameKey.objects.filter(person_id=person.pk).values_list("key", flat=True))
    if stored - wanted:
        PersonNameKey.objects.filter(person_id=person.pk, key__in=stored - wanted).delete()
    PersonNameKey.objects.bulk_create(
        [PersonNameKey(person_id=person.pk, key=k) for k in sorted(wanted - stored)]
    )


def build_keys(people: Iterable[Person], *, batch_size: int = 5000) -> int:
    """Keys for people who have none yet (a bulk load, the demo): inserts only."""
    rows = [PersonNameKey(person_id=p.pk, key=k) for p in people for k in sorted(keys_for(p))]
    PersonNameKey.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def reindex(*, batch_size: int = 2000) -> Iterator[tuple[int, int]]:
    """Rebuild every person's keys, one batch of people per transaction (for existing data and
    after the matching core changed its keys). Yields (people, keys) after each batch."""
    last = 0
    people_done = keys_done = 0
    while True:
        batch = list(
            Person.objects.filter(pk__gt=last)
            .order_by("pk")
            .only(*_FIELDS_FOR_MATCHING)[:batch_size]
        )
        if not batch:
            return
        with transaction.atomic():
            PersonNameKey.objects.filter(person_id__in=[p.pk for p in batch]).delete()
            keys_done += build_keys(batch)
        people_done += len(batch)
        last = batch[-1].pk
        yield people_done, keys_done


# --- Search ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    person: Person
    match: Match

    @property
    def score(self) -> float:
        return self.match.score

    @property
    def duplicate(self) -> bool:
        return self.match.duplicate


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    # More people matched than were listed.
    truncated: bool = False
    # Some keys of the search were too common to follow: the name alone says too little.
    too_common: bool = False
    # How many people matched in all, where that is known (the given-name listing counts).
    total: int | None = None


def _scored_hits(
    query: Query, ids: Iterable[int], *, newest_first: bool = False
) -> list[tuple[int, Match]]:
    scored = [(pk, score(query, record)) for pk, record in records_of(ids).items()]
    scored.sort(key=lambda item: (-item[1].score, -item[0] if newest_first else item[0]))
    return scored


def _hits(scored: Sequence[tuple[int, Match]]) -> list[Hit]:
    # No ordering: the hits keep the score's order, and sorting by name would cost a sort.
    people = Person.objects.order_by().in_bulk([pk for pk, _ in scored])
    return [Hit(people[pk], match) for pk, match in scored if pk in people]


def _values(n: int) -> str:
    return ", ".join(["(%s)"] * n)


def _posting_counts(keys: Sequence[str]) -> dict[str, int]:
    """How many people share each key, counted up to MAX_POSTINGS + 1 only: a common key
    costs a few thousand index entries, not its whole posting list."""
    table = PersonNameKey._meta.db_table
    params: list[Any]
    if _postgres():
        wanted, params = "SELECT unnest(%s::text[])", [list(keys)]
    else:
        wanted, params = f"VALUES {_values(len(keys))}", list(keys)
    sql = (
        f"WITH wanted(k) AS ({wanted}) "
        f"SELECT wanted.k, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} t "
        f"WHERE t.key = wanted.k LIMIT %s) capped) FROM wanted"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, MAX_POSTINGS + 1])
        return {k: n for k, n in cursor.fetchall()}


def candidate_ids(
    query: Query, *, limit: int = MAX_CANDIDATES, exclude: Iterable[int] = ()
) -> tuple[list[int], bool]:
    """People sharing the weightiest keys with the query, exactly as `Index.candidates`
    ranks them; and whether keys were left out for being too common."""
    keys = sorted({_stored(k) for k in query_keys(query)})
    if not keys:
        return [], False
    counts = _posting_counts(keys)
    usable, skipped = choose_keys(counts)
    if not usable:
        return [], skipped
    table = PersonNameKey._meta.db_table
    excluded = list(exclude)
    weights = [key_weight(counts[k]) for k in usable]
    # Weights are integers, so the sum is exact on every database.
    if _postgres():
        # Each key's postings are read by their own index scan and summed in a hash table:
        # a join of the postings with a list of weights would sort them twice.
        sql = (
            f"SELECT t.person_id, SUM(w.wt) AS shared "
            f"FROM unnest(%s::text[], %s::int[]) AS w(k, wt) "
            f"CROSS JOIN LATERAL (SELECT person_id FROM {table} WHERE key = w.k "
            f"{_not_in(excluded)}) t "
            "GROUP BY t.person_id ORDER BY shared DESC, t.person_id LIMIT %s"
        )
        params: list[Any] = [usable, weights, *excluded, limit]
    else:
        # The IN list lets the key index find the rows; the small VALUES table gives each
        # its weight.
        sql = (
            f"WITH w(k, wt) AS (VALUES {', '.join(['(%s, %s)'] * len(usable))}) "
            f"SELECT t.person_id, SUM(w.wt) AS shared FROM {table} t JOIN w ON t.key = w.k "
            f"WHERE t.key IN ({', '.join(['%s'] * len(usable))}) {_not_in(excluded)}"
            "GROUP BY t.person_id ORDER BY shared DESC, t.person_id LIMIT %s"
        )
        pairs = [x for k, wt in zip(usable, weights, strict=True) for x in (k, wt)]
        params = [*pairs, *usable, *excluded, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()], skipped


def find(
    query: Query,
    *,
    limit: int = 25,
    exclude: Iterable[int] = (),
    min_score: float = MIN_SCORE,
) -> Found:
    """The best-scoring people for a query, best first (the registry's `Index.search`)."""
    ids, skipped = candidate_ids(query, limit=COMPLETE_BELOW, exclude=exclude)
    complete = not skipped and len(ids) < COMPLETE_BELOW
    scored = [(pk, score(query, rec)) for pk, rec in records_of(ids[:MAX_CANDIDATES]).items()]
    scored = settle(scored, complete=complete)
    scored = [(pk, match) for pk, match in scored if match.score >= min_score]
    scored.sort(key=lambda item: (-item[1].score, item[0]))
    return Found(hits=_hits(scored[:limit]), truncated=len(scored) > limit, too_common=skipped)


def _not_in(excluded: Sequence[int]) -> str:
    return f"AND person_id NOT IN ({', '.join(['%s'] * len(excluded))}) " if excluded else ""


def _holders(keys: Sequence[str], limit: int, excluded: Sequence[int]) -> list[int]:
    """The most recently registered people holding any of the keys, at most `limit`: each key's
    postings are read from its end in the (key, person) index, `limit` entries at most, so a
    name held by fifty thousand costs what one held by fifty does."""
    table = PersonNameKey._meta.db_table
    # Each key's part is a subquery of its own: SQLite allows no LIMIT on a UNION's members.
    parts = " UNION ALL ".join(
        f"SELECT person_id FROM (SELECT person_id FROM {table} WHERE key = %s "
        f"{_not_in(excluded)}ORDER BY person_id DESC LIMIT %s) AS k{i}"
        for i in range(len(keys))
    )
    sql = f"SELECT DISTINCT person_id FROM ({parts}) AS held ORDER BY person_id DESC LIMIT %s"
    params: list[Any] = [x for key in keys for x in (key, *excluded, limit)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [row[0] for row in cursor.fetchall()]


def _count_holders(keys: Sequence[str], excluded: Sequence[int]) -> int:
    """How many people hold any of the keys, from the index alone."""
    table = PersonNameKey._meta.db_table
    # One key needs no de-duplication: its postings are one per person.
    counted = "COUNT(*)" if len(keys) == 1 else "COUNT(DISTINCT person_id)"
    sql = (
        f"SELECT {counted} FROM {table} WHERE key IN ({', '.join(['%s'] * len(keys))}) "
        f"{_not_in(excluded)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*keys, *excluded])
        return int(cursor.fetchone()[0])


def find_given_name(
    query: Query, *, limit: int = GIVEN_NAME_LIMIT, exclude: Iterable[int] = ()
) -> Found:
    """For a search of one name word: the people with that given name in any spelling or
    script, then those with another language's form of it, at most `limit` (the most recently
    registered first within each), scored by the core for the order and the explanation; with
    how many there are in all. Nobody when the search is more than one word."""
    tiers = [[_stored(k) for k in tier] for tier in given_name_keys(query)]
    if not tiers:
        return Found(hits=[], total=0)
    excluded = list(exclude)
    ids: list[int] = []
    for keys in tiers:
        if len(ids) >= limit:
            break
        ids += _holders(keys, limit - len(ids), [*excluded, *ids])
    total = _count_holders([k for tier in tiers for k in tier], excluded)
    scored = _scored_hits(query, ids, newest_first=True)
    return Found(hits=_hits(scored), truncated=total > len(scored), total=total)


PREFIX_FIELDS: Final = (
    "family_name",
    "given_names",
    "family_name_original",
    "given_names_original",
)


def find_by_prefix(
    query: Query, terms: Sequence[str], *, limit: int = 25, exclude: Iterable[int] = ()
) -> Found:
    """People whose names start with every typed word, for a name still being typed.

    Name keys need whole names, so "Shevch" alone finds nobody by key; reception types letter
    by letter and must see the person appear. The core still scores them, for the order and the
    explanation.

    On PostgreSQL a case-insensitive LIKE, which the expression indexes of migration 0004 serve
    (a million people must not be read row by row at every keystroke). SQLite's LIKE ignores
    case for ASCII letters only, and "олена" must find "Олена", so there a regular expression
    does it; an embedded registry is small enough to scan."""
    condition = Q()
    for term in terms:
        # LIKE (in C) wherever it folds case right; the slower regular expression only for a
        # non-Latin word on SQLite.
        like = connection.vendor == "postgresql" or term.isascii()
        lookup, value = ("istartswith", term) if like else ("iregex", rf"^{re.escape(term)}")
        either = Q()
        for name in PREFIX_FIELDS:
            either |= Q(**{f"{name}__{lookup}": value})
        condition &= either
    found = Person.objects.active().exclude(pk__in=list(exclude)).filter(condition)
    # No ordering: sorting every match of a two-letter prefix would cost more than the search.
    ids = list(found.order_by().values_list("pk", flat=True)[: limit + 1])
    return Found(hits=_hits(_scored_hits(query, ids[:limit])), truncated=len(ids) > limit)


def probable_duplicates(
    record: Record, *, limit: int = 10, exclude: Iterable[int] = ()
) -> list[Hit]:
    """Registered people who are probably this person (the core's duplicate verdict), and
    strong candidates worth a look even without one."""
    found = find(record.as_query(), limit=limit, exclude=exclude)
    return [h for h in found.hits if h.match.duplicate or h.match.score >= WARN_SCORE]


# --- Batch duplicate report ------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    first: Person
    second: Person
    match: Match

    @property
    def people(self) -> tuple[Person, Person]:
        return (self.first, self.second)


@dataclass(frozen=True)
class Report:
    pairs: list[Pair]
    checked: int  # candidate pairs scored
    blocks: int  # keys shared by 2 to MAX_BLOCK people
    next_after: str | None  # where the next page of blocks starts; None at the end
    considered: int = 0  # pairs sharing a key, before the birth-year test


def _may_be_duplicates(a: Record, b: Record) -> bool:
    """The core gives a duplicate verdict only when both birth dates are known and agree at
    least on the year (scoring.py: "a verdict needs the birth dates to agree"). Pairs that
    fail this cannot be duplicates, so the report does not spend a score on them."""
    return (
        a.birth_date is not None
        and b.birth_date is not None
        and (a.birth_date.year == b.birth_date.year)
    )


def _blocks(after: str, max_blocks: int) -> list[str]:
    table = PersonNameKey._meta.db_table
    # A shared given name alone is no block: the given-name listing's keys are not walked.
    listing = " ".join("AND key NOT LIKE %s" for _ in LISTING_KEY_PREFIXES)
    sql = (
        f"SELECT key FROM {table} WHERE key > %s {listing} GROUP BY key "
        "HAVING COUNT(*) BETWEEN 2 AND %s ORDER BY key LIMIT %s"
    )
    prefixes = [f"{prefix}%" for prefix in LISTING_KEY_PREFIXES]
    with connection.cursor() as cursor:
        cursor.execute(sql, [after, *prefixes, MAX_BLOCK, max_blocks])
        return [row[0] for row in cursor.fetchall()]


def duplicate_pairs(*, after: str = "", max_blocks: int | None = None) -> Report:
    """Walk the key table block by block (the people sharing one key), score each pair of a
    block once, and keep the pairs the core calls duplicates. One call covers up to
    `max_blocks` blocks after the key `after`; `next_after` continues the walk."""
    max_blocks = max_blocks or REPORT_PAGE_BLOCKS
    keys = _blocks(after, max_blocks)
    if not keys:
        return Report(pairs=[], checked=0, blocks=0, next_after=None)
    members: dict[str, list[int]] = {}
    for start in range(0, len(keys), _CHUNK):
        rows = (
            PersonNameKey.objects.filter(key__in=keys[start : start + _CHUNK])
            .order_by("key", "person_id")
            .values_list("key", "person_id")
        )
        for key, person_id in rows:
            members.setdefault(key, []).append(person_id)
    records = records_of(sorted({pid for group in members.values() for pid in group}))
    seen: set[tuple[int, int]] = set()
    found: list[tuple[int, int, Match]] = []
    scored = 0
    for group in members.values():
        for a, b in combinations(group, 2):
            if (a, b) in seen or a not in records or b not in records:
                continue
            seen.add((a, b))
            if not _may_be_duplicates(records[a], records[b]):
                continue
            scored += 1
            match = score(records[a], records[b])
            if match.duplicate:
                found.append((a, b, match))
    people = Person.objects.in_bulk([pk for a, b, _ in found for pk in (a, b)])
    pairs = [Pair(people[a], people[b], match) for a, b, match in found]
    pairs.sort(key=lambda p: (-p.match.score, p.first.pk, p.second.pk))
    next_after = keys[-1] if len(keys) == max_blocks else None
    return Report(
        pairs=pairs, checked=scored, blocks=len(keys), next_after=next_after, considered=len(seen)
    )


def all_duplicate_pairs(*, max_blocks: int | None = None) -> Iterator[Report]:
    """The whole walk, a page of blocks at a time. A pair that meets in blocks of two pages
    is scored once per page; pairs are reported once."""
    after = ""
    while True:
        report = duplicate_pairs(after=after, max_blocks=max_blocks)
        yield report
        if report.next_after is None:
            return
        after = report.next_after
