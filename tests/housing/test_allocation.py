"""Proposals that fit, allocation and move-out, the waiting list's order, and the audit trail
of each (housing/services.py)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import TECHNICAL_FIELDS, Category
from anlaufstelle.housing import services
from anlaufstelle.housing.models import Bed, Placement, WaitingEntry
from tests.housing.conftest import ON, family, place, waiting
from tests.people.conftest import make_person
from tests.trail import person_trail


def test_every_field_of_a_placement_and_a_waiting_entry_has_a_data_category():
    for name in ("Placement", "WaitingEntry"):
        model = apps.get_model("housing", name)
        fields = {f.name for f in model._meta.concrete_fields} - TECHNICAL_FIELDS
        assert fields == set(model.FIELD_CATEGORIES), name
        assert set(model.FIELD_CATEGORIES.values()) <= set(Category.values), name


def _names(proposals):
    return [[a.name for a in p.accommodations] for p in proposals]


def test_a_family_is_proposed_places_that_hold_it_whole_in_the_fewest_rooms(officer, housing):
    place("Two rooms", ("A", 2, False), ("B", 2, False))
    place("One room", ("Big", 5, False))
    place("Too small", ("S", 3, False))
    place("Men only", ("M", 6, False), takes_families=False, takes_single_women=False)
    household, people = family("Koval", 4)
    entry = waiting(people, household, agency=housing)

    found = services.proposals(user=officer, entry_id=entry.pk)

    assert _names(found) == [["One room"], ["Two rooms"]]
    assert [len(p.rooms) for p in found] == [1, 2]
    assert all(len(p.beds) == 4 for p in found)
    assert found[0].spare == 1 and found[1].spare == 0


def test_the_smallest_room_that_holds_the_rest_is_taken(officer, housing):
    place("Mixed", ("Four", 4, False), ("Three", 3, False), ("Two", 2, False))
    household, people = family("Bondar", 6)
    entry = waiting(people, household, agency=housing)

    (proposal,) = services.proposals(user=officer, entry_id=entry.pk)

    assert [room.label for room, _beds in proposal.rooms] == ["Four", "Two"]
    assert proposal.spare == 0


def test_a_step_free_need_gets_step_free_rooms_in_places_for_people_with_disabilities(
    officer, housing
):
    place("Stairs", ("1", 2, False), takes_disabled=True, accessible=True)
    place("No care", ("1", 2, True), accessible=True)
    place("Ground floor", ("G", 2, True), ("Up", 2, False), takes_disabled=True, accessible=True)
    household, people = family("Tkachenko", 2)
    entry = waiting(people, household, agency=housing, needs_accessible=True)

    found = services.proposals(user=officer, entry_id=entry.pk)

    assert _names(found) == [["Ground floor"]]
    assert [room.label for room, _beds in found[0].rooms] == ["G"]


def test_a_single_woman_is_proposed_only_places_that_take_single_women(officer, housing):
    place("For men", ("M", 4, False), takes_single_women=False)
    place("For women", ("W", 4, False), takes_single_men=False, takes_families=False)
    person = make_person(family_name="Hnatiuk", given_names="Iryna", sex="f")
    entry = waiting([person], agency=housing, group="single_woman")

    found = services.proposals(user=officer, entry_id=entry.pk)

    assert _names(found) == [["For women"]]


def test_a_split_is_proposed_in_two_accommodations_in_every_way_that_holds_the_family(
    officer, housing
):
    place("Alpha", ("A", 3, False))
    place("Beta", ("B", 2, False))
    place("Gamma", ("G1", 1, False), ("G2", 1, False))
    place("Delta", ("D", 1, False))
    household, people = family("Savchenko", 4)
    entry = waiting(people, household, agency=housing)

    found = services.proposals(user=officer, entry_id=entry.pk, split=True)

    # Two accommodations each, as many as fit in the roomier one: the fewest rooms first, then
    # the fewest beds left over. Three (Beta, Gamma, Delta) would hold them too, but two do.
    assert _names(found) == [
        ["Alpha", "Delta"],
        ["Alpha", "Gamma"],
        ["Alpha", "Beta"],
        ["Beta", "Gamma"],
    ]
    assert [(len(p.rooms), p.spare) for p in found] == [(2, 0), (2, 0), (2, 1), (3, 0)]
    assert all(p.split and len(p.beds) == 4 for p in found)


def test_where_no_two_accommodations_hold_the_family_one_proposal_takes_the_largest_first(
    officer, housing
):
    for name in ("Eins", "Zwei", "Drei"):
        place(name, (name[0], 1, False))
    household, people = family("Kravets", 3)
    entry = waiting(people, household, agency=housing)

    (proposal,) = services.proposals(user=officer, entry_id=entry.pk, split=True)

    assert _names([proposal]) == [["Drei", "Eins", "Zwei"]] and len(proposal.beds) == 3


def test_a_family_is_never_split_unless_the_officer_chooses_so(officer, housing):
    left = place("Left", ("L", 2, False))
    right = place("Right", ("R", 2, False))
    household, people = family("Lysenko", 4)
    entry = waiting(people, household, agency=housing)
    beds = [b.pk for b in Bed.objects.filter(room__accommodation__in=[left, right])]

    assert services.proposals(user=officer, entry_id=entry.pk) == []
    with pytest.raises(services.NotAvailable) as refused:
        services.allocate(user=officer, entry_id=entry.pk, bed_ids=beds)
    assert "split the household" in str(refused.value)
    assert not Placement.objects.exists()
    assert WaitingEntry.objects.get(pk=entry.pk).status == "waiting"
    refusal = person_trail().filter(action=Action.REFUSED).get()
    assert refusal.person_ref == people[0].pk and refusal.detail["rule"] == "split"

    (split,) = services.proposals(user=officer, entry_id=entry.pk, split=True)
    assert split.split and _names([split]) == [["Left", "Right"]]
    placed = services.allocate(user=officer, entry_id=entry.pk, bed_ids=beds, split=True)

    assert {p.person_id for p in placed} == {p.pk for p in people}
    assert all(p.split for p in Placement.objects.all())
    assert WaitingEntry.objects.get(pk=entry.pk).status == "placed"


def test_allocation_moves_the_household_in_and_records_each_person(officer, housing):
    home = place("Home", ("A", 3, False))
    household, people = family("Savchenko", 3)
    entry = waiting(people, household, agency=housing)
    (proposal,) = services.proposals(user=officer, entry_id=entry.pk)

    services.allocate(user=officer, entry_id=entry.pk, bed_ids=[b.pk for b in proposal.beds], on=ON)

    rows = Placement.objects.filter(bed__room__accommodation=home, moved_out_on=None)
    assert sorted(rows.values_list("person_id", flat=True)) == sorted(p.pk for p in people)
    assert all(not p.split and p.moved_in_on == ON and p.agency == housing for p in rows)
    created = person_trail().filter(action=Action.CREATE)
    assert sorted(created.values_list("person_ref", flat=True)) == sorted(p.pk for p in people)
    assert all(e.categories == ["benefits"] and e.purpose == "casework" for e in created)


def test_a_bed_taken_meanwhile_is_refused_and_recorded(officer, second_officer, housing):
    place("Last", ("A", 1, False))
    first = make_person(family_name="Marchenko", given_names="Olha", sex="f")
    second = make_person(family_name="Rudenko", given_names="Anna", sex="f")
    one = waiting([first], agency=housing)
    two = waiting([second], agency=housing)
    bed = Bed.objects.get()

    services.allocate(user=officer, entry_id=one.pk, bed_ids=[bed.pk])
    with pytest.raises(services.NotAvailable) as refused:
        services.allocate(user=second_officer, entry_id=two.pk, bed_ids=[bed.pk])

    assert "has been given to someone else meanwhile" in str(refused.value)
    assert Placement.objects.get().person == first
    assert WaitingEntry.objects.get(pk=two.pk).status == "waiting"
    refusal = person_trail().filter(action=Action.REFUSED).get()
    assert refusal.person_ref == second.pk and refusal.detail["rule"] == "bed taken"


def test_wrong_bed_counts_and_unfit_beds_are_refused_and_change_nothing(officer, housing):
    place("Home", ("A", 3, False))
    place("Men", ("M", 3, False), takes_families=False)
    household, people = family("Kravets", 2)
    entry = waiting(people, household, agency=housing)
    home = list(Bed.objects.filter(room__label="A").values_list("pk", flat=True))
    men = list(Bed.objects.filter(room__label="M").values_list("pk", flat=True))

    for beds, words in [
        (home[:1], "Choose one bed for each of the 2 people."),
        ([999_999, home[0]], "A chosen bed does not exist."),
        (men[:2], "does not fit this household"),
    ]:
        with pytest.raises(services.NotAvailable) as refused:
            services.allocate(user=officer, entry_id=entry.pk, bed_ids=beds)
        assert words in str(refused.value)
    assert not Placement.objects.exists()
    assert person_trail().filter(action=Action.REFUSED).count() == 3


def test_move_out_frees_the_bed(officer, housing):
    place("Home", ("A", 1, False))
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    entry = waiting([person], agency=housing)
    bed = Bed.objects.get()
    (placement,) = services.allocate(
        user=officer, entry_id=entry.pk, bed_ids=[bed.pk], on=date(2026, 12, 1)
    )
    assert not services.free_beds().exists()

    assert services.move_out(user=officer, placement_id=placement.pk, on=ON) is True
    assert services.move_out(user=officer, placement_id=placement.pk, on=ON) is False

    assert list(services.free_beds()) == [bed]
    assert Placement.objects.get().moved_out_on == ON
    update = person_trail().filter(action=Action.UPDATE).get()
    assert update.person_ref == person.pk and update.detail["fields"] == ["moved_out_on"]
    other = make_person(family_name="Zhuk", given_names="Daria", sex="f")
    services.allocate(user=officer, entry_id=waiting([other], agency=housing).pk, bed_ids=[bed.pk])
    assert Placement.objects.filter(bed=bed, moved_out_on=None).get().person == other


def test_a_move_out_before_the_move_in_is_refused(officer, housing):
    place("Home", ("A", 1, False))
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    entry = waiting([person], agency=housing)
    (placement,) = services.allocate(
        user=officer, entry_id=entry.pk, bed_ids=[Bed.objects.get().pk], on=ON
    )

    with pytest.raises(ValidationError):
        services.move_out(user=officer, placement_id=placement.pk, on=date(2026, 11, 1))
    assert Placement.objects.get().moved_out_on is None


def test_the_waiting_list_is_ordered_by_urgency_then_waiting_time(officer, housing):
    people = [make_person(family_name=f"W{n}", given_names="Test") for n in range(4)]
    normal_old = waiting(people[:1], agency=housing, urgency=3, since=date(2026, 10, 1))
    tonight = waiting(people[1:2], agency=housing, urgency=1, since=date(2026, 12, 5))
    urgent = waiting(people[2:3], agency=housing, urgency=2, since=date(2026, 11, 1))
    normal_new = waiting(people[3:], agency=housing, urgency=3, since=date(2026, 11, 1))

    listed = services.waiting_list(user=officer)

    assert listed.rows == [tonight, urgent, normal_old, normal_new]
    read = person_trail().filter(action=Action.READ).get()
    assert sorted(read.detail["shown"]) == sorted(p.pk for p in people)


def test_a_person_waits_once_and_a_form_sent_twice_adds_them_once(officer, housing):
    household, people = family("Koval", 3)
    key = uuid.uuid4()
    data = {"group": "family", "urgency": 2, "whole_household": True}

    entry, new = services.add_waiting(
        user=officer, person_id=people[0].pk, data=data, submission=key
    )
    again, new_again = services.add_waiting(
        user=officer, person_id=people[0].pk, data=data, submission=key
    )

    assert (new, new_again) == (True, False) and again == entry
    assert entry.size == 3 and entry.household == household
    with pytest.raises(ValidationError):
        services.add_waiting(user=officer, person_id=people[0].pk, data=data)
    assert WaitingEntry.objects.count() == 1
    created = person_trail().filter(action=Action.CREATE).get()
    # No step-free need was entered: no health data written, none asked for or recorded.
    assert created.person_ref == people[0].pk and created.categories == ["benefits"]
    assert "needs_accessible" not in created.detail["fields"]


def test_occupancy_now_and_over_days(officer, housing):
    a = place("A", ("1", 2, True), accessible=True)
    place("B", ("1", 3, False))
    first = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    second = make_person(family_name="Zhuk", given_names="Daria", sex="f")
    beds = list(Bed.objects.filter(room__accommodation=a).order_by("pk"))
    services.allocate(
        user=officer,
        entry_id=waiting([first], agency=housing).pk,
        bed_ids=[beds[0].pk],
        on=date(2026, 12, 1),
    )
    (gone,) = services.allocate(
        user=officer,
        entry_id=waiting([second], agency=housing).pk,
        bed_ids=[beds[1].pk],
        on=date(2026, 12, 2),
    )
    services.move_out(user=officer, placement_id=gone.pk, on=date(2026, 12, 4))

    rows = services.occupancy(on=date(2026, 12, 3))
    figures = [(r.accommodation and r.accommodation.name, r.beds, r.occupied, r.free) for r in rows]
    assert figures == [("A", 2, 2, 0), ("B", 3, 0, 3), (None, 5, 2, 3)]
    now = services.occupancy(on=ON)
    assert [(r.occupied, r.free, r.free_accessible) for r in now] == [
        (1, 1, 1),
        (0, 3, 0),
        (1, 4, 1),
    ]

    days = services.occupancy_over(start=date(2026, 11, 30), end=date(2026, 12, 4))
    assert [(d.on.day, d.occupied, d.free) for d in days] == [
        (30, 0, 5),
        (1, 1, 4),
        (2, 2, 3),
        (3, 2, 3),
        (4, 1, 4),
    ]


def test_other_desks_are_refused_and_recorded_coordinators_see_only_figures(
    personas, officer, housing
):
    place("Home", ("A", 2, False))
    person = make_person(family_name="Bilyk", given_names="Oksana", sex="f")
    entry = waiting([person], agency=housing)
    jobcenter = personas["jobcenter_officer"]
    coordinator = personas["coordinator"]

    for user in (jobcenter, coordinator):
        with pytest.raises(PermissionDenied):
            services.waiting_list(user=user)
        with pytest.raises(PermissionDenied):
            services.allocate(user=user, entry_id=entry.pk, bed_ids=[Bed.objects.first().pk])
        with pytest.raises(PermissionDenied):
            services.placement_page(user=user, person_id=person.pk)
    with pytest.raises(PermissionDenied):
        services.vacancies(user=jobcenter)

    assert not Placement.objects.exists()
    refusals = person_trail().filter(action=Action.REFUSED)
    assert refusals.count() == 7
    assert set(refusals.values_list("username", flat=True)) == {"jc.officer", "koordination"}
    assert [r.free for r in services.vacancies(user=coordinator)] == [2, 2]
    assert not person_trail().filter(action=Action.READ).exists()


def test_the_placement_page_shows_the_household_and_is_recorded(officer, housing):
    place("Home", ("A", 2, False))
    household, people = family("Koval", 2)
    entry = waiting(people, household, agency=housing)
    beds = list(Bed.objects.values_list("pk", flat=True))
    placed = services.allocate(user=officer, entry_id=entry.pk, bed_ids=beds)
    services.move_out(user=officer, placement_id=placed[1].pk)

    page = services.placement_page(user=officer, person_id=people[0].pk)

    assert page.members == people
    assert [p.person for p in page.current] == [people[0]]
    assert [p.person for p in page.past] == [people[1]]
    read = person_trail().filter(action=Action.READ, person_ref=people[0].pk).last()
    assert (
        read.detail["housing"] == "placement"
        and read.detail["access"]["benefits"]["basis"] == "own"
    )


def test_occupancy_per_accommodation_over_days(officer, housing):
    a = place("A", ("1", 2, False))
    place("B", ("1", 3, False))
    beds = list(Bed.objects.filter(room__accommodation=a).order_by("pk"))
    for n, (bed, since) in enumerate(
        zip(beds, (date(2026, 12, 1), date(2026, 12, 3)), strict=True)
    ):
        person = make_person(family_name=f"P{n}", given_names="Test", sex="f")
        services.allocate(
            user=officer, entry_id=waiting([person], agency=housing).pk, bed_ids=[bed.pk], on=since
        )

    days, spans = services.occupancy_span(start=date(2026, 12, 1), end=date(2026, 12, 4))

    assert [d.occupied for d in days] == [1, 1, 2, 2]
    figures = [(s.beds, s.peak, s.fewest_free, str(s.average)) for s in spans]
    assert figures == [(2, 2, 0, "1.5"), (3, 0, 3, "0.0"), (5, 2, 3, "1.5")]
    with pytest.raises(ValueError):
        services.occupancy_span(start=date(2026, 12, 4), end=date(2026, 12, 1))


def test_a_step_free_need_is_written_and_recorded_as_health_data(officer, housing):
    person = make_person(family_name="Hnatiuk", given_names="Iryna", sex="f")
    data = {"group": "single_woman", "urgency": 2, "needs_accessible": True}
    services.add_waiting(user=officer, person_id=person.pk, data=data)
    created = person_trail().filter(action=Action.CREATE).get()
    assert created.categories == ["benefits", "health"]
    assert "needs_accessible" in created.detail["fields"]
