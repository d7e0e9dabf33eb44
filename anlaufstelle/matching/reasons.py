"""Structured reasons for a match, so that the web layer can translate them.

A reason is a code plus named parameters. :data:`TEMPLATES` is the one table of their English
%-style templates: :meth:`Reason.describe` renders the English (``template % params``), and the
web layer says the same in the staff's language with ``gettext(template) % params``
(anlaufstelle/people/reasons.py). The templates are wrapped in :func:`gettext_noop` so that
Django's ``makemessages`` extracts them; there is no second table to keep in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


def gettext_noop(message: str) -> str:
    """Mark a template for extraction by makemessages (which knows this name); return it as is.

    The core cannot import Django, whose function of the same name does the same."""
    return message


TEMPLATES: Final[dict[str, str]] = {
    # Translators: %(part)s is "family name" or "given name"; %(query)s is what the search
    # says, %(record)s what the registry holds.
    "name.exact": gettext_noop("%(part)s: same (%(query)s)"),
    "name.translit": gettext_noop("%(part)s: same in transliteration (%(query)s ≈ %(record)s)"),
    "name.form": gettext_noop(
        "%(part)s: another language's form of the same name (%(query)s ≈ %(record)s)"
    ),
    "name.consonants": gettext_noop(
        "%(part)s: same consonants, vowels spelt differently (%(query)s ≈ %(record)s)"
    ),
    "name.typo": gettext_noop(
        "%(part)s: similar spelling, probably a typo (%(query)s ≈ %(record)s)"
    ),
    "name.different": gettext_noop("%(part)s: different (%(query)s ≠ %(record)s)"),
    "name.extra": gettext_noop("%(part)s: %(query)s does not occur in the record"),
    "name.swapped": gettext_noop("given and family names are swapped"),
    "name.missing": gettext_noop("%(part)s: not in the search"),
    "date.same": gettext_noop("birth date: same (%(query)s)"),
    "date.same_placeholder": gettext_noop(
        "birth date: same, but 01.01. may be a placeholder (%(query)s)"
    ),
    "date.daymonth": gettext_noop("birth date: day and month swapped (%(query)s ~ %(record)s)"),
    "date.year_placeholder": gettext_noop(
        "birth date: year matches, day is a 01.01. placeholder (%(query)s ~ %(record)s)"
    ),
    "date.year_only": gettext_noop(
        "birth date: year matches, only the year is known (%(query)s ~ %(record)s)"
    ),
    "date.day_typo": gettext_noop(
        "birth date: same month, day differs by one digit (%(query)s ≠ %(record)s)"
    ),
    "date.different": gettext_noop("birth date: different (%(query)s ≠ %(record)s)"),
    "date.year_close": gettext_noop(
        "birth date: years one apart, one of them only estimated (%(query)s ~ %(record)s)"
    ),
    "date.year_different": gettext_noop("birth date: different year (%(query)s ≠ %(record)s)"),
    "date.unknown": gettext_noop("birth date: not known on one side"),
    "sex.same": gettext_noop("sex: same (%(query)s)"),
    "sex.different": gettext_noop("sex: different (%(query)s ≠ %(record)s)"),
    "nationality.same": gettext_noop("nationality: same (%(query)s)"),
    "nationality.related": gettext_noop(
        "nationality: %(query)s vs %(record)s, often confused, weak evidence"
    ),
    "nationality.different": gettext_noop("nationality: different (%(query)s ≠ %(record)s)"),
    "place.same": gettext_noop("birth place: same in transliteration (%(query)s ≈ %(record)s)"),
    "place.similar": gettext_noop("birth place: similar spelling (%(query)s ≈ %(record)s)"),
    "place.different": gettext_noop("birth place: different (%(query)s ≠ %(record)s)"),
    "verdict.uncorroborated": gettext_noop(
        "not marked as a duplicate: the birth dates agree only on the year (or on a 01.01. "
        "placeholder) and nothing else confirms it, so this may be a namesake"
    ),
    "verdict.unique_name": gettext_noop(
        "marked as a duplicate although the birth dates agree only on the year (or on a "
        "01.01. placeholder): nobody else in the registry has this name"
    ),
}

# The words the reasons use for a part of a name (parameter "part"), said in the staff's
# language by the web layer like the templates.
FAMILY_NAME: Final = gettext_noop("family name")
GIVEN_NAME: Final = gettext_noop("given name")


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
            return template % self.param_dict
        except (KeyError, TypeError, ValueError):
            return template

    def __str__(self) -> str:
        return self.describe()


def reason(code: str, weight: float = 0.0, **params: str) -> Reason:
    return Reason(code, tuple(sorted(params.items())), weight)
