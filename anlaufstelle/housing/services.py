"""Housing: the waiting list, proposals of places that fit, allocation, move-out and occupancy.

Who: desk officers of a housing agency (`Agency.Kind.HOUSING`) allocate, move and read the
people they house; coordinators see the vacancy figures, which name no one. Anyone else is
refused, and the refusal recorded. Every read and write of a person's placement or waiting
entry asks the access decision (privacy/services.py): the person's identity is the registry's
(held by the agency that registered them), the placement and the waiting entry are the housing
agency's own data (`decide_held`). Each goes into the audit trail in the same transaction.

A bed is never given twice: allocation locks the chosen beds' rows (on PostgreSQL a second
desk waits for the first to commit, then finds the bed taken and is refused), and a
conditional unique constraint stands behind the locks.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.categories import Category
from anlaufstelle.core.permissions import desk_agency, roles_of
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.core.roles import Role
from anlaufstelle.core.submissions import created_once
from anlaufstelle.housing.models import Accommodation, Bed, Placement, Room, WaitingEntry
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Household, HouseholdMember, Person
from anlaufstelle.people.services import person_for_change
from anlaufstelle.people.services.base import (
    audit,
    categories_of,
    checked_purpose,
    filled_fields,
    held_or_refused,
    identities_shown,
    permitted,
)
from anlaufstelle.privacy.decision import Decision

# What a placement and a waiting entry hold of a person (their FIELD_CATEGORIES).
PLACEMENT = [Category.BENEFITS]
WAITING = [Category.BENEFITS, Category.HEALTH]
MAX_PROPOSALS = 10
MAX_DAYS = 92  # an occupancy range: a quarter at most


# --- Who may -----------------------------------------------------------------------------------


def housing_agency(user: Any) -> Agency | None:
    """The user's agency if it is a housing agency and the user one of its desk officers."""
    return cast(Agency | None, desk_agency(user, Agency.Kind.HOUSING))


def may_see_vacancies(user: Any) -> bool:
    return housing_agency(user) is not None or Role.COORDINATOR in roles_of(user)


def _refused(user: Any, *, what: str, person_id: int | None = None) -> PermissionDenied:
    """Record the refusal (outside any transaction of the request, which has none open yet)
    and give the exception to raise."""
    record(
        actor=Actor.from_user(user),
        action=Action.REFUSED,
        purpose=Purpose.CASEWORK.value,
        person_id=person_id,
        categories=[Category.BENEFITS],
        detail={"housing": what, "rule": "not a desk of a housing agency"},
    )
    return PermissionDenied(f"housing: {what}")


def desk(user: Any, *, what: str, person_id: int | None = None) -> tuple[Agency, Purpose]:
    """The user's housing agency and purpose; refused, and recorded, for anyone else."""
    agency = housing_agency(user)
    if agency is None:
        raise _refused(user, what=what, person_id=person_id)
    return agency, checked_purpose(user, None, write=True)


def refuse_unless_vacancies(user: Any) -> None:
    if not may_see_vacancies(user):
        raise _refused(user, what="vacancy overview")


# --- Deciding and recording reads ---------------------------------------------------------------


def _held(
    user: Any, person: Person, agency: Agency, categories: Iterable[str], purpose: Purpose
) -> Decision:
    """The housing data of `agency` about the person: refused as a whole if any category is."""
    return held_or_refused(
        user=user, person=person, agency=agency, categories=categories, purpose=purpose
    )


def _identities(
    user: Any, people: list[Person], purpose: Purpose, page: str
) -> tuple[list[Person], dict[int, Decision]]:
    """The people whose identity the user may see; the others recorded as withheld."""
    return identities_shown(user=user, people=people, purpose=purpose, detail={"housing": page})


# --- The people of a waiting entry ---------------------------------------------------------------


def household_of(person: Person) -> Household | None:
    membership = HouseholdMember.objects.filter(person=person).select_related("household").first()
    return membership.household if membership is not None else None


def people_of(entry: WaitingEntry) -> list[Person]:
    """Who moves in: the household's members (the head first), or the person alone."""
    if entry.household_id is None:
        return [entry.person]
    members = (
        HouseholdMember.objects.filter(household_id=entry.household_id, person__merged_into=None)
        .select_related("person")
        .order_by("-relation", "person_id")
    )
    people = [m.person for m in members]
    head = [m.person for m in members if m.relation == HouseholdMember.Relation.HEAD]
    return head + [p for p in people if p not in head] if head else people


@dataclass
class WaitingList:
    rows: list[WaitingEntry]
    withheld: int


def waiting_list(*, user: Any) -> WaitingList:
    """The agency's waiting entries, the most urgent first, then the longest waiting."""
    agency, purpose = desk(user, what="waiting list")
    with transaction.atomic():
        entries = list(
            WaitingEntry.objects.filter(agency=agency, status=WaitingEntry.Status.WAITING)
            .select_related("person", "household")
            .order_by("urgency", "since", "pk")
        )
        shown, _decided = _identities(user, [e.person for e in entries], purpose, "waiting list")
        rows = [e for e in entries if e.person in shown]
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=None,
            categories=[Category.IDENTITY, *WAITING],
            detail={"housing": "waiting list", "shown": [e.person_id for e in rows]},
        )
    return WaitingList(rows, len(entries) - len(rows))


def _add_waiting(*, user: Any, person_id: int, data: dict[str, Any]) -> WaitingEntry:
    agency, purpose = desk(user, what="add to the waiting list", person_id=person_id)
    person = person_for_change(person_id=person_id)
    permitted(user=user, person=person, categories=[Category.IDENTITY], purpose=purpose)
    household = household_of(person) if data.get("whole_household") else None
    entry = WaitingEntry(
        person=person,
        household=household,
        agency=agency,
        group=data["group"],
        needs_accessible=bool(data.get("needs_accessible")),
        urgency=data["urgency"],
        since=data.get("since") or timezone.localdate(),
        created_by=user,
        size=1,
    )
    entry.size = len(people_of(entry))
    entry.full_clean()
    # Only what the entry holds is written (no health need, no health data).
    filled = filled_fields(entry)
    written = sorted(categories_of(entry, filled))
    _held(user, person, agency, written, purpose)
    entry.save()
    audit(
        user=user,
        action=Action.CREATE,
        purpose=purpose,
        person_id=person.pk,
        categories=written,
        detail={
            "waiting": entry.pk,
            "size": entry.size,
            "household": entry.household_id,
            "fields": filled,
        },
    )
    return entry


def add_waiting(
    *, user: Any, person_id: int, data: dict[str, Any], submission: uuid.UUID | None = None
) -> tuple[WaitingEntry, bool]:
    """Put a person (with their household, `whole_household`) on the waiting list, once per
    form key. A person already waiting is refused (`ValidationError`)."""
    desk(user, what="add to the waiting list", person_id=person_id)

    @transaction.atomic
    def attempt() -> WaitingEntry:
        return _add_waiting(user=user, person_id=person_id, data=data)

    return created_once(user, submission, attempt)


def waiting_entry(*, user: Any, entry_id: int) -> tuple[WaitingEntry, list[Person]]:
    """One waiting entry of the user's agency with the people it is for, read as decided."""
    agency, purpose = desk(user, what="waiting entry")
    with transaction.atomic():
        entry = WaitingEntry.objects.select_related("person", "household").get(
            pk=entry_id, agency=agency
        )
        people = people_of(entry)
        decision = _read_people(user, entry.person, people, agency, purpose)
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=entry.person_id,
            categories=[Category.IDENTITY, *WAITING],
            detail={
                "waiting": entry.pk,
                "shown": [p.pk for p in people],
                "access": decision.record(),
            },
        )
    return entry, people


def _read_people(
    user: Any, main: Person, people: list[Person], agency: Agency, purpose: Purpose
) -> Decision:
    """Each person's identity, and the agency's housing data about the main person: all of
    them or nothing (a household is placed whole)."""
    for person in people:
        permitted(user=user, person=person, categories=[Category.IDENTITY], purpose=purpose)
    return _held(user, main, agency, WAITING, purpose)


# --- Proposals --------------------------------------------------------------------------------


def free_beds() -> QuerySet[Bed]:
    """Beds with nobody living in them now."""
    current = Placement.objects.filter(bed=OuterRef("pk"), moved_out_on=None)
    return Bed.objects.annotate(taken=Exists(current)).filter(taken=False)


def fits(accommodation: Accommodation, room: Room, entry: WaitingEntry) -> bool:
    """The accommodation takes in the entry's group and, where needed, is step-free to the
    room and prepared for people with disabilities."""
    if not accommodation.takes(entry.group):
        return False
    if entry.needs_accessible:
        return accommodation.accessible and accommodation.takes_disabled and room.accessible
    return True


def fewest_rooms(rooms: list[tuple[Room, list[Bed]]], need: int) -> list[tuple[Room, list[Bed]]]:
    """Rooms holding `need` beds in as few rooms as possible, and with as few beds to spare as
    that allows: the largest rooms until one room holds the rest, then the smallest such room.
    (The first k largest rooms are the fewest that can hold `need`; this stops at that k.)"""
    left = sorted(rooms, key=lambda r: (-len(r[1]), r[0].floor, r[0].label))
    chosen: list[tuple[Room, list[Bed]]] = []
    while need > 0 and left:
        enough = [r for r in left if len(r[1]) >= need]
        room, beds = min(enough, key=lambda r: len(r[1])) if enough else left[0]
        left.remove((room, beds))
        chosen.append((room, beds[:need]))
        need -= len(chosen[-1][1])
    return chosen if need <= 0 else []


@dataclass
class Proposal:
    accommodations: list[Accommodation]
    rooms: list[tuple[Room, list[Bed]]]
    spare: int  # free beds left over in the rooms used
    cost: Decimal

    @property
    def split(self) -> bool:
        return len(self.accommodations) > 1

    @property
    def beds(self) -> list[Bed]:
        return [bed for _room, beds in self.rooms for bed in beds]

    @property
    def bed_ids(self) -> str:
        return ",".join(str(b.pk) for b in self.beds)


def _free_rooms(entry: WaitingEntry) -> dict[Accommodation, list[tuple[Room, list[Bed]]]]:
    by_room: dict[Room, list[Bed]] = defaultdict(list)
    for bed in free_beds().select_related("room__accommodation").order_by("room_id", "label"):
        if fits(bed.room.accommodation, bed.room, entry):
            by_room[bed.room].append(bed)
    found: dict[Accommodation, list[tuple[Room, list[Bed]]]] = defaultdict(list)
    for room, beds in by_room.items():
        found[room.accommodation].append((room, beds))
    return found


def _proposal(rooms: list[tuple[Room, list[Bed]]], free: dict[Room, int]) -> Proposal:
    accommodations = sorted({room.accommodation for room, _beds in rooms}, key=lambda a: a.name)
    spare = sum(free[room] - len(beds) for room, beds in rooms)
    cost = sum((room.accommodation.cost for room, beds in rooms for _b in beds), Decimal(0))
    return Proposal(accommodations, rooms, spare, cost)


def proposals(*, user: Any, entry_id: int, split: bool = False) -> list[Proposal]:
    """Places that fit the entry, each in one accommodation, the fewest rooms first, then the
    fewest beds left over, then the cheapest. With `split` (the officer asks for it), and only
    when no single accommodation has room, proposals across accommodations (`_split`)."""
    entry, people = waiting_entry(user=user, entry_id=entry_id)
    return _proposals(entry, len(people), split)


def proposal_page(
    *, user: Any, entry_id: int, split: bool = False
) -> tuple[WaitingEntry, list[Person], list[Proposal]]:
    """The waiting entry with its people (read once, as decided) and the places that fit."""
    entry, people = waiting_entry(user=user, entry_id=entry_id)
    return entry, people, _proposals(entry, len(people), split)


def _proposals(entry: WaitingEntry, need: int, split: bool) -> list[Proposal]:
    found = _free_rooms(entry)
    free = {room: len(beds) for rooms in found.values() for room, beds in rooms}
    whole = []
    for _accommodation, rooms in found.items():
        chosen = fewest_rooms(rooms, need)
        if chosen:
            whole.append(_proposal(chosen, free))
    whole.sort(key=_order)
    if whole or not split:
        return whole[:MAX_PROPOSALS]
    return _split(found, free, need)[:MAX_PROPOSALS]


def _order(proposal: Proposal) -> tuple[Any, ...]:
    return (
        len(proposal.accommodations),
        len(proposal.rooms),
        proposal.spare,
        proposal.cost,
        [a.name for a in proposal.accommodations],
    )


def _split(
    found: dict[Accommodation, list[tuple[Room, list[Bed]]]], free: dict[Room, int], need: int
) -> list[Proposal]:
    """A household no accommodation holds whole, in as few parts as it can be: every pair of
    accommodations that holds it together, as many as fit in the roomier one and the rest in the
    other, each part in the fewest rooms; only where no pair does, one proposal across more
    accommodations, the largest first."""
    capacity = {a: sum(len(beds) for _room, beds in rooms) for a, rooms in found.items()}
    places = sorted(found, key=lambda a: (-capacity[a], a.name))
    pairs = []
    for i, roomier in enumerate(places):
        for other in places[i + 1 :]:
            if capacity[roomier] + capacity[other] < need:
                continue
            first = fewest_rooms(found[roomier], capacity[roomier])
            rest = fewest_rooms(found[other], need - capacity[roomier])
            pairs.append(_proposal(first + rest, free))
    if pairs:
        return sorted(pairs, key=_order)
    parts: list[tuple[Room, list[Bed]]] = []
    left = need
    for accommodation in places:
        take = min(left, capacity[accommodation])
        parts += fewest_rooms(found[accommodation], take)
        left -= take
        if left == 0:
            return [_proposal(parts, free)]
    return []


# --- Allocation and move-out -------------------------------------------------------------------


class NotAvailable(Exception):
    """An allocation or move-out that cannot be done as asked; nothing was changed. `message`
    is for the officer, `rule` for the audit trail."""

    def __init__(self, message: Any, rule: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.rule = rule


def _allocate(
    *, user: Any, entry_id: int, bed_ids: list[int], split: bool, on: date
) -> list[Placement]:
    agency, purpose = desk(user, what="allocate")
    entry = WaitingEntry.objects.select_for_update().get(pk=entry_id, agency=agency)
    if entry.status != WaitingEntry.Status.WAITING:
        raise NotAvailable(_("This household is no longer on the waiting list."), "not waiting")
    people = people_of(entry)
    _read_people(user, entry.person, people, agency, purpose)
    # Locked in a fixed order, so two desks choosing overlapping beds wait for each other
    # instead of deadlocking; the second then finds what the first gave away.
    beds = list(
        Bed.objects.select_for_update(of=("self",))
        .filter(pk__in=set(bed_ids))
        .select_related("room__accommodation")
        .order_by("pk")
    )
    if len(beds) != len(set(bed_ids)) or len(bed_ids) != len(set(bed_ids)):
        raise NotAvailable(_("A chosen bed does not exist."), "no such bed")
    if len(beds) != len(people):
        raise NotAvailable(
            _("Choose one bed for each of the %(n)s people.") % {"n": len(people)}, "bed count"
        )
    across = len({bed.room.accommodation_id for bed in beds}) > 1
    if across and not split:
        raise NotAvailable(
            _(
                "These beds are in more than one accommodation, which would split the household. "
                "Choose beds in one accommodation, or tick that you split it on purpose."
            ),
            "split",
        )
    for bed in beds:
        if not fits(bed.room.accommodation, bed.room, entry):
            raise NotAvailable(
                _("%(bed)s does not fit this household.") % {"bed": bed}, "does not fit"
            )
    taken = Placement.objects.filter(bed__in=beds, moved_out_on=None).select_related("bed").first()
    if taken is not None:
        raise NotAvailable(
            _("%(bed)s has been given to someone else meanwhile.") % {"bed": taken.bed},
            "bed taken",
        )
    if Placement.objects.filter(person__in=people, moved_out_on=None).exists():
        raise NotAvailable(_("Someone of this household lives in a place already."), "placed")
    placements = []
    for person, bed in zip(people, beds, strict=True):
        placement = Placement(
            person=person,
            household=entry.household,
            bed=bed,
            agency=agency,
            waiting=entry,
            moved_in_on=on,
            split=split and across,
            placed_by=user,
        )
        try:
            placement.full_clean()
        except ValidationError:
            # Its constraints, checked again: a bed or a person placed meanwhile.
            raise NotAvailable(
                _("A chosen bed has been given to someone else meanwhile."), "bed taken"
            ) from None
        placements.append(placement)
    try:
        with transaction.atomic():
            for placement in placements:
                placement.save()
    except IntegrityError:  # the constraint behind the locks (SQLite takes no row locks)
        raise NotAvailable(
            _("A chosen bed has been given to someone else meanwhile."), "bed taken"
        ) from None
    entry.status = WaitingEntry.Status.PLACED
    entry.save(update_fields=["status"])
    for placement in placements:
        audit(
            user=user,
            action=Action.CREATE,
            purpose=purpose,
            person_id=placement.person_id,
            categories=PLACEMENT,
            detail={
                "placement": placement.pk,
                "bed": placement.bed_id,
                "accommodation": placement.bed.room.accommodation_id,
                "waiting": entry.pk,
                "split": placement.split,
            },
        )
    return placements


def allocate(
    *,
    user: Any,
    entry_id: int,
    bed_ids: list[int],
    split: bool = False,
    on: date | None = None,
) -> list[Placement]:
    """Move the waiting household into the chosen beds, one bed each, in one accommodation
    unless the officer chose to `split` it. Refused (`NotAvailable`, recorded) if a bed is
    taken meanwhile, does not fit, or the beds would split the household unasked."""
    desk(user, what="allocate")
    try:
        with transaction.atomic():
            return _allocate(
                user=user,
                entry_id=entry_id,
                bed_ids=bed_ids,
                split=split,
                on=on or timezone.localdate(),
            )
    except NotAvailable as refusal:
        person_id = (
            WaitingEntry.objects.filter(pk=entry_id).values_list("person_id", flat=True).first()
        )
        record(
            actor=Actor.from_user(user),
            action=Action.REFUSED,
            purpose=Purpose.CASEWORK.value,
            person_id=person_id,
            categories=PLACEMENT,
            detail={"housing": "allocate", "waiting": entry_id, "rule": refusal.rule},
        )
        raise


def withdraw(*, user: Any, entry_id: int) -> tuple[bool, int]:
    """Take a waiting entry off the list (the household found a place itself, moved away):
    whether it was still waiting, and whose entry it is (for the page to return to)."""
    agency, purpose = desk(user, what="withdraw")
    with transaction.atomic():
        entry = (
            WaitingEntry.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=entry_id, agency=agency)
        )
        if entry.status != WaitingEntry.Status.WAITING:
            return False, entry.person_id
        permitted(user=user, person=entry.person, categories=[Category.IDENTITY], purpose=purpose)
        _held(user, entry.person, agency, [Category.BENEFITS], purpose)
        entry.status = WaitingEntry.Status.WITHDRAWN
        entry.save(update_fields=["status"])
        audit(
            user=user,
            action=Action.UPDATE,
            purpose=purpose,
            person_id=entry.person_id,
            categories=[Category.BENEFITS],
            detail={"waiting": entry.pk, "fields": ["status"], "status": entry.status},
        )
    return True, entry.person_id


def placement_of(*, user: Any, placement_id: int) -> Placement:
    """A placement of the user's agency, for the page to return to (its ids, nothing shown)."""
    agency, _purpose = desk(user, what="placement")
    return Placement.objects.only("pk", "person_id").get(pk=placement_id, agency=agency)


def move_out(*, user: Any, placement_id: int, on: date | None = None) -> bool:
    """End the placement (the bed is free from that day); False if it had ended already."""
    agency, purpose = desk(user, what="move out")
    with transaction.atomic():
        placement = (
            Placement.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=placement_id, agency=agency)
        )
        if placement.moved_out_on is not None:
            return False
        permitted(
            user=user, person=placement.person, categories=[Category.IDENTITY], purpose=purpose
        )
        _held(user, placement.person, agency, PLACEMENT, purpose)
        placement.moved_out_on = on or timezone.localdate()
        placement.full_clean()
        placement.save(update_fields=["moved_out_on"])
        audit(
            user=user,
            action=Action.UPDATE,
            purpose=purpose,
            person_id=placement.person_id,
            categories=PLACEMENT,
            detail={"placement": placement.pk, "fields": ["moved_out_on"]},
        )
    return True


# --- A person's placements ----------------------------------------------------------------------


@dataclass
class PlacementPage:
    person: Person
    household: Household | None
    members: list[Person]
    current: list[Placement]
    past: list[Placement]
    waiting: list[WaitingEntry] = field(default_factory=list)


def placement_page(*, user: Any, person_id: int) -> PlacementPage:
    """Where the person and their household live now and lived before, by the user's agency's
    placements; the members the user may not see are left out (and recorded so)."""
    agency, purpose = desk(user, what="placement", person_id=person_id)
    with transaction.atomic():
        person = person_for_change(person_id=person_id)
        permitted(user=user, person=person, categories=[Category.IDENTITY], purpose=purpose)
        household = household_of(person)
        members = [person]
        if household is not None:
            others = [
                m.person
                for m in household.members.select_related("person").order_by("person_id")
                if m.person_id != person.pk and m.person.merged_into_id is None
            ]
            shown, _decided = _identities(user, others, purpose, "placement")
            members += shown
        decision = _held(user, person, agency, WAITING, purpose)
        rows = list(
            Placement.objects.filter(person__in=members, agency=agency)
            .select_related("person", "bed__room__accommodation")
            .order_by("-moved_in_on", "person_id")
        )
        waiting = list(WaitingEntry.objects.filter(person__in=members, agency=agency))
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=person.pk,
            categories=[Category.IDENTITY, *WAITING],
            detail={
                "housing": "placement",
                "shown": [p.pk for p in members],
                "access": decision.record(),
            },
        )
    return PlacementPage(
        person=person,
        household=household,
        members=members,
        current=[p for p in rows if p.moved_out_on is None],
        past=[p for p in rows if p.moved_out_on is not None],
        waiting=waiting,
    )


# --- Occupancy -------------------------------------------------------------------------------


@dataclass
class Occupancy:
    accommodation: Accommodation | None  # None: all together
    beds: int
    occupied: int
    free_accessible: int = 0

    @property
    def free(self) -> int:
        return self.beds - self.occupied


def _living_on(day: date) -> Q:
    return Q(moved_in_on__lte=day) & (Q(moved_out_on=None) | Q(moved_out_on__gt=day))


def occupancy(
    *, on: date | None = None, accommodation: Accommodation | None = None
) -> list[Occupancy]:
    """Beds, occupied and free per accommodation (or of the one named) on the day (today),
    then the total; figures only. A bed is occupied from the day of moving in to the day
    before moving out."""
    day = on or timezone.localdate()
    places = Accommodation.objects.order_by("name")
    all_beds = Bed.objects.all()
    living = Placement.objects.filter(_living_on(day))
    if accommodation is not None:
        places = places.filter(pk=accommodation.pk)
        all_beds = all_beds.filter(room__accommodation=accommodation)
        living = living.filter(bed__room__accommodation=accommodation)
    accommodations = list(places)
    beds: dict[int, int] = defaultdict(int)
    accessible: dict[int, set[int]] = defaultdict(set)
    for bed_id, acc_id, room_ok, acc_ok in all_beds.values_list(
        "pk", "room__accommodation_id", "room__accessible", "room__accommodation__accessible"
    ):
        beds[acc_id] += 1
        if room_ok and acc_ok:
            accessible[acc_id].add(bed_id)
    occupied: dict[int, int] = defaultdict(int)
    taken: set[int] = set()
    for bed_id, acc_id in living.values_list("bed_id", "bed__room__accommodation_id"):
        occupied[acc_id] += 1
        taken.add(bed_id)
    rows = [
        Occupancy(a, beds[a.pk], occupied[a.pk], len(accessible[a.pk] - taken))
        for a in accommodations
    ]
    total = Occupancy(
        None,
        sum(r.beds for r in rows),
        sum(r.occupied for r in rows),
        sum(r.free_accessible for r in rows),
    )
    return [*rows, total]


@dataclass
class Day:
    on: date
    beds: int
    occupied: int

    @property
    def free(self) -> int:
        return self.beds - self.occupied


@dataclass
class Span:
    """One accommodation over a range of days (`accommodation` None: all together)."""

    accommodation: Accommodation | None
    beds: int
    days: list[int]  # occupied beds on each day

    @property
    def peak(self) -> int:
        return max(self.days, default=0)

    @property
    def fewest_free(self) -> int:
        return self.beds - self.peak

    @property
    def average(self) -> Decimal:
        total = Decimal(sum(self.days)) / len(self.days) if self.days else Decimal(0)
        return total.quantize(Decimal("0.1"))


def occupancy_span(*, start: date, end: date) -> tuple[list[Day], list[Span]]:
    """Beds, occupied and free on each day from `start` to `end` (at most `MAX_DAYS`) for all
    accommodations together, and per accommodation (then all together) the highest occupancy,
    the fewest free beds and the average. Beds are counted as they are now (beds carry no
    dates)."""
    if end < start or (end - start).days >= MAX_DAYS:
        raise ValueError("range")
    accommodations = list(Accommodation.objects.order_by("name"))
    beds: dict[int, int] = defaultdict(int)
    for acc_id in Bed.objects.values_list("room__accommodation_id", flat=True):
        beds[acc_id] += 1
    stays = Placement.objects.filter(moved_in_on__lte=end).filter(
        Q(moved_out_on=None) | Q(moved_out_on__gt=start)
    )
    spans = list(stays.values_list("bed__room__accommodation_id", "moved_in_on", "moved_out_on"))
    per: dict[int, list[int]] = {a.pk: [] for a in accommodations}
    days = []
    day = start
    while day <= end:
        living: dict[int, int] = defaultdict(int)
        for acc_id, moved_in, moved_out in spans:
            if moved_in <= day and (moved_out is None or moved_out > day):
                living[acc_id] += 1
        for acc in accommodations:
            per[acc.pk].append(living[acc.pk])
        days.append(Day(day, sum(beds.values()), sum(living.values())))
        day += timedelta(days=1)
    rows = [Span(a, beds[a.pk], per[a.pk]) for a in accommodations]
    total = Span(None, sum(beds.values()), [d.occupied for d in days])
    return days, [*rows, total]


def occupancy_over(*, start: date, end: date) -> list[Day]:
    """`occupancy_span`'s days: all accommodations together, each day."""
    return occupancy_span(start=start, end=end)[0]


def vacancies(*, user: Any, on: date | None = None) -> list[Occupancy]:
    """The vacancy overview: coordinators and housing desks; figures only."""
    refuse_unless_vacancies(user)
    return occupancy(on=on)


@dataclass
class BedRow:
    bed: Bed
    placement: Placement | None
    occupant: Person | None  # None where free, or where the user may not see who
    occupied: bool


def accommodation_page(*, user: Any, accommodation_id: int) -> tuple[Accommodation, list[BedRow]]:
    """An accommodation's rooms and beds with who lives in each, for a housing desk; the
    occupants the user may not see are shown as occupied only (and recorded so)."""
    agency, purpose = desk(user, what="accommodation")
    with transaction.atomic():
        accommodation = Accommodation.objects.get(pk=accommodation_id)
        beds = list(
            Bed.objects.filter(room__accommodation=accommodation)
            .select_related("room")
            .order_by("room__floor", "room__label", "label")
        )
        living = {
            p.bed_id: p
            for p in Placement.objects.filter(bed__in=beds, moved_out_on=None).select_related(
                "person"
            )
        }
        people = [p.person for p in living.values() if p.agency_id == agency.pk]
        shown, _decided = _identities(user, people, purpose, "accommodation")
        audit(
            user=user,
            action=Action.READ,
            purpose=purpose,
            person_id=None,
            categories=[Category.IDENTITY, *PLACEMENT],
            detail={
                "housing": "accommodation",
                "accommodation": accommodation.pk,
                "shown": [p.pk for p in shown],
            },
        )
    rows = []
    for bed in beds:
        placement = living.get(bed.pk)
        occupant = placement.person if placement and placement.person in shown else None
        rows.append(BedRow(bed, placement if occupant else None, occupant, placement is not None))
    return accommodation, rows


def accommodations(*, user: Any) -> list[Occupancy]:
    """Every accommodation with today's figures, for a housing desk."""
    desk(user, what="accommodations")
    return occupancy()
