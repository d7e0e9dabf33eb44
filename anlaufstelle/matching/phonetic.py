"""Phonetic keys that collapse the differences between transliteration conventions.

English Soundex keeps the first letter and codes English spelling; names here arrive spelt by
German, English, French, Polish, Turkish or passport (ICAO, KMU 2010) conventions, so the key
codes *sounds* into classes wide enough to hold every convention's spelling of the same sound:

=====  ==========================================================================
class  spellings
=====  ==========================================================================
X      sh sch ch(English/French) tsch tch zh j(English/French) dj dzh dsch cz sz
       (the post-alveolars ш ж ч щ and Arabic ج ش ژ چ: Shevchenko = Schewtschenko)
H      h kh ch(German) g gh (Ukrainian г is h, Russian г is g: Hanna = Ganna)
S      s z ss ts tz c(e/i) (German s is з, German z is ц: Selesnewa = Selezneva)
K      k q c(a/o/u) ck (c is also read as X where Turkish spelling is possible)
V      v w
F      f ph
T      t th ;  D: d dh
=====  ==========================================================================

Vowels fall into three classes (A; E = e i y and the glides j/й; O = o u), and a run of
vowels counts as its last member, which makes ia = ja = ya = iia = я and ii = ij = iy = ий.
The *phonetic string* keeps these vowel classes; the *skeleton* drops them, which is what
Arabic script (written without short vowels) can be compared on.

Where a Latin spelling is ambiguous (ch is х in German but ч in English; a leading j is й in
German but dʒ in English) every reading is kept, unless the rest of the name shows its
convention (sch or w mark German spelling, kh/sh/zh English).

Latin spellings of Arabic and Persian names write the unwritten short vowels as the writer
hears them: Persian and Turkish spelling write e for a short a (Ahmed, Mohammed, Mehdi), for a
short i (Esmail, Hamed) and for a short u (Yusef), where Arabic-style spelling writes a, i or u.
So in an Arabic or Persian context (``arabic=True``) an e may stand for any vowel class:
Mohammed, Mohammad and Muhammad then share a phonetic string, as محمد is one spelling. A, I and
O/U are not mixed with each other: Jamal (جمال) is not Jamil (جميل), Hassan (حسن) is not
Hossein (حسين).
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from functools import lru_cache
from itertools import combinations, product
from typing import Final

VOWEL_CLASSES: Final = frozenset("AEO")
MAX_VARIANTS: Final = 8


class Style(StrEnum):
    """The spelling convention a Latin name seems to follow."""

    UNKNOWN = "unknown"
    GERMAN = "german"  # ch = х, j = й
    ENGLISH = "english"  # ch = ч, j = dʒ (also French for the classes used here)
    TURKISH = "turkish"  # c = dʒ


def guess_style(folded_name: str) -> Style:
    """Guess the convention from markers anywhere in a folded full name."""
    german = "sch" in folded_name or "w" in folded_name.replace("aw", "").replace("ow", "")
    english = any(m in folded_name.replace("sch", "") for m in ("kh", "sh", "zh"))
    if german and not english:
        return Style.GERMAN
    if english and not german:
        return Style.ENGLISH
    return Style.UNKNOWN


# Longest spellings first; each maps to one or more readings (a reading is a string of
# classes, "" for a glide that only joins a vowel run, "~" for a sound that joins a vowel run).
_DIGRAPHS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("schtsch", ("X",)),
    ("shch", ("X",)),
    ("tsch", ("X",)),
    ("dsch", ("X",)),
    ("dzh", ("X",)),
    ("sch", ("X",)),
    ("tch", ("X",)),
    ("ch", ("H", "X")),  # resolved by style below
    ("sh", ("X",)),
    ("zh", ("X",)),
    ("dj", ("X",)),
    ("jj", ("X", "E")),  # Arabic doubled j (Najjar), or German yy (Sajjid)
    ("kh", ("H",)),
    ("gh", ("H", "K")),  # ghain, but Persian spells qaf gh too (Sadeghi = Sadiqi)
    ("ph", ("F",)),
    ("th", ("T",)),
    ("dh", ("D",)),
    ("ts", ("S",)),
    ("tz", ("S",)),
    ("cz", ("X",)),
    ("sz", ("X",)),
    ("ck", ("K",)),
    ("x", ("KS",)),
)
# The same spellings by their first letter, in the same order: a word is read letter by letter,
# and only the spellings that begin with the letter at hand can match there.
_DIGRAPHS_AT: Final[dict[str, tuple[tuple[str, tuple[str, ...]], ...]]] = {
    first: tuple(d for d in _DIGRAPHS if d[0][0] == first) for first in {d[0][0] for d in _DIGRAPHS}
}
_SINGLE: Final[dict[str, str]] = {
    "b": "B", "p": "P", "f": "F", "v": "V", "w": "V", "t": "T", "d": "D", "s": "S",
    "z": "S", "k": "K", "q": "K", "g": "H", "h": "H", "l": "L", "m": "M", "n": "N",
    "r": "R", "a": "A", "e": "E", "i": "E", "y": "E", "o": "O", "u": "O",
}  # fmt: skip
_LATIN_VOWELS: Final = frozenset("aeiouy")
_OU_NEXT: Final = frozenset("aeiy")


# An e in Arabic or Persian context: as written first, then the vowels it stands for.
_ARABIC_E: Final = ("E", "A", "O")


def _readings(word: str, style: Style, arabic: bool = False) -> list[tuple[str, ...]]:
    """Split a folded Latin word into sound units, each with its possible readings."""
    units: list[tuple[str, ...]] = []
    i = 0
    n = len(word)
    while i < n:
        for spelling, readings in _DIGRAPHS_AT.get(word[i], ()):
            if word.startswith(spelling, i):
                if spelling == "ch":
                    if style is Style.GERMAN:
                        readings = ("H",)
                    elif style in (Style.ENGLISH, Style.TURKISH):
                        readings = ("X",)
                elif spelling == "gh" and i > 0 and word[i - 1] == "z":
                    readings = ("H",)  # the Ukrainian national system's zgh for зг
                elif spelling == "jj" and style is not Style.UNKNOWN:
                    readings = ("E",) if style is Style.GERMAN else ("X",)
                units.append(readings)
                i += len(spelling)
                break
        else:
            ch = word[i]
            if ch == "j":
                prev = word[i - 1] if i else ""
                nxt = word[i + 1] if i + 1 < n else ""
                if (
                    style is Style.GERMAN
                    or nxt not in _LATIN_VOWELS
                    or (prev and prev not in _LATIN_VOWELS)
                ):
                    # German spelling; before a consonant or at the end (Andrij, Pryjmak,
                    # Žajvoron); after a consonant (Ljudmila, Wlasjuk): the glide й.
                    units.append(("E",))
                elif style in (Style.ENGLISH, Style.TURKISH):
                    units.append(("X",))
                else:
                    # Andrij and Pryjmak (й) or Majid and Khadija (ج): both readings.
                    units.append(("E", "X"))
            elif ch == "c":
                nxt = word[i + 1] if i + 1 < n else ""
                if style is Style.TURKISH:
                    units.append(("X",))
                elif nxt in ("e", "i", "y") and style is Style.UNKNOWN:
                    # Cecilia (s), but Cevad, Cemile, Necva in Turkish spelling (dʒ).
                    units.append(("S", "X"))
                elif nxt in ("e", "i", "y"):
                    units.append(("S",))
                elif style is Style.UNKNOWN:
                    # Yacoub (k), but Farac and Cemal in Turkish spelling (dʒ).
                    units.append(("K", "X"))
                else:
                    units.append(("K",))
            elif ch == "o" and word.startswith("u", i + 1) and word[i + 2 : i + 3] in _OU_NEXT:
                # French spelling writes w as ou before a vowel (Oualid = Walid, Djaouad =
                # Jawad); elsewhere ou is just the vowel u.
                units.append(("O", "V"))
                i += 2
                continue
            elif ch == "e" and arabic:
                units.append(_ARABIC_E)
            elif ch in _SINGLE:
                units.append((_SINGLE[ch],))
            # anything else (digits, stray marks) carries no sound we can use
            i += 1
    return units


def _finish(raw: str) -> str:
    """Collapse vowel runs to their last class, repeated classes, and a vowel-final h."""
    out: list[str] = []
    for c in raw:
        if c in VOWEL_CLASSES:
            if out and out[-1] in VOWEL_CLASSES:
                out[-1] = c
                continue
        elif out and out[-1] == c:
            continue
        out.append(c)
    # Final h after a vowel is Arabic ta marbuta or German lengthening (Aminah = Amina).
    if len(out) >= 2 and out[-1] == "H" and out[-2] in VOWEL_CLASSES:
        out.pop()
    return "".join(out)


def _combos(units: list[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    """Every choice of one reading per unit, the fewest departures from the first reading
    first: a cap on the variants then drops far-fetched readings, not the readings of the
    word's later letters."""
    first = tuple(u[0] for u in units)
    open_ = [i for i, u in enumerate(units) if len(u) > 1]
    yield first
    for k in range(1, len(open_) + 1):
        for where in combinations(open_, k):
            for picks in product(*(units[i][1:] for i in where)):
                combo = list(first)
                for i, pick in zip(where, picks, strict=True):
                    combo[i] = pick
                yield tuple(combo)


@lru_cache(maxsize=131072)
def phonetic(word: str, style: Style = Style.UNKNOWN, arabic: bool = False) -> tuple[str, ...]:
    """Phonetic strings of a folded Latin word: one per plausible reading, most likely first.
    `arabic` reads it as the spelling of an Arabic or Persian name (see the module's notes)."""
    units = _readings(word, style, arabic)
    results: list[str] = []
    for combo in _combos(units):
        key = _finish("".join(combo))
        if key not in results:
            results.append(key)
        if len(results) >= MAX_VARIANTS:
            break
    return tuple(results)


def skeleton_of(phon: str) -> str:
    """Drop the vowel classes of a phonetic string and collapse the repeats that leaves."""
    out: list[str] = []
    for c in phon:
        if c in VOWEL_CLASSES:
            continue
        if out and out[-1] == c:
            continue
        out.append(c)
    if out and out[-1] == "H":
        # Word-final h is silent or a vowel marker too often (Fatemeh, Abdallah, Oleh/Oleg).
        out.pop()
    return "".join(out)
