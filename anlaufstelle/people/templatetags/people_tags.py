"""Display helpers for people pages: language names, and the script of a name for `lang`."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.matching import Match, Strength
from anlaufstelle.people import reasons
from anlaufstelle.people.models import Person

register = template.Library()

# Unicode character-name prefixes → ISO 15924 script codes. A name in original script has no
# known language (Cyrillic may be Ukrainian or Russian), but its script is certain, and
# `lang="und-Cyrl"` is enough for screen readers and fonts.
_SCRIPTS = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "ARABIC": "Arab",
    "GREEK": "Grek",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "ETHIOPIC": "Ethi",
    "HEBREW": "Hebr",
    "DEVANAGARI": "Deva",
    "CJK": "Hani",
    "HANGUL": "Hang",
    "THAI": "Thai",
}


@register.filter
def script_lang(text: str) -> str:
    scripts: Counter[str] = Counter()
    for char in text or "":
        if char.isalpha():
            prefix = unicodedata.name(char, "").split(" ")[0]
            if prefix in _SCRIPTS:
                scripts[_SCRIPTS[prefix]] += 1
    return f"und-{scripts.most_common(1)[0][0]}" if scripts else "und"


@register.filter
def language_name(code: str) -> str:
    return str(SPOKEN_LANGUAGES.get(code, code))


@register.filter
def language_names(codes: Iterable[str]) -> str:
    return ", ".join(language_name(code) for code in codes or ())


@register.filter
def country_names(countries: Iterable[object]) -> str:
    return ", ".join(str(getattr(country, "name", country)) for country in countries or ())


@register.filter
def explain(match: Match) -> list[str]:
    """The matching core's reasons for a match, in the page's language."""
    return reasons.explain(match)


# What a match rests on, in words: the core's score orders the results but is no probability
# (an exact family name alone scores 12 %), so the page shows the core's verdict instead.
STRENGTH_LABELS: dict[Strength, Promise] = {
    Strength.SAME_PERSON: _("probably the same person"),
    Strength.NAME_MATCHES: _("name matches"),
    Strength.NAME_ONLY: _("name matches, other details differ"),
    Strength.SIMILAR: _("only similar"),
}
# KERN badge colours; an only similar name gets the plain badge.
STRENGTH_BADGES: dict[Strength, str] = {
    Strength.SAME_PERSON: "success",
    Strength.NAME_MATCHES: "info",
    Strength.NAME_ONLY: "warning",
    Strength.SIMILAR: "",
}


@register.filter
def strength(match: Match) -> str:
    return str(STRENGTH_LABELS[match.strength])


@register.filter
def strength_badge(match: Match) -> str:
    return STRENGTH_BADGES[match.strength]


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    if key in mapping:
        return mapping[key]
    try:
        return mapping.get(int(key))
    except (TypeError, ValueError):
        return None


@register.filter
def field_labels(names: Iterable[str]) -> str:
    """Labels of the named fields of a person, e.g. the fields a merge fills."""
    labels = []
    for name in names or ():
        try:
            # A reverse relation has no verbose name of its own: then the field's name.
            labels.append(str(getattr(Person._meta.get_field(name), "verbose_name", name)))
        except FieldDoesNotExist:
            labels.append(name)
    return ", ".join(labels)
