"""Two desks of the foreigners authority recording the same person's facts at once (on
PostgreSQL truly at once, on SQLite one after the other): the first file row is made once, one
save wins, the other is refused, and nothing is half written."""

import threading

from django.db import connection

from anlaufstelle.eligibility import services
from anlaufstelle.eligibility.models import RecordedFacts
from anlaufstelle.people.services.base import EditConflict


def test_two_desks_recording_the_same_version_at_once_one_wins(committed_db, personas, young):
    outcomes: list[str] = []
    saves = [{"german_oral": "A2"}, {"german_oral": "B1"}]
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(len(saves) if concurrent else 1)

    def save(data: dict) -> None:
        try:
            start.wait()
            services.record_facts(
                user=personas["foreigners_officer"], person=young, data=data, expected_version=1
            )
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("refused")
        finally:
            if concurrent:
                connection.close()

    threads = [threading.Thread(target=save, args=(data,)) for data in saves]
    for thread in threads:
        thread.start() if concurrent else thread.run()
    for thread in threads:
        if concurrent:
            thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    stored = RecordedFacts.objects.get(person=young)
    assert stored.version == 2 and stored.german_oral in ("A2", "B1")
