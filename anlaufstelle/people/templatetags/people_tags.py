"""Display helpers for people pages: language names, and the script of a name for `lang`."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

from django import template

from anlaufstelle.core.languages import SPOKEN_LANGUAGES

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
