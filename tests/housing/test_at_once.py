"""Two housing desks giving the last free bed at the same moment (on PostgreSQL truly at once,
each in its own thread and connection; on SQLite one after the other): exactly one household
gets it, the other desk is refused with a clear reason, and the refusal is recorded."""

import threading

from django.db import connection

from anlaufstelle.audit.models import Action
from anlaufstelle.housing import services
from anlaufstelle.housing.models import Bed, Placement, WaitingEntry
from tests.housing.conftest import family, place, waiting
from tests.people.conftest import make_person
from tests.trail import person_trail


def test_two_desks_allocating_the_last_bed_at_once_exactly_one_gets_it(
    committed_db, agencies, housing, officer, second_officer
):
    place("Last bed", ("A", 1, False))
    bed = Bed.objects.get()
    people = [
        make_person(family_name="Marchenko", given_names="Olha", sex="f"),
        make_person(family_name="Rudenko", given_names="Anna", sex="f"),
    ]
    entries = [waiting([p], agency=housing) for p in people]
    outcomes: list[str] = []
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(2 if concurrent else 1)

    def allocate(user, entry) -> None:
        try:
            start.wait()
            services.allocate(user=user, entry_id=entry.pk, bed_ids=[bed.pk])
            outcomes.append("placed")
        except services.NotAvailable as refused:
            outcomes.append(str(refused))
        finally:
            if concurrent:
                connection.close()

    threads = [
        threading.Thread(target=allocate, args=(user, entry))
        for user, entry in zip([officer, second_officer], entries, strict=True)
    ]
    for thread in threads:
        thread.start() if concurrent else thread.run()
    for thread in threads:
        if concurrent:
            thread.join()

    assert sorted(outcomes) == sorted(
        ["placed", f"{bed} has been given to someone else meanwhile."]
    )
    placement = Placement.objects.get()
    assert placement.bed == bed and placement.moved_out_on is None
    statuses = dict(WaitingEntry.objects.values_list("person_id", "status"))
    assert sorted(statuses.values()) == ["placed", "waiting"]
    refusal = person_trail().filter(action=Action.REFUSED).get()
    assert refusal.detail["rule"] == "bed taken"
    assert statuses[refusal.person_ref] == "waiting"
    assert person_trail().filter(action=Action.CREATE).get().person_ref == placement.person_id


def test_two_desks_placing_the_same_family_at_once_place_it_once(
    committed_db, agencies, housing, officer, second_officer
):
    place("Haus", ("A", 2, False), ("B", 2, False))
    household, people = family("Koval", 2)
    entry = waiting(people, household, agency=housing)
    rooms = [
        list(Bed.objects.filter(room__label=label).values_list("pk", flat=True))
        for label in ("A", "B")
    ]
    outcomes: list[str] = []
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(2 if concurrent else 1)

    def allocate(user, beds) -> None:
        try:
            start.wait()
            services.allocate(user=user, entry_id=entry.pk, bed_ids=beds)
            outcomes.append("placed")
        except services.NotAvailable as refused:
            outcomes.append(str(refused))
        finally:
            if concurrent:
                connection.close()

    threads = [
        threading.Thread(target=allocate, args=(user, beds))
        for user, beds in zip([officer, second_officer], rooms, strict=True)
    ]
    for thread in threads:
        thread.start() if concurrent else thread.run()
    for thread in threads:
        if concurrent:
            thread.join()

    assert sorted(outcomes) == ["This household is no longer on the waiting list.", "placed"]
    assert Placement.objects.count() == 2
    assert len({p.bed.room_id for p in Placement.objects.select_related("bed")}) == 1
