"""Name tokens with all their keys, and how similar two tokens are.

A token is one word of a name (a given name, a family name, an Arabic compound such as
Abd al-Rahman). It carries every spelling the matcher believes in: its romanisations if it was
written in Cyrillic, its phonetic strings, consonant skeletons and the name-form groups it
belongs to. Comparing two tokens is then a matter of finding the closest kind of agreement.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import OSA

from .arabic import (
    is_arabic_token,
    join_latin_tokens,
    join_script_tokens,
    latin_alternatives,
    script_skeletons,
)
from .names_data import NAME_FORMS
from .phonetic import Style, guess_style, phonetic, skeleton_of
from .text import Script, detect_script, fold, tokens
from .translit import latin_variants

# Nationalities whose names are East Slavic or otherwise never carry an Arabic article; for
# these a leading "Al" is part of the name (Alina, Albert), not al-.
SLAVIC_NATIONALITIES: Final = frozenset({"UKR", "RUS", "BLR", "MDA", "POL", "DEU", "ROU"})
_TURKISH_LETTERS: Final = frozenset("şğıİçŞĞÇ")
_PATRONYMIC_ENDINGS: Final = (
    "ovych", "ovich", "evych", "evich", "ivna", "ovna", "evna", "ichna", "ych", "ivich",
    "ovytsch", "owitsch", "ewitsch", "owna", "ewna", "iivna", "iiovych", "yovych",
)  # fmt: skip


class Level(IntEnum):
    """Kinds of agreement between two name tokens, best first."""

    EXACT = 0
    TRANSLIT = 1  # same sounds in another transliteration or script
    FORM = 2  # another language's form of the same given name
    CONSONANTS = 3  # same consonants, vowels spelt differently
    TYPO = 4  # one or two keystrokes apart
    DIFFERENT = 5


@dataclass(frozen=True, slots=True)
class NameToken:
    text: str  # the token as written (folded), for explanations
    script: Script
    latin: frozenset[str]
    phon: frozenset[str]
    skel: frozenset[str]
    groups: frozenset[str]
    cv: frozenset[str] = frozenset()  # phonetic strings with every vowel class as V
    # The phonetic readings of the word as written (not of a stripped article or joint),
    # most likely first: what the given-name listing stores and looks up.
    readings: tuple[str, ...] = ()

    @property
    def is_patronymic(self) -> bool:
        return any(
            lat.endswith(_PATRONYMIC_ENDINGS) and len(lat) > 6 for lat in self.latin | {self.text}
        )


def _style_for(scheme_is_german: bool) -> Style:
    return Style.GERMAN if scheme_is_german else Style.ENGLISH


def _cyrillic_token(word: str, script: Script) -> tuple[frozenset[str], tuple[str, ...]]:
    """The romanisations of a Cyrillic word and their phonetic strings, most common first."""
    latin: set[str] = set()
    phon: dict[str, None] = {}
    for spelling, scheme in latin_variants(word, script):
        latin.add(spelling)
        phon.update(dict.fromkeys(phonetic(spelling, _style_for(scheme.is_german))))
    return frozenset(latin), tuple(phon)


class _FormTable:
    """Name-form groups looked up by phonetic string or by exact script spelling."""

    def __init__(self, lines: tuple[str, ...]) -> None:
        self.by_phon: dict[str, set[str]] = {}
        self.by_script: dict[str, set[str]] = {}
        for line in lines:
            label, *forms = line.split()
            group = fold(label)
            for form in (label, *forms):
                for tok in tokens(form):
                    script = detect_script(tok)
                    if script.is_arabic:
                        key = _strip_article_script(tok)
                        self.by_script.setdefault(key, set()).add(group)
                        continue
                    phons: Iterable[str]
                    if script.is_cyrillic:
                        self.by_script.setdefault(tok, set()).add(group)
                        _, phons = _cyrillic_token(tok, script)
                    else:
                        phons = phonetic(tok)
                    for p in phons:
                        self.by_phon.setdefault(p, set()).add(group)

    def lookup(self, script_form: str | None, phons: frozenset[str]) -> frozenset[str]:
        found: set[str] = set()
        if script_form is not None:
            found.update(self.by_script.get(script_form, ()))
        for p in phons:
            found.update(self.by_phon.get(p, ()))
        return frozenset(found)


def _strip_article_script(tok: str) -> str:
    return tok[2:] if tok.startswith("ال") and len(tok) > 3 else tok


_FORMS = _FormTable(NAME_FORMS)
# Vowel quality is what transliterations (and Arabic, Persian and Turkish pronunciations of
# one name: Ali, Eli; Yusuf, Yosof) disagree on most; vowel positions they keep.
_VOWELS_TO_V = str.maketrans("AEO", "VVV")


@lru_cache(maxsize=65536)
def make_token(word: str, script: Script, style: Style, arabic_context: bool) -> NameToken:
    """All keys of one folded word."""
    if script.is_arabic or is_arabic_token(word):
        skel = frozenset(script_skeletons(word))
        groups = _FORMS.lookup(_strip_article_script(word), frozenset())
        return NameToken(word, script, frozenset(), frozenset(), skel, groups)
    if script.is_cyrillic:
        latin, readings = _cyrillic_token(word, script)
        phon = frozenset(readings)
        groups = _FORMS.lookup(word, phon)
    else:
        alternatives = latin_alternatives(word, arabic_context)
        latin = frozenset(alternatives)
        by_alt = [phonetic(alt, style, arabic=arabic_context) for alt in alternatives]
        readings = by_alt[0]
        phon = frozenset(p for alt in by_alt for p in alt)
        groups = _FORMS.lookup(None, phon)
    skel = frozenset(skeleton_of(p) for p in phon)
    cv = frozenset(p.translate(_VOWELS_TO_V) for p in phon)
    return NameToken(word, script, latin, phon, skel, groups, cv, readings)


@lru_cache(maxsize=65536)
def name_tokens(
    text: str | None, *, style: Style, arabic_context: bool, script: Script | None = None
) -> tuple[NameToken, ...]:
    """Tokens of one name field (given names, family name or an original-script name)."""
    words = tokens(text)
    if not words:
        return ()
    script = script or detect_script(text)
    if script.is_arabic:
        words = join_script_tokens(words)
    elif not script.is_cyrillic:
        words = join_latin_tokens(words)
    out: list[NameToken] = []
    for w in words:
        word_script = detect_script(w)
        if word_script is Script.CYRILLIC and script in (Script.UKRAINIAN, Script.RUSSIAN):
            # Олександр alone could be either language; Ґоляш beside it decides.
            word_script = script
        out.append(make_token(w, word_script, style, arabic_context))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PersonName:
    """The name parts of a person, each a bag of alternative tokens.

    A record's bags hold both its passport spelling and the tokens of its original-script
    name, so a query may hit either.
    """

    given: tuple[NameToken, ...]
    family: tuple[NameToken, ...]

    @property
    def all_tokens(self) -> tuple[NameToken, ...]:
        return self.given + self.family


# A registry holds many people of the same name: a search meets them again and again.
@lru_cache(maxsize=65536)
def build_name(
    given_names: str | None,
    family_name: str | None,
    name_original: str | None,
    nationality: str | None,
) -> PersonName:
    raw = " ".join(t for t in (given_names, family_name) if t)
    # Markers are read before diacritics are resolved: the zh that fold() makes of ž says
    # nothing about English spelling.
    style = guess_style(unicodedata.normalize("NFKC", raw).casefold())
    if style is Style.UNKNOWN and (nationality == "TUR" or any(c in _TURKISH_LETTERS for c in raw)):
        style = Style.TURKISH
    orig_script = detect_script(name_original)
    field_scripts = {detect_script(given_names), detect_script(family_name)}
    slavic = (
        nationality in SLAVIC_NATIONALITIES
        or orig_script.is_cyrillic
        or any(s.is_cyrillic for s in field_scripts)
    )
    arabic_context = not slavic
    given = name_tokens(given_names, style=style, arabic_context=arabic_context)
    family = name_tokens(family_name, style=style, arabic_context=arabic_context)
    if name_original:
        original = name_tokens(name_original, style=style, arabic_context=arabic_context)
        # The contract writes the original as "given family": the last word is the family name.
        if len(original) >= 2:
            given = given + original[:-1]
            family = family + original[-1:]
        elif original and not family:
            family = original
    return PersonName(given, family)


@dataclass(frozen=True, slots=True)
class TokenMatch:
    level: Level
    value: float  # 1.0 for the same spelling, down to 0 for nothing in common
    query: str
    record: str


_LEVEL_VALUES: Final = {
    Level.EXACT: 1.0,
    Level.TRANSLIT: 0.97,
    Level.FORM: 0.92,
    Level.CONSONANTS: 0.9,
}


def _fuzzy(a: frozenset[str], b: frozenset[str], min_len: int) -> float:
    best = 0.0
    for x in a:
        for y in b:
            longest = max(len(x), len(y))
            if longest < min_len:
                continue
            d = OSA.distance(x, y, score_cutoff=2)
            if d > 2:
                continue
            # One edit in a short key says less than one edit in a long one, but names of
            # three or four letters must still survive one typo.
            best = max(best, 1.0 - d / max(longest, 4))
    return best


TYPO_SIMILARITY: Final = 0.7


@lru_cache(maxsize=262144)
def compare_tokens(q: NameToken, r: NameToken) -> TokenMatch:
    written_alike = q.script is Script.LATIN and r.script is Script.LATIN and q.latin & r.latin
    if q.text == r.text or written_alike:
        return TokenMatch(Level.EXACT, 1.0, q.text, r.text)
    either_script_only = not q.phon or not r.phon
    # A spelling shared only through a romanisation table is a transliteration, not the same.
    if q.latin & r.latin or q.phon & r.phon or (either_script_only and q.skel & r.skel):
        return TokenMatch(Level.TRANSLIT, _LEVEL_VALUES[Level.TRANSLIT], q.text, r.text)
    if q.groups & r.groups:
        return TokenMatch(Level.FORM, _LEVEL_VALUES[Level.FORM], q.text, r.text)
    if any(len(s) >= 2 for s in q.skel & r.skel) or any(len(s) >= 3 for s in q.cv & r.cv):
        return TokenMatch(Level.CONSONANTS, _LEVEL_VALUES[Level.CONSONANTS], q.text, r.text)
    sim = max(_fuzzy(q.latin, r.latin, 4), _fuzzy(q.phon, r.phon, 3))
    if either_script_only:
        # Arabic script has no vowels to compare: the skeleton is all there is, and it is
        # short, so one edit in it says less (Hamid and Mahdi are one swap apart).
        sim = max(sim, _fuzzy(q.skel, r.skel, 3) - 0.05)
    if sim >= TYPO_SIMILARITY:
        return TokenMatch(Level.TYPO, min(sim, 0.89), q.text, r.text)
    return TokenMatch(Level.DIFFERENT, sim, q.text, r.text)


def best_match(q: NameToken, bag: tuple[NameToken, ...]) -> TokenMatch | None:
    best: TokenMatch | None = None
    for r in bag:
        m = compare_tokens(q, r)
        if best is None or (m.level, -m.value) < (best.level, -best.value):
            best = m
            if m.level is Level.EXACT:
                break
    return best


def name_variants(text: str) -> list[str]:
    """Plausible Latin spellings of a name, for display ("also searched as").

    Олександр gives Oleksandr (and Olexandr), plus the forms of the name in other languages
    (Alexander); Щербак gives Shcherbak and Schtscherbak.
    """
    out: dict[str, None] = {}
    for word in tokens(text):
        script = detect_script(word)
        if script.is_cyrillic:
            spellings = [v for v, _ in latin_variants(word, script)]
        elif script.is_arabic:
            spellings = []
        else:
            spellings = [word]
        for v in spellings:
            out.setdefault(v, None)
            if "ks" in v:
                out.setdefault(v.replace("ks", "x"), None)
            if v.endswith(("iia", "iya")):
                out.setdefault(v[:-3] + "ia", None)  # the everyday Yulia, Mariia → Maria
        tok = make_token(word, script, Style.UNKNOWN, arabic_context=not script.is_cyrillic)
        for group in sorted(tok.groups):
            out.setdefault(group, None)
    return [v[:1].upper() + v[1:] for v in out]
