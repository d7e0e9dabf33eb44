"""Search: the people who match a name, and the duplicate check of a registration."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.matching import BirthDate, Query, one_word
from anlaufstelle.people import namesearch
from anlaufstelle.people.models import Person
from anlaufstelle.people.services import pace
from anlaufstelle.people.services.base import audit, checked_purpose
from anlaufstelle.privacy import services as access

MIN_QUERY_LENGTH = 2
MAX_QUERY_TERMS = 6


@dataclass(frozen=True)
class SearchResult:
    hits: list[namesearch.Hit]
    # More people matched than were listed: the query should be narrowed, not paged through.
    truncated: bool
    # Part of the name is shared by so many people that it was not followed on its own.
    too_common: bool = False
    # How many people matched in all, where that is known: a given name alone lists the first
    # of its holders and counts the rest.
    total: int | None = None

    @property
    def people(self) -> list[Person]:
        return [hit.person for hit in self.hits]


def search_terms(query: str) -> list[str]:
    return unicodedata.normalize("NFC", query).split()[:MAX_QUERY_TERMS]


def _given_fields(**fields: Any) -> list[str]:
    # Which fields a search used, never their values: a name in the audit trail would be a
    # copy of the very data the trail protects.
    return [name for name, value in fields.items() if value]


@transaction.atomic
def search_people(
    *,
    user: Any,
    query: str,
    born: BirthDate | None = None,
    sex: str | None = None,
    nationality: str | None = None,
    limit: int = 25,
    exclude: Iterable[int] = (),
    purpose: str | None = None,
) -> SearchResult:
    """The people who best match a name in any script or spelling, ranked by the matching
    core, with its explanation; never a list of everyone. See `namesearch.text_query` for how
    the one name field is read."""
    checked = checked_purpose(user, purpose, write=False)
    terms = search_terms(query)
    letters = sum(1 for char in "".join(terms) if char.isalpha())
    if letters < MIN_QUERY_LENGTH:
        raise ValidationError(
            {"q": _("Enter at least %(n)d letters of a name.") % {"n": MIN_QUERY_LENGTH}}
        )
    pace.check_short_search(user, letters)
    wanted = namesearch.text_query(
        " ".join(terms), birth_date=born, sex=sex, nationality=nationality
    )
    # One word and no birth date may be a given name alone (reception often hears only that):
    # its holders are listed too. With a birth date the name keys find them with that year.
    if born is None and one_word(wanted):
        found = _with_given_name(wanted, exclude=exclude)
    else:
        found = namesearch.find(wanted, limit=limit, exclude=exclude)
    if not found.hits and not found.too_common:
        # Nothing by whole names: perhaps the name is still being typed. (A name too common to
        # follow is complete already; listing its first namesakes would only mislead.)
        found = namesearch.find_by_prefix(wanted, terms, limit=limit, exclude=exclude)
    # Only people whose identity the access decision lets this user see are listed.
    decided = access.decide_many(
        user=user,
        people=[hit.person for hit in found.hits],
        categories=[Category.IDENTITY],
        purpose=checked,
    )
    hits = [hit for hit in found.hits if Category.IDENTITY in decided[hit.person.pk].allowed]
    result = SearchResult(
        hits=hits,
        truncated=found.truncated,
        too_common=found.too_common,
        total=found.total,
    )
    detail: dict[str, Any] = {
        "fields": _given_fields(name=terms, born=born, sex=sex, nationality=nationality),
        "results": len(result.hits),
        # Whose names the list showed: an access request must find this search too.
        "shown": [hit.person.pk for hit in result.hits],
    }
    if result.total is not None:
        detail["total"] = result.total
    if len(hits) < len(found.hits):
        detail["withheld"] = len(found.hits) - len(hits)  # found, but not open to this user
    if pace.is_short(letters):
        detail["short"] = True  # counted against the limit of short searches (pace.py)
    audit(
        user=user,
        action=Action.SEARCH,
        purpose=checked,
        person_id=None,
        categories=[Category.IDENTITY],
        detail=detail,
    )
    return result


def _with_given_name(wanted: Query, *, exclude: Iterable[int]) -> namesearch.Found:
    """A one-word search: the people it finds by name keys (as a family name, say) and the
    people with it as their given name, best first, at most `GIVEN_NAME_LIMIT` in all."""
    cap, excluded = namesearch.GIVEN_NAME_LIMIT, list(exclude)
    by_keys = namesearch.find(wanted, limit=cap, exclude=excluded)
    shown = [hit.person.pk for hit in by_keys.hits]
    listed = namesearch.find_given_name(wanted, limit=cap - len(shown), exclude=[*excluded, *shown])
    # Stable: among equal scores the key matches stay ahead of the listed namesakes.
    hits = sorted([*by_keys.hits, *listed.hits], key=lambda hit: -hit.score)
    total = None if by_keys.truncated or listed.total is None else len(shown) + listed.total
    return namesearch.Found(
        hits=hits,
        truncated=by_keys.truncated or listed.truncated,
        too_common=by_keys.too_common,
        total=total,
    )


class ProbableDuplicates(ValidationError):
    """The entered person is probably registered already; nothing was saved."""

    def __init__(self, hits: list[namesearch.Hit]) -> None:
        super().__init__(
            _(
                "This person is probably registered already. Check the records above; if this"
                " is a different person, confirm it and register again."
            ),
            code="probable_duplicates",
        )
        self.hits = hits


@transaction.atomic
def check_duplicates(
    *, user: Any, person: Person, exclude: Iterable[int] = (), purpose: str | None = None
) -> list[namesearch.Hit]:
    """Registered people who are probably this (saved or entered) person. Recorded as a
    search: it looks through the registry like one."""
    checked = checked_purpose(user, purpose, write=False)
    hits = namesearch.probable_duplicates(namesearch.person_to_record(person), exclude=exclude)
    audit(
        user=user,
        action=Action.SEARCH,
        purpose=checked,
        person_id=person.pk,
        categories=[Category.IDENTITY],
        detail={
            "check": "duplicates",
            "results": len(hits),
            # Whose names the check listed: an access request must find it too.
            "shown": [hit.person.pk for hit in hits],
        },
    )
    return hits
