"""The matching core's reasons in the staff's language.

The core explains a match with stable codes and parameters (anlaufstelle/matching/reasons.py)
and renders English only. Here each code has a translatable template; a code the core adds
later and this table does not know yet falls back to the core's English text.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.messages import translate
from anlaufstelle.matching import Match, Reason

REASON_TEXTS: dict[str, Promise] = {
    "name.exact": _("%(part)s: same (%(query)s)"),
    "name.translit": _("%(part)s: same in transliteration (%(query)s ≈ %(record)s)"),
    "name.form": _("%(part)s: another language's form of the same name (%(query)s ≈ %(record)s)"),
    "name.consonants": _(
        "%(part)s: same consonants, vowels spelt differently (%(query)s ≈ %(record)s)"
    ),
    "name.typo": _("%(part)s: similar spelling, probably a typo (%(query)s ≈ %(record)s)"),
    "name.different": _("%(part)s: different (%(query)s ≠ %(record)s)"),
    "name.extra": _("%(part)s: %(query)s does not occur in the record"),
    "name.swapped": _("given and family names are swapped"),
    "name.missing": _("%(part)s: not in the search"),
    "date.same": _("birth date: same (%(query)s)"),
    "date.same_placeholder": _("birth date: same, but 01.01. may be a placeholder (%(query)s)"),
    "date.daymonth": _("birth date: day and month swapped (%(query)s ~ %(record)s)"),
    "date.year_placeholder": _(
        "birth date: year matches, day is a 01.01. placeholder (%(query)s ~ %(record)s)"
    ),
    "date.year_only": _(
        "birth date: year matches, only the year is known (%(query)s ~ %(record)s)"
    ),
    "date.day_typo": _("birth date: same month, day differs by one digit (%(query)s ≠ %(record)s)"),
    "date.different": _("birth date: different (%(query)s ≠ %(record)s)"),
    "date.year_close": _(
        "birth date: years one apart, one of them only estimated (%(query)s ~ %(record)s)"
    ),
    "date.year_different": _("birth date: different year (%(query)s ≠ %(record)s)"),
    "date.unknown": _("birth date: not known on one side"),
    "sex.same": _("sex: same (%(query)s)"),
    "sex.different": _("sex: different (%(query)s ≠ %(record)s)"),
    "nationality.same": _("nationality: same (%(query)s)"),
    "nationality.related": _("nationality: %(query)s vs %(record)s, often confused, weak evidence"),
    "nationality.different": _("nationality: different (%(query)s ≠ %(record)s)"),
    "place.same": _("birth place: same in transliteration (%(query)s ≈ %(record)s)"),
    "place.similar": _("birth place: similar spelling (%(query)s ≈ %(record)s)"),
    "place.different": _("birth place: different (%(query)s ≠ %(record)s)"),
    "verdict.uncorroborated": _(
        "not marked as a duplicate: the birth dates agree only on the year (or on a 01.01. "
        "placeholder) and nothing else confirms it, so this may be a namesake"
    ),
    "verdict.unique_name": _(
        "marked as a duplicate although the birth dates agree only on the year (or on a "
        "01.01. placeholder): nobody else in the registry has this name"
    ),
}

# The core names the part of a name in English; these are its words.
PART_NAMES: dict[str, Promise] = {
    "family name": _("family name"),
    "given name": _("given name"),
}


def describe(reason: Reason) -> str:
    params = reason.param_dict
    if "part" in params:
        params["part"] = str(PART_NAMES.get(params["part"], params["part"]))
    return translate(REASON_TEXTS, reason.code, params) or reason.describe()


def explain(match: Match) -> list[str]:
    """The reasons of a match, each a sentence for the page."""
    return [describe(reason) for reason in match.reasons]
