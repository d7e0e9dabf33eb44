"""The demo's accommodations: a shared hall with step-free rooms, flats for families, a
women's house and an emergency gym, a few demo households living there and a few waiting, so
that the housing desk (user `wohnen`) has a waiting list to allocate from and the coordinator
a vacancy overview."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count

from anlaufstelle.housing.models import Accommodation, Bed, Group, Placement, Room, WaitingEntry
from anlaufstelle.organisation.models import Agency
from anlaufstelle.people.models import Household, HouseholdMember

# name, kind, address, step-free, takes (families, women, men, disabled), cost, period, rooms
# as (label, floor, beds, step-free)
PLACES = [
    (
        "Gemeinschaftsunterkunft Messehalle",
        "shared",
        "Messe-Allee 1, 04356 Leipzig",
        True,
        (True, True, True, True),
        "18.50",
        "night",
        [(f"H{n}", 0, 4, True) for n in range(1, 7)],
    ),
    (
        "Wohnungen Grünau",
        "flat",
        "Stuttgarter Allee 12, 04209 Leipzig",
        False,
        (True, False, False, False),
        "410.00",
        "month",
        [("1.1", 1, 3, False), ("1.2", 1, 2, False), ("2.1", 2, 3, False), ("2.2", 2, 2, False)],
    ),
    (
        "Frauenhaus-Plätze Süd",
        "shared",
        "Karl-Liebknecht-Straße 80, 04275 Leipzig",
        True,
        (False, True, False, True),
        "22.00",
        "night",
        [("A", 0, 2, True), ("B", 1, 2, False)],
    ),
    (
        "Notunterkunft Turnhalle Nord",
        "emergency",
        "Wiederitzscher Straße 5, 04155 Leipzig",
        True,
        (False, False, True, False),
        "12.00",
        "night",
        [("Halle", 0, 10, True)],
    ),
]


def load(*, agency: Agency, today: date) -> tuple[int, int]:
    """The accommodations, two households living in the hall and up to four households
    waiting (the most urgent first); returns (beds, waiting entries)."""
    beds: list[Bed] = []
    for name, kind, address, accessible, takes, cost, period, rooms in PLACES:
        place = Accommodation.objects.create(
            name=name,
            kind=kind,
            address=address,
            accessible=accessible,
            takes_families=takes[0],
            takes_single_women=takes[1],
            takes_single_men=takes[2],
            takes_disabled=takes[3],
            cost=Decimal(cost),
            cost_period=period,
        )
        for label, floor, count, step_free in rooms:
            room = Room.objects.create(
                accommodation=place, label=label, floor=floor, accessible=step_free
            )
            beds += Bed.objects.bulk_create(
                Bed(room=room, label=f"{label}-{n}") for n in range(1, count + 1)
            )
    families = list(
        Household.objects.annotate(size=Count("members"))
        .filter(size__gte=2, size__lte=4)
        .order_by("pk")[:6]
    )
    hall = [b for b in beds if b.room.accommodation.name.startswith("Gemeinschaft")]
    placements = []
    for household in families[:2]:
        for member in HouseholdMember.objects.filter(household=household).order_by("pk"):
            placements.append(
                Placement(
                    person_id=member.person_id,
                    household=household,
                    bed=hall.pop(0),
                    agency=agency,
                    moved_in_on=today - timedelta(days=30),
                )
            )
    Placement.objects.bulk_create(placements)
    waiting = []
    for n, household in enumerate(families[2:]):
        members = list(HouseholdMember.objects.filter(household=household).order_by("pk"))
        head = next((m for m in members if m.relation == "head"), members[0])
        waiting.append(
            WaitingEntry(
                person_id=head.person_id,
                household=household,
                agency=agency,
                size=len(members),
                group=Group.FAMILY,
                urgency=(1, 2, 3, 3)[n],
                since=today - timedelta(days=3 + 4 * n),
            )
        )
    WaitingEntry.objects.bulk_create(waiting)
    return len(beds), len(waiting)
