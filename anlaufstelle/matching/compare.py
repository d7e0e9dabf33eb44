"""Comparison of the non-name fields: birth date, sex, nationality, birth place.

Each comparison returns a weight (log-odds-like evidence: positive for agreement, negative for
disagreement, scaled so that a full matching birth date is worth about as much as a matching
family name), a reason, and whether the disagreement rules out a duplicate verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .model import BirthDate, Precision
from .names import Level, compare_tokens, name_tokens
from .phonetic import Style
from .reasons import Reason


@dataclass(frozen=True, slots=True)
class Evidence:
    weight: float
    # The reason's code and parameters (sorted by name), put into a `Reason` only when asked:
    # a search weighs a hundred candidates and explains the few it shows.
    code: str | None
    params: tuple[tuple[str, str], ...] = ()
    veto: bool = False
    # A birth-date agreement that many namesakes share: the year alone, or a 01.01. that may
    # be a placeholder. It supports a verdict only together with other corroborating evidence.
    weak: bool = False

    @property
    def reason(self) -> Reason | None:
        return None if self.code is None else Reason(self.code, self.params, self.weight)


DATE_SAME: Final = 8.0
DATE_SAME_PLACEHOLDER: Final = 4.0
DATE_DAYMONTH: Final = 4.0
DATE_YEAR: Final = 2.5
DATE_DAY_TYPO: Final = -1.5
DATE_DIFFERENT: Final = -7.0
DATE_YEAR_CLOSE: Final = -2.0
DATE_YEAR_DIFFERENT: Final = -9.0


def _one_digit_apart(a: int, b: int) -> bool:
    x, y = f"{a:02d}", f"{b:02d}"
    return sum(1 for i in range(2) if x[i] != y[i]) == 1


def compare_dates(q: BirthDate | None, r: BirthDate | None) -> Evidence:
    if q is None or r is None:
        return Evidence(0.0, "date.unknown")
    qs, rs = q.isoformat(), r.isoformat()

    def ev(code: str, weight: float, veto: bool = False, weak: bool = False) -> Evidence:
        return Evidence(weight, code, (("query", qs), ("record", rs)), veto, weak)

    if q.year != r.year:
        vague = not q.is_exact or not r.is_exact
        if abs(q.year - r.year) == 1 and vague:
            return ev("date.year_close", DATE_YEAR_CLOSE)
        return ev("date.year_different", DATE_YEAR_DIFFERENT, veto=True)
    if q.precision is Precision.DAY and r.precision is Precision.DAY:
        assert q.month is not None and q.day is not None
        assert r.month is not None and r.day is not None
        if q == r:
            if q.may_be_placeholder:
                return ev("date.same_placeholder", DATE_SAME_PLACEHOLDER, weak=True)
            return ev("date.same", DATE_SAME)
        if q.may_be_placeholder or r.may_be_placeholder:
            return ev("date.year_placeholder", DATE_YEAR, weak=True)
        if q.month == r.day and q.day == r.month:
            return ev("date.daymonth", DATE_DAYMONTH)
        if q.month == r.month and _one_digit_apart(q.day, r.day):
            return ev("date.day_typo", DATE_DAY_TYPO, veto=True)
        return ev("date.different", DATE_DIFFERENT, veto=True)
    months_differ = q.month is not None and r.month is not None and q.month != r.month
    if months_differ and not (q.may_be_placeholder or r.may_be_placeholder):
        return ev("date.different", DATE_DIFFERENT, veto=True)
    return ev("date.year_only", DATE_YEAR, weak=True)


SEX_SAME: Final = 0.6
SEX_DIFFERENT: Final = -4.0


def compare_sex(q: str | None, r: str | None) -> Evidence:
    if q not in ("f", "m") or r not in ("f", "m"):
        return Evidence(0.0, None)
    if q == r:
        return Evidence(SEX_SAME, "sex.same", (("query", q),))
    return Evidence(SEX_DIFFERENT, "sex.different", (("query", q), ("record", r)), True)


# Groups of nationalities that are recorded for each other often enough (a Russian-speaking
# Ukrainian, a Kurd from Syria registered as Turkish) that a mismatch says little.
_RELATED_NATIONALITIES: Final = (
    frozenset({"UKR", "RUS", "BLR", "MDA"}),
    frozenset({"SYR", "LBN", "IRQ", "JOR", "PSE", "TUR"}),
    frozenset({"IRN", "AFG", "TJK", "IRQ", "TUR"}),
    frozenset({"ERI", "ETH", "SOM", "SDN"}),
    frozenset({"GEO", "ARM", "AZE"}),
)
NAT_SAME: Final = 0.8
NAT_RELATED: Final = -0.3
NAT_DIFFERENT: Final = -1.5


def compare_nationality(q: str | None, r: str | None) -> Evidence:
    if q is None or r is None:
        return Evidence(0.0, None)
    if q == r:
        return Evidence(NAT_SAME, "nationality.same", (("query", q),))
    if any(q in g and r in g for g in _RELATED_NATIONALITIES):
        return Evidence(NAT_RELATED, "nationality.related", (("query", q), ("record", r)))
    return Evidence(NAT_DIFFERENT, "nationality.different", (("query", q), ("record", r)))


PLACE_SAME: Final = 1.5
PLACE_SIMILAR: Final = 0.5
PLACE_DIFFERENT: Final = -0.5


def compare_places(q: str | None, r: str | None) -> Evidence:
    if not q or not r:
        return Evidence(0.0, None)
    qt = name_tokens(q, style=Style.UNKNOWN, arabic_context=True)
    rt = name_tokens(r, style=Style.UNKNOWN, arabic_context=True)
    if not qt or not rt:
        return Evidence(0.0, None)
    best = min((compare_tokens(a, b) for a in qt for b in rt), key=lambda m: (m.level, -m.value))
    if best.level <= Level.CONSONANTS:
        return Evidence(PLACE_SAME, "place.same", (("query", q), ("record", r)))
    if best.level is Level.TYPO:
        return Evidence(PLACE_SIMILAR, "place.similar", (("query", q), ("record", r)))
    return Evidence(PLACE_DIFFERENT, "place.different", (("query", q), ("record", r)))
