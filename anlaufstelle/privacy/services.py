"""The access decision (privacy/decision.py) for a member of staff and a person of the registry:
the rows it needs, read in a fixed number of queries, and its answer in words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.categories import Category
from anlaufstelle.core.permissions import roles_of
from anlaufstelle.organisation.models import Agency
from anlaufstelle.privacy import decision as rules
from anlaufstelle.privacy.defaults import BASES, RETENTION
from anlaufstelle.privacy.models import (
    Consent,
    LegalBasis,
    Release,
    RetentionRule,
    TransferRequest,
)

REASONS = {
    rules.NO_AGENCY: _("you work for no agency of the centre"),
    rules.SEALED_DATA: _("sealed data of another agency, and no release names you"),
    rules.NO_BASIS: _("no legal basis and no consent for your agency"),
    rules.CONSENT_WITHDRAWN: _("the person withdrew their consent"),
    rules.CONSENT_EXPIRED: _("the person's consent has expired"),
    rules.CONSENT_NOT_YET: _("the person's consent is not valid yet"),
    rules.CONSENT_NARROWER: _("the person's consent does not cover this"),
    rules.REQUEST_MISSING: _("only on a written request of your agency, and none is on record"),
}


Row = TypeVar("Row", bound=models.Model)


def ended_once(rows: models.QuerySet[Row], pk: int, stamp: str, **also: Any) -> Row | None:
    """Set `stamp` (a consent's withdrawal, a release's revocation) of row `pk` among `rows` to
    now, with `also`, under the row's lock; None if it was set already (a second desk at the
    same moment, or the form sent twice: the first time stays)."""
    row = rows.select_for_update().get(pk=pk)
    if getattr(row, stamp) is not None:
        return None
    setattr(row, stamp, timezone.now())
    for field, value in also.items():
        setattr(row, field, value)
    row.save(update_fields=[stamp, *also])
    return row


def viewer_of(user: Any) -> rules.Viewer:
    staff = getattr(user, "staff_member", None) if user is not None else None
    agency = getattr(staff, "agency", None) if staff is not None else None
    return rules.Viewer(
        user_id=getattr(user, "pk", None) or 0,
        agency=agency.code if agency is not None else None,
        agency_kind=agency.kind if agency is not None else None,
        roles=frozenset(roles_of(user)) if user is not None else frozenset(),
    )


def holders(
    person: Any, categories: Iterable[str], agencies: dict[int, tuple[str, str]]
) -> dict[str, tuple[str | None, str | None]]:
    """Who holds each category of the person's registry data: the agency that registered them
    (`agencies`: id → code and kind)."""
    holder = agencies.get(person.registered_by_id, (None, None))
    return {category: holder for category in categories}


def install_defaults() -> int:
    """Add the legal bases and retention rules of privacy/defaults.py that are missing (by
    code, by kind and category); a row the lawyer corrected stays as corrected. Returns how
    many were added."""
    have = set(LegalBasis.objects.values_list("code", flat=True))
    missing = [LegalBasis(**row) for row in BASES if row["code"] not in have]
    kept = set(RetentionRule.objects.values_list("agency_kind", "category"))
    periods = [
        RetentionRule(**row)
        for row in RETENTION
        if (row["agency_kind"], row["category"]) not in kept
    ]
    for row in [*missing, *periods]:
        row.full_clean()
    LegalBasis.objects.bulk_create(missing)
    RetentionRule.objects.bulk_create(periods)
    return len(missing) + len(periods)


def basis_of(row: LegalBasis) -> rules.Basis:
    """A configured basis as the access decision reads it."""
    return rules.Basis(
        code=row.code,
        citation=row.citation,
        from_kinds=frozenset(row.from_kinds),
        to_kinds=frozenset(row.to_kinds),
        categories=frozenset(row.categories),
        purposes=frozenset(row.purposes),
        on_request=row.on_request,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
    )


def bases() -> list[rules.Basis]:
    return [basis_of(row) for row in LegalBasis.objects.all()]


def grants(
    person_ids: list[int], agency: str | None, user_id: int | None = None
) -> dict[int, list[rules.Grant]]:
    """The people's consents that name the agency, or the user, among their recipients, by
    person."""
    found: dict[int, list[rules.Grant]] = {pk: [] for pk in person_ids}
    if agency is None:
        return found
    naming = (
        Q(recipients__code=agency) | Q(named=user_id) if user_id else Q(recipients__code=agency)
    )
    consents = (
        Consent.objects.filter(naming, person_id__in=person_ids)
        .distinct()
        .prefetch_related("recipients", "named")
    )
    for consent in consents:
        found[consent.person_id].append(
            rules.Grant(
                id=consent.pk,
                categories=frozenset(consent.categories),
                recipients=frozenset(a.code for a in consent.recipients.all()),
                persons=frozenset(u.pk for u in consent.named.all()),
                purposes=frozenset(consent.purposes),
                valid_from=consent.valid_from,
                valid_until=consent.valid_until,
                withdrawn_at=consent.withdrawn_at,
            )
        )
    return found


def releases(person_ids: list[int], user_id: int) -> dict[int, list[rules.Release]]:
    found: dict[int, list[rules.Release]] = {pk: [] for pk in person_ids}
    for r in Release.objects.filter(person_id__in=person_ids, user_id=user_id):
        found[r.person_id].append(
            rules.Release(
                id=r.pk,
                category=r.category,
                user_id=r.user_id,
                granted_at=r.granted_at,
                until=r.until,
                revoked_at=r.revoked_at,
            )
        )
    return found


def requests(person_ids: list[int], agency: str | None, at: datetime) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {pk: [] for pk in person_ids}
    if agency is None:
        return found
    rows = (
        TransferRequest.objects.filter(
            person_id__in=person_ids, agency__code=agency, answered_at__isnull=True
        )
        .exclude(valid_until__lte=at)
        .values_list("person_id", "basis__code")
    )
    for person_id, code in rows:
        found[person_id].append(code)
    return found


def decide_many(
    *,
    user: Any,
    people: Iterable[Any],
    categories: Iterable[str],
    purpose: str,
    now: datetime | None = None,
) -> dict[int, rules.Decision]:
    """May `user` see these categories of each person's data for `purpose`, now? In a fixed
    number of queries, whatever the number of people (a search's hits, a household). The
    caller shows only what is allowed and records the answer with the read."""
    people = list(people)
    if not people:
        return {}  # a search without hits asks nothing
    at = timezone.localtime(now or timezone.now())
    viewer = viewer_of(user)
    ids = [p.pk for p in people]
    categories = set(categories)
    configured = bases()
    agencies = {
        pk: (code, kind) for pk, code, kind in Agency.objects.values_list("pk", "code", "kind")
    }
    consents = grants(ids, viewer.agency, viewer.user_id)
    opened = releases(ids, viewer.user_id) if rules.SEALED & categories else {}
    asked = requests(ids, viewer.agency, at)
    return {
        person.pk: rules.decide(
            viewer,
            holders(person, categories, agencies),
            purpose,
            at,
            bases=configured,
            grants=consents[person.pk],
            releases=opened.get(person.pk, ()),
            requests=asked[person.pk],
        )
        for person in people
    }


def decide_held(
    *,
    user: Any,
    person: Any,
    held: dict[Agency, set[str]],
    purpose: str,
    now: datetime | None = None,
) -> dict[int, rules.Decision]:
    """For data of one person that several agencies hold (a case's notes and documents): the
    decision per holding agency (by id) for the categories it holds, in a fixed number of
    queries."""
    if not held:
        return {}
    at = timezone.localtime(now or timezone.now())
    viewer = viewer_of(user)
    categories = set().union(*held.values())
    configured = bases()
    consents = grants([person.pk], viewer.agency, viewer.user_id)[person.pk]
    opened = releases([person.pk], viewer.user_id)[person.pk] if rules.SEALED & categories else []
    asked = requests([person.pk], viewer.agency, at)[person.pk]
    return {
        agency.pk: rules.decide(
            viewer,
            {category: (agency.code, agency.kind) for category in wanted},
            purpose,
            at,
            bases=configured,
            grants=consents,
            releases=opened,
            requests=asked,
        )
        for agency, wanted in held.items()
    }


def decide(
    *,
    user: Any,
    person: Any,
    categories: Iterable[str],
    purpose: str,
    now: datetime | None = None,
) -> rules.Decision:
    """`decide_many` for one person."""
    return decide_many(user=user, people=[person], categories=categories, purpose=purpose, now=now)[
        person.pk
    ]


def withheld(decision: rules.Decision) -> list[tuple[str, str]]:
    """Each refused category's label and the reason, in the reader's language."""
    labels = dict(Category.choices)
    order = list(labels)  # as the categories are declared, identity first
    refused = sorted(
        (a for a in decision.answers if not a.allowed),
        key=lambda a: order.index(a.category) if a.category in order else len(order),
    )
    return [
        (str(labels.get(a.category, a.category)), str(REASONS.get(a.reason, a.reason)))
        for a in refused
    ]


def basis_words(basis: str, citation: str = "") -> str:
    """What allowed a read, in words: the agency's own data, a legal basis by its citation, a
    consent or a release by its number."""
    kind, _sep, number = basis.partition(":")
    if kind == "consent":
        return str(_("the person's consent no. %(number)s") % {"number": number})
    if kind == "release":
        return str(_("release no. %(number)s by the holding agency") % {"number": number})
    if kind == "own":
        return str(_("the agency's own data"))
    return citation or basis


class Refused(PermissionDenied):
    """A read or write of a person's data refused. The view's transaction rolls back, and the
    refusal is recorded on its own (privacy/middleware.py), with `reasons` for the page: each
    (what, why) in the reader's language."""

    def __init__(
        self,
        *,
        person_id: int,
        purpose: str,
        categories: list[str],
        detail: dict[str, Any],
        reasons: list[tuple[str, str]],
    ) -> None:
        super().__init__(f"access to person {person_id} refused")
        self.person_id = person_id
        self.purpose = purpose
        self.categories = categories
        self.detail = detail
        self._reasons = reasons

    def reasons(self) -> list[tuple[str, str]]:
        return self._reasons


def refuse(
    *,
    person_id: int,
    purpose: str,
    categories: list[str],
    page: str,
    rule: str,
    why: tuple[Any, Any],
) -> NoReturn:
    """Refuse a page of the person's data by a rule other than the access decision's (not the
    holder, not obliged to answer): `why` is (what, why) for the page."""
    raise Refused(
        person_id=person_id,
        purpose=purpose,
        categories=categories,
        detail={"page": page, "rule": rule},
        reasons=[(str(why[0]), str(why[1]))],
    )


class AccessRefused(Refused):
    """The access decision refused what a page needs."""

    def __init__(self, *, person_id: int, purpose: str, decision: rules.Decision) -> None:
        super().__init__(
            person_id=person_id,
            purpose=purpose,
            categories=sorted(decision.refused),
            detail={"access": decision.record()},
            reasons=withheld(decision),
        )
        self.decision = decision


def record_refusal(user: Any, refused: Refused, detail: dict[str, Any]) -> None:
    """Into the audit trail, outside the transaction of the read it refused (which rolled
    back): who asked for what of whom, and why."""
    record(
        actor=Actor.from_user(user),
        action=Action.REFUSED,
        purpose=refused.purpose,
        person_id=refused.person_id,
        categories=refused.categories,
        detail={**detail, **refused.detail},
    )
