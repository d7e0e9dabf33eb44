"""Two desks putting the same person into a household at the same moment: one household, and
the second desk gets the message that the person belongs to one already (no server error)."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection

from anlaufstelle.people import services
from anlaufstelle.people.models import Household, HouseholdMember


def test_two_desks_creating_a_household_for_one_person_at_once(committed_db, personas, person):
    outcomes: list[str] = []
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(2 if concurrent else 1)

    def create(officer: str) -> None:
        try:
            start.wait()
            services.create_household(user=personas[officer], person=person, data={})
            outcomes.append("created")
        except ValidationError as exc:
            assert "already belongs to a household" in str(exc)
            outcomes.append("refused")
        finally:
            if concurrent:
                connection.close()

    threads = [
        threading.Thread(target=create, args=(o,)) for o in ("reception", "foreigners_officer")
    ]
    for thread in threads:
        thread.start() if concurrent else thread.run()
    for thread in threads:
        if concurrent:
            thread.join()
    assert sorted(outcomes) == ["created", "refused"]
    assert Household.objects.count() == 1 and HouseholdMember.objects.count() == 1
