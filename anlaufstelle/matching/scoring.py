"""Score a query against a record: evidence per field, a score in [0, 1] and a verdict.

The score adds up evidence the way a Fellegi–Sunter record linkage model does: each field
contributes a weight that is positive when the fields agree (more for rarer agreement, such
as a full birth date) and negative when they disagree. The sum goes through a logistic curve.
The duplicate verdict needs a high score *and* no contradiction that rules the same person
out (a different full birth date, a given name that is simply another name, another sex):
namesakes are the most common way two different people look alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import Final, TypeVar

from .compare import (
    DATE_SAME_PLACEHOLDER,
    Evidence,
    compare_dates,
    compare_nationality,
    compare_places,
    compare_sex,
)
from .model import Query, Record
from .names import Level, NameToken, PersonName, TokenMatch, best_match, build_name
from .reasons import Reason, reason
from .text import tokens

FAMILY_WEIGHTS: Final = {
    Level.EXACT: 7.0,
    Level.TRANSLIT: 6.5,
    Level.FORM: 4.5,
    Level.CONSONANTS: 5.0,
}
GIVEN_WEIGHTS: Final = {
    Level.EXACT: 5.0,
    Level.TRANSLIT: 4.5,
    Level.FORM: 4.0,
    Level.CONSONANTS: 3.5,
}
FAMILY_TYPO: Final = (2.0, 4.5)  # weight at similarity 0.7 and at 0.89
GIVEN_TYPO: Final = (1.5, 3.5)
FAMILY_DIFFERENT: Final = -5.0
GIVEN_DIFFERENT: Final = -6.0
EXTRA_GIVEN: Final = -1.0
SWAP_PENALTY: Final = -0.5
# Where the logistic curve crosses 0.5 and how steep it is.
CENTRE: Final = 11.0
SCALE: Final = 2.0
DUPLICATE_SCORE: Final = 0.5

K = TypeVar("K")

_CODES: Final = {
    Level.EXACT: "name.exact",
    Level.TRANSLIT: "name.translit",
    Level.FORM: "name.form",
    Level.CONSONANTS: "name.consonants",
    Level.TYPO: "name.typo",
    Level.DIFFERENT: "name.different",
}


# What a reason will say: a finished reason, the evidence of another field, or a compared
# name part's agreement (label, weight, match) and a query word the record lacks (label,
# word). A search weighs a hundred candidates and shows a few: only theirs are put into words.
_Note = Reason | Evidence | tuple[str, float, TokenMatch] | tuple[str, str]


def _said(note: _Note) -> Reason:
    if isinstance(note, Reason):
        return note
    if isinstance(note, Evidence):
        said = note.reason
        assert said is not None
        return said
    if len(note) == 3:
        label, weight, m = note
        return reason(
            _CODES[m.level], weight, part=label, query=_display(m.query), record=_display(m.record)
        )
    label, word = note
    return reason("name.extra", EXTRA_GIVEN, part=label, query=_display(word))


class Strength(StrEnum):
    """What a match rests on, in words a reader does not take for a probability (the score
    is only an order: an exact family name alone scores low, and rightly so)."""

    SAME_PERSON = "same_person"  # the duplicate verdict
    NAME_MATCHES = "name_matches"  # every name part searched agrees, nothing contradicts
    NAME_ONLY = "name_only"  # the name agrees, but a birth date or the sex rules it out
    SIMILAR = "similar"  # a name only similar (a typo apart, or a part missing or different)


@dataclass(frozen=True, slots=True)
class Match:
    """The result of comparing one query with one record."""

    score: float
    duplicate: bool
    # What the reasons will say, put into words only when asked (see `_Note`).
    notes: tuple[_Note, ...] = ()
    # Both name parts agree (at most in another spelling or form): a namesake at least.
    namesake: bool = False
    # A duplicate verdict withheld only because nothing corroborates a weak birth date.
    withheld: bool = False
    # Every name part the search gave agrees (at most in another spelling or form).
    name_agrees: bool = False
    # A birth date or the sex rules the same person out.
    contradicted: bool = False

    @property
    def reasons(self) -> list[Reason]:
        return [_said(note) for note in self.notes]

    def describe(self) -> list[str]:
        return [r.describe() for r in self.reasons]

    @property
    def strength(self) -> Strength:
        if self.duplicate:
            return Strength.SAME_PERSON
        if not self.name_agrees:
            return Strength.SIMILAR
        return Strength.NAME_ONLY if self.contradicted else Strength.NAME_MATCHES


@dataclass(frozen=True, slots=True)
class _NameEvidence:
    weight: float
    notes: tuple[_Note, ...]
    veto: bool
    matched: int  # parts (given, family) that agree at least as a typo
    levels: tuple[Level, ...] = ()  # the level of each compared part

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(_said(note) for note in self.notes)


def _display(token_text: str) -> str:
    return token_text.title() if token_text.isascii() else token_text


def _weight(level: Level, value: float, family: bool) -> float:
    table = FAMILY_WEIGHTS if family else GIVEN_WEIGHTS
    if level in table:
        return table[level]
    if level is Level.TYPO:
        low, high = FAMILY_TYPO if family else GIVEN_TYPO
        return low + (high - low) * max(0.0, min(1.0, (value - 0.7) / 0.19))
    # A near miss (similarity just under the typo threshold) counts against the record
    # less than a name with nothing in common; the verdict is ruled out either way.
    full = FAMILY_DIFFERENT if family else GIVEN_DIFFERENT
    return full * (1.0 - max(0.0, min(1.0, (value - 0.4) / 0.3)) * 0.6)


def _part(
    query: tuple[NameToken, ...], bag: tuple[NameToken, ...], family: bool, label: str
) -> _NameEvidence | None:
    """Evidence from one query name part against one bag of record tokens."""
    if not query:
        return None
    if not bag:
        return _NameEvidence(0.0, (), False, 0)
    if len(query) == 1:
        # The usual case, one word: no other words to weigh against the record.
        only = best_match(query[0], bag)
        assert only is not None
        weight = _weight(only.level, only.value, family)
        veto = only.level is Level.DIFFERENT
        return _NameEvidence(
            weight, ((label, weight, only),), veto, 0 if veto else 1, (only.level,)
        )
    matches: list[TokenMatch] = []
    for tok in query:
        m = best_match(tok, bag)
        if m is not None:
            matches.append(m)
    primary = min(matches, key=lambda m: (m.level, -m.value))
    weight = _weight(primary.level, primary.value, family)
    notes: list[_Note] = [(label, weight, primary)]
    # Further query words (a second given name) must be somewhere in the record too, but a
    # patronymic the record lacks is no evidence against it.
    for tok, m in zip(query, matches, strict=True):
        if m is primary or m.level is not Level.DIFFERENT or tok.is_patronymic:
            continue
        weight += EXTRA_GIVEN
        notes.append((label, tok.text))
    veto = primary.level is Level.DIFFERENT
    return _NameEvidence(weight, tuple(notes), veto, 0 if veto else 1, (primary.level,))


def _combine(first: _NameEvidence | None, second: _NameEvidence | None) -> _NameEvidence:
    if first is None or second is None:
        one = first or second
        return one if one is not None else _NameEvidence(0.0, (), False, 0)
    return _NameEvidence(
        first.weight + second.weight,
        first.notes + second.notes,
        first.veto or second.veto,
        first.matched + second.matched,
        first.levels + second.levels,
    )


# The most a swapped reading can weigh: a straight reading without a veto that weighs this
# much wins whatever the swapped one says (ties go to the straight reading too).
_BEST_SWAPPED: Final = max(FAMILY_WEIGHTS.values()) + max(GIVEN_WEIGHTS.values()) + SWAP_PENALTY


def compare_names(q: PersonName, r: PersonName) -> _NameEvidence:
    """Names in order, swapped, or (for a one-part search) against either part."""
    straight = _combine(
        _part(q.family, r.family, True, "family name"),
        _part(q.given, r.given, False, "given name"),
    )
    options = [straight]
    if q.family and q.given and (straight.veto or straight.weight < _BEST_SWAPPED):
        swapped = _combine(
            _part(q.family, r.given, False, "family name"),
            _part(q.given, r.family, True, "given name"),
        )
        options.append(
            _NameEvidence(
                swapped.weight + SWAP_PENALTY,
                (reason("name.swapped", SWAP_PENALTY), *swapped.notes),
                swapped.veto,
                swapped.matched,
                swapped.levels,
            )
        )
    elif q.family or q.given:
        # Only one part was given (a single word may be a given name alone): it may be either
        # of the record's, and the reasons name the part it matched.
        only = q.family or q.given
        for bag, family in ((r.family, True), (r.given, False)):
            label, other = (
                ("family name", "given name") if family else ("given name", "family name")
            )
            alt = _part(only, bag, family, label)
            if alt is not None:
                missing = reason("name.missing", part=other)
                options.append(
                    _NameEvidence(
                        alt.weight, (*alt.notes, missing), alt.veto, alt.matched, alt.levels
                    )
                )
    return max(options, key=lambda o: (not o.veto, o.weight))


@dataclass(frozen=True, slots=True)
class Features:
    """Everything about a query or record that scoring needs, computed once."""

    name: PersonName
    query: Query


@lru_cache(maxsize=200000)
def features(person: Query | Record) -> Features:
    query = person.as_query() if isinstance(person, Record) else person
    name = build_name(query.given_names, query.family_name, query.name_original, query.nationality)
    return Features(name, query)


def _logistic(weight: float) -> float:
    return 1.0 / (1.0 + math.exp(-(weight - CENTRE) / SCALE))


def _same_original(q: Query, r: Query) -> bool:
    """Whether the original-script names agree as written (true if either side lacks one)."""
    if not q.name_original or not r.name_original:
        return True
    return tokens(q.name_original) == tokens(r.name_original)


def _corroborated(q: Features, r: Features, names: _NameEvidence, evidence: list[Evidence]) -> bool:
    """Whether something besides a weak birth-date agreement says this is the same person.

    Year-only dates and 01.01. placeholders are shared by many namesakes in a large registry,
    so such an agreement needs support: the same birth place, or the same sex and nationality
    together with a name that is written exactly alike (not merely transliterated or
    phonetically close), including the original-script name where both sides have one.
    """
    _, sex, nationality, place = evidence
    if place.code == "place.same":
        return True
    exact_name = (
        names.matched >= 2
        and all(level is Level.EXACT for level in names.levels)
        and _same_original(q.query, r.query)
    )
    return exact_name and sex.code == "sex.same" and nationality.code == "nationality.same"


def score_features(q: Features, r: Features) -> Match:
    names = compare_names(q.name, r.name)
    evidence: list[Evidence] = [
        compare_dates(q.query.birth_date, r.query.birth_date),
        compare_sex(q.query.sex, r.query.sex),
        compare_nationality(q.query.nationality, r.query.nationality),
        compare_places(q.query.birth_place, r.query.birth_place),
    ]
    total = names.weight + sum(e.weight for e in evidence)
    value = _logistic(total)
    # Names alone cannot tell namesakes apart: a verdict needs the birth dates to agree, and
    # where they agree only on the year, the names must agree better than a typo would.
    date_weight = evidence[0].weight
    vague = date_weight < DATE_SAME_PLACEHOLDER and any(lv >= Level.TYPO for lv in names.levels)
    veto = (
        names.veto
        or any(e.veto for e in evidence)
        or names.matched == 0
        or date_weight <= 0
        or vague
    )
    notes: list[_Note] = [*names.notes, *(e for e in evidence if e.code is not None)]
    duplicate = value >= DUPLICATE_SCORE and not veto
    withheld = False
    if duplicate and evidence[0].weak and not _corroborated(q, r, names, evidence):
        duplicate, withheld = False, True
        notes.append(reason("verdict.uncorroborated"))
    close = all(level < Level.TYPO for level in names.levels)
    namesake = names.matched >= 2 and close
    parts = (1 if q.name.family else 0) + (1 if q.name.given else 0)
    return Match(
        round(value, 4),
        duplicate,
        tuple(notes),
        namesake,
        withheld,
        name_agrees=parts > 0 and names.matched >= parts and close,
        contradicted=any(e.veto for e in evidence),
    )


def settle(scored: list[tuple[K, Match]], complete: bool) -> list[tuple[K, Match]]:
    """Give a withheld verdict after all when the registry has no namesake to confuse it with.

    A birth year (or a 01.01. placeholder) cannot tell namesakes apart, so on its own it earns
    no duplicate verdict. But when a search's candidates hold exactly one person whose name
    agrees, there is no namesake: the name and the year together point at that person. The
    candidates must be `complete` (no key skipped for being too common), or a common name's
    namesakes could be missing from them.
    """
    if not complete:
        return scored
    namesakes = [i for i, (_, m) in enumerate(scored) if m.namesake]
    if len(namesakes) != 1 or not scored[namesakes[0]][1].withheld:
        return scored
    i = namesakes[0]
    key, m = scored[i]
    notes = [
        n for n in m.notes if not (isinstance(n, Reason) and n.code == "verdict.uncorroborated")
    ]
    notes.append(reason("verdict.unique_name"))
    out = list(scored)
    out[i] = (key, replace(m, duplicate=True, notes=tuple(notes), withheld=False))
    return out


def score(query: Query | Record, record: Record) -> Match:
    """Compare a search (or another record) with a registered person."""
    return score_features(features(query), features(record))
