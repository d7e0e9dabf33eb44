"""Structured reasons for a match, so that the web layer can translate them.

A reason is a code plus named parameters; :meth:`Reason.describe` renders the English text.
The codes are stable: a translation catalogue may key on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

TEMPLATES: Final[dict[str, str]] = {
    "name.exact": "{part}: same ({query})",
    "name.translit": "{part}: same in transliteration ({query} ≈ {record})",
    "name.form": "{part}: another language's form of the same name ({query} ≈ {record})",
    "name.consonants": "{part}: same consonants, vowels spelt differently ({query} ≈ {record})",
    "name.typo": "{part}: similar spelling, probably a typo ({query} ≈ {record})",
    "name.different": "{part}: different ({query} ≠ {record})",
    "name.extra": "{part}: {query} does not occur in the record",
    "name.swapped": "given and family names are swapped",
    "name.missing": "{part}: not in the search",
    "date.same": "birth date: same ({query})",
    "date.same_placeholder": "birth date: same, but 01.01. may be a placeholder ({query})",
    "date.daymonth": "birth date: day and month swapped ({query} ~ {record})",
    "date.year_placeholder": "birth date: year matches, day is a 01.01. placeholder "
    "({query} ~ {record})",
    "date.year_only": "birth date: year matches, only the year is known ({query} ~ {record})",
    "date.day_typo": "birth date: same month, day differs by one digit ({query} ≠ {record})",
    "date.different": "birth date: different ({query} ≠ {record})",
    "date.year_close": "birth date: years one apart, one of them only estimated "
    "({query} ~ {record})",
    "date.year_different": "birth date: different year ({query} ≠ {record})",
    "date.unknown": "birth date: not known on one side",
    "sex.same": "sex: same ({query})",
    "sex.different": "sex: different ({query} ≠ {record})",
    "nationality.same": "nationality: same ({query})",
    "nationality.related": "nationality: {query} vs {record}, often confused, weak evidence",
    "nationality.different": "nationality: different ({query} ≠ {record})",
    "place.same": "birth place: same in transliteration ({query} ≈ {record})",
    "place.similar": "birth place: similar spelling ({query} ≈ {record})",
    "place.different": "birth place: different ({query} ≠ {record})",
    "verdict.uncorroborated": "not marked as a duplicate: the birth dates agree only on the "
    "year (or on a 01.01. placeholder) and nothing else confirms it, so this may be a namesake",
    "verdict.unique_name": "marked as a duplicate although the birth dates agree only on the "
    "year (or on a 01.01. placeholder): nobody else in the registry has this name",
}


@dataclass(frozen=True, slots=True)
class Reason:
    """One piece of evidence: a stable code, its parameters and its weight in the score."""

    code: str
    params: tuple[tuple[str, str], ...] = ()
    weight: float = 0.0

    @property
    def param_dict(self) -> dict[str, str]:
        return dict(self.params)

    def describe(self) -> str:
        template = TEMPLATES.get(self.code, self.code)
        try:
            return template.format(**self.param_dict)
        except KeyError:
            return template

    def __str__(self) -> str:
        return self.describe()


def reason(code: str, weight: float = 0.0, **params: str) -> Reason:
    return Reason(code, tuple(sorted(params.items())), weight)
