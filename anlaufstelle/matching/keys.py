"""Blocking keys: short strings stored per person so candidates can be looked up by index.

A search must find the right person among a million without comparing with each, so every
person is stored under a few short keys and a search looks up its own keys. All keys are built
from consonant skeletons (:mod:`anlaufstelle.matching.phonetic`), which already equal each
other across transliterations and scripts. To survive what the skeleton does not absorb:

``f<skeleton>.<initial>``
    family-name skeleton and the first consonant class of the given name; also for every
    skeleton with one class deleted, so that one typo (deletion, insertion, substitution or
    swap of neighbours) in the family name still meets one stored key (a symmetric-deletion
    index, as in SymSpell).
``g<skeleton>.<initial>``
    the same for the given name against the family initial.
``y<skeleton>.<year>``
    family or given skeleton with the birth year: finds the Alexander stored as Oleksandr.
``n<group>.<skeleton>``
    name-form group of the given name with the family skeleton, for searches without a date.
``d<date>.<initial>``
    an exact birth date (not 01.01.) with the family initial, for names distorted twice.
``F<skeleton>``
    the family skeleton alone, only for searches that have nothing else.
``G<phonetic>`` and ``N<group>``
    each reading of the first given name, and its name-form groups: for a search of one name
    word, which may be a given name alone (:func:`given_name_keys`). A common given name is
    held by thousands, so these keys list people (capped) rather than rank candidates, and the
    duplicate report does not walk them (:data:`LISTING_KEY_PREFIXES`).

A search builds its keys for both orders of the name parts, so swapped names meet the stored
keys, and for the neighbouring years when its own date is vague.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from .model import BirthDate, Query, Record
from .names import NameToken, PersonName
from .scoring import features

MAX_RECORD_KEYS: Final = 30
# Readings of a given name stored for the listing: an Arabic or Persian name with two e's has
# more, and its far-fetched ones (every e read otherwise) meet a search's own readings anyway.
MAX_GIVEN_READINGS: Final = 6
# Prefixes of the given-name listing keys.
_GIVEN: Final = "G"
_GIVEN_FORM: Final = "N"
# Keys that serve the listing only: no candidate look-up, no block of the duplicate report.
LISTING_KEY_PREFIXES: Final = (_GIVEN, _GIVEN_FORM)
_MIN_DELETION_LEN: Final = 3  # deleting from shorter skeletons makes keys too common


def _deletions(skel: str) -> set[str]:
    out = {skel}
    if len(skel) >= _MIN_DELETION_LEN:
        out.update(skel[:i] + skel[i + 1 :] for i in range(len(skel)))
    return out


def _skeletons(toks: Iterable[NameToken]) -> list[str]:
    seen: dict[str, None] = {}
    for tok in toks:
        for s in sorted(tok.skel, key=len, reverse=True):
            if s:
                seen.setdefault(s, None)
    return list(seen)


def _initials(skels: list[str]) -> list[str]:
    return list(dict.fromkeys(s[0] for s in skels)) or ["_"]


def _primary_given(name: PersonName) -> list[NameToken]:
    """The first given name of each spelling (passport and original script)."""
    out: list[NameToken] = []
    seen_scripts: set[str] = set()
    for tok in name.given:
        kind = "script" if not tok.phon or not tok.text.isascii() else "latin"
        if kind not in seen_scripts:
            seen_scripts.add(kind)
            out.append(tok)
    return out


def _exact_date(d: BirthDate | None) -> str | None:
    return d.isoformat() if d is not None and d.is_exact else None


def index_keys(record: Record) -> set[str]:
    """The keys a person is stored under (at most :data:`MAX_RECORD_KEYS`)."""
    feats = features(record)
    name = feats.name
    fam = _skeletons(name.family)
    given_toks = _primary_given(name)
    giv = _skeletons(given_toks)
    groups = sorted({g for t in given_toks for g in t.groups})
    year = record.birth_date.year if record.birth_date else None
    date = _exact_date(record.birth_date)
    g_init = _initials(giv)
    f_init = _initials(fam)

    # Most useful first, so that trimming to the budget drops the least useful.
    keys: dict[str, None] = {}

    def add(k: str) -> None:
        keys.setdefault(k, None)

    for f in fam:
        for gi in g_init:
            add(f"f{f}.{gi}")
    for g in giv:
        for fi in f_init:
            add(f"g{g}.{fi}")
    if year is not None:
        for s in fam + giv:
            add(f"y{s}.{year}")
    for grp in groups:
        for f in fam[:2]:
            add(f"n{grp}.{f}")
    if date is not None:
        for fi in f_init:
            add(f"d{date}.{fi}")
    for f in fam[:2]:
        add(f"F{f}")
    for tok in given_toks:
        for p in tok.readings[:MAX_GIVEN_READINGS]:
            add(f"{_GIVEN}{p}")
    for grp in groups:
        add(f"{_GIVEN_FORM}{grp}")
    for f in fam:
        for d in sorted(_deletions(f) - {f}):
            for gi in g_init:
                add(f"f{d}.{gi}")
    for g in giv:
        for d in sorted(_deletions(g) - {g}):
            for fi in f_init:
                add(f"g{d}.{fi}")
    return set(list(keys)[:MAX_RECORD_KEYS])


def _query_parts(name: PersonName) -> list[tuple[list[str], list[str], list[NameToken]]]:
    fam = _skeletons(name.family)
    giv = _skeletons(name.given)
    out = [(fam, giv, list(name.given))]
    if fam or giv:
        out.append((giv, fam, list(name.family)))  # the parts may be swapped
    return out


def query_keys(query: Query) -> set[str]:
    """The keys to look up for a search: more than a record stores, to meet any of them."""
    name = features(query).name
    d = query.birth_date
    years: list[int] = []
    if d is not None:
        years = [d.year] if d.is_exact else [d.year, d.year - 1, d.year + 1]
    date = _exact_date(d)
    keys: set[str] = set()
    for fam, giv, given_toks in _query_parts(name):
        g_init = _initials(giv)
        f_init = _initials(fam)
        for f in fam:
            for d_ in _deletions(f):
                for gi in g_init:
                    keys.add(f"f{d_}.{gi}")
        for g in giv:
            for d_ in _deletions(g):
                for fi in f_init:
                    keys.add(f"g{d_}.{fi}")
        for s in fam + giv:
            for y in years:
                keys.add(f"y{s}.{y}")
        for grp in {g for t in given_toks for g in t.groups}:
            for f in fam:
                keys.add(f"n{grp}.{f}")
        if date is not None:
            for fi in f_init:
                keys.add(f"d{date}.{fi}")
        if (fam and not giv) or (fam and date is None):
            # Without a full date a changed given-name initial (a typo, Helena for Olena)
            # would leave no key: the family name alone must do.
            for f in fam:
                keys.add(f"F{f}")
        if giv and not fam:
            for g in giv:
                keys.add(f"F{g}")
    return keys


def one_word(query: Query) -> bool:
    """Whether the search is a single name word, which may be a given name alone."""
    if query.given_names or query.family_name or not query.name_original:
        return False
    name = features(query).name
    return not name.given and len(name.family) == 1


def given_name_keys(query: Query) -> list[list[str]]:
    """For a search of one name word: the keys of the people with that given name, in tiers,
    best first — the same name in any spelling or script (Mohammed, Mohammad, Muhammad;
    Олександр, Oleksandr), then other languages' forms of it (Alexander, Mehmet). Empty when
    the search is more than one word."""
    if not one_word(query):
        return []
    [tok] = features(query).name.family
    spellings = [f"{_GIVEN}{p}" for p in tok.readings]
    forms = sorted(f"{_GIVEN_FORM}{g}" for g in tok.groups)
    return [tier for tier in (spellings, forms) if tier]
