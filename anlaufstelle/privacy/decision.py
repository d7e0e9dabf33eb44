"""The one access decision: may this member of staff see these categories of a person's data,
for this purpose, at this moment, and on which basis?

Pure Python, so that a data-protection officer can read it, test it with a table of cases and
explain each answer without the web layer. The web layer (privacy/services.py) turns database
rows into the plain values below and writes every answer into the audit trail.

Each agency of the house is its own controller (Art. 4 No. 7 GDPR). Data an agency holds may be
used by its own staff for its own tasks; a read by another agency is a transfer, which needs a
legal basis from the configuration or the person's consent; sealed categories never leave the
staff of the agency that holds them unless a release names the reader. Deny by default: a
category nothing allows is refused, with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

# Youth-office counselling data (§ 65 SGB VIII) and health data (Art. 9 GDPR).
SEALED = frozenset({"health", "youth_office"})
# Inside the holding agency, only the roles that do the casework see sealed data: its desk
# officers, or the advisers of a partner organisation.
SEALED_ROLES = frozenset({"desk_officer", "partner"})
# The purposes for which an agency's own staff use its data (their own task).
OWN_PURPOSES = frozenset({"casework", "registration"})
# A basis that applies whoever holds the data (or reads it).
ANY = "*"

# Why a category was refused; privacy/services.py turns each into words for the reader.
NO_AGENCY = "no_agency"
SEALED_DATA = "sealed"
NO_BASIS = "no_basis"
CONSENT_WITHDRAWN = "consent_withdrawn"
CONSENT_EXPIRED = "consent_expired"
CONSENT_NOT_YET = "consent_not_yet_valid"
CONSENT_NARROWER = "consent_narrower"
REQUEST_MISSING = "request_missing"


@dataclass(frozen=True)
class Viewer:
    """Who asks: a user, the agency they work for and their roles."""

    user_id: int
    agency: str | None
    agency_kind: str | None
    roles: frozenset[str]


@dataclass(frozen=True)
class Basis:
    """A legal basis from the configuration: data of `from_kinds` agencies in `categories` may
    be read by `to_kinds` agencies for `purposes`; with `on_request`, only where the reading
    agency's written request for this person is on record (§ 71 Abs. 2 SGB X with § 87 Abs. 1
    AufenthG)."""

    code: str
    citation: str
    from_kinds: frozenset[str]
    to_kinds: frozenset[str]
    categories: frozenset[str]
    purposes: frozenset[str]
    on_request: bool = False
    valid_from: date | None = None
    valid_until: date | None = None

    def in_force(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )

    def from_holder(self, kind: str | None) -> bool:
        """Does it cover data that agencies of `kind` hold?"""
        return ANY in self.from_kinds or kind in self.from_kinds

    def to_reader(self, kind: str | None) -> bool:
        """Does it let agencies of `kind` read?"""
        return ANY in self.to_kinds or kind in self.to_kinds

    def covers(self, owner_kind: str | None, viewer: Viewer, category: str, purpose: str) -> bool:
        return (
            self.from_holder(owner_kind)
            and self.to_reader(viewer.agency_kind)
            and category in self.categories
            and purpose in self.purposes
        )


@dataclass(frozen=True)
class Grant:
    """A consent as recorded: which categories, to which agencies, for which purposes, from
    when until when, and whether (and when) it was withdrawn."""

    id: int
    categories: frozenset[str]
    recipients: frozenset[str]
    purposes: frozenset[str]
    valid_from: datetime
    valid_until: datetime | None = None
    withdrawn_at: datetime | None = None
    # Users the form names as recipients (not their agency: their colleagues are not named).
    persons: frozenset[int] = frozenset()

    def names(self, viewer: Viewer) -> bool:
        return viewer.agency in self.recipients or viewer.user_id in self.persons

    def state(self, at: datetime) -> str | None:
        """None while it holds; else why it does not."""
        if self.withdrawn_at is not None and self.withdrawn_at <= at:
            return CONSENT_WITHDRAWN
        if at < self.valid_from:
            return CONSENT_NOT_YET
        if self.valid_until is not None and self.valid_until <= at:
            return CONSENT_EXPIRED
        return None


@dataclass(frozen=True)
class Release:
    """Sealed data of one category opened to one named user, for a reason, until a time."""

    id: int
    category: str
    user_id: int
    granted_at: datetime
    until: datetime
    revoked_at: datetime | None = None

    def holds(self, at: datetime) -> bool:
        return self.granted_at <= at < self.until and (
            self.revoked_at is None or at < self.revoked_at
        )


@dataclass(frozen=True)
class Answer:
    """The answer for one category: the basis that allowed it (`own`, a basis code,
    `consent:<id>`, `release:<id>`) or the reason it was refused."""

    category: str
    allowed: bool
    basis: str = ""
    citation: str = ""
    reason: str = ""
    # A read of data another agency holds: a transfer between controllers.
    transfer: bool = False


@dataclass(frozen=True)
class Decision:
    purpose: str
    at: datetime
    answers: tuple[Answer, ...] = field(default=())

    @property
    def allowed(self) -> frozenset[str]:
        return frozenset(a.category for a in self.answers if a.allowed)

    @property
    def refused(self) -> frozenset[str]:
        return frozenset(a.category for a in self.answers if not a.allowed)

    def answer(self, category: str) -> Answer:
        for found in self.answers:
            if found.category == category:
                return found
        raise KeyError(category)

    def record(self) -> dict[str, dict[str, str | bool]]:
        """What the audit trail keeps of it: each category's basis or reason."""
        return {
            a.category: (
                {"basis": a.basis, "citation": a.citation, "transfer": a.transfer}
                if a.allowed
                else {"refused": a.reason}
            )
            for a in sorted(self.answers, key=lambda a: a.category)
        }


def decide(
    viewer: Viewer,
    holders: Mapping[str, tuple[str | None, str | None]],
    purpose: str,
    at: datetime,
    *,
    bases: Iterable[Basis] = (),
    grants: Iterable[Grant] = (),
    releases: Iterable[Release] = (),
    requests: Iterable[str] = (),
) -> Decision:
    """Decide for each category in `holders` (category → (agency code, agency kind) that holds
    the data; (None, None) where no agency is recorded, which only a basis for any holder
    covers). `grants` and `releases` are the person's; `requests` the basis codes for which the
    viewer's agency has a written request for this person on record."""
    bases = tuple(bases)
    grants = tuple(grants)
    releases = tuple(releases)
    requested = frozenset(requests)
    answers = tuple(
        _one(viewer, category, holder, purpose, at, bases, grants, releases, requested)
        for category, holder in sorted(holders.items())
    )
    return Decision(purpose=purpose, at=at, answers=answers)


def _one(
    viewer: Viewer,
    category: str,
    holder: tuple[str | None, str | None],
    purpose: str,
    at: datetime,
    bases: tuple[Basis, ...],
    grants: tuple[Grant, ...],
    releases: tuple[Release, ...],
    requested: frozenset[str],
) -> Answer:
    owner, owner_kind = holder
    if viewer.agency is None:
        return Answer(category, False, reason=NO_AGENCY)
    own = owner is not None and owner == viewer.agency
    if category in SEALED:
        if own and viewer.roles & SEALED_ROLES and purpose in OWN_PURPOSES:
            return Answer(category, True, basis="own")
        for release in releases:
            named = release.category == category and release.user_id == viewer.user_id
            if named and release.holds(at):
                return Answer(category, True, basis=f"release:{release.id}", transfer=not own)
        return Answer(category, False, reason=SEALED_DATA)
    if own and purpose in OWN_PURPOSES:
        return Answer(category, True, basis="own")
    missing_request = False
    for basis in bases:
        if basis.in_force(at.date()) and basis.covers(owner_kind, viewer, category, purpose):
            if basis.on_request and basis.code not in requested:
                missing_request = True
                continue
            return Answer(
                category, True, basis=basis.code, citation=basis.citation, transfer=not own
            )
    mine = [g for g in grants if g.names(viewer)]
    covering = [g for g in mine if category in g.categories and purpose in g.purposes]
    for grant in covering:
        if grant.state(at) is None:
            return Answer(category, True, basis=f"consent:{grant.id}", transfer=not own)
    if covering:
        # The most recent consent that would cover the read tells why it no longer does.
        latest = max(covering, key=lambda g: (g.valid_from, g.id))
        return Answer(category, False, reason=latest.state(at) or NO_BASIS)
    if missing_request:
        return Answer(category, False, reason=REQUEST_MISSING)
    return Answer(category, False, reason=CONSENT_NARROWER if mine else NO_BASIS)
