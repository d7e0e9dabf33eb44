"""A registration happens once: a double click, a resent form and twenty desks sending the same
person at the same moment make one record."""

import re
import threading
import uuid

from django.db import connection
from django.urls import reverse

from anlaufstelle.core.models import Submission
from anlaufstelle.people import services
from anlaufstelle.people.models import Person
from tests.people.test_register_view import VALID

URL = reverse("people:register")


def _key_on_the_page(client) -> str:
    page = client.get(URL).content.decode()
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', page).group(1)


def test_a_double_click_registers_once_and_leads_both_to_the_person(client_for, audit_entries):
    client = client_for("reception")
    sent = {**VALID, "submission": _key_on_the_page(client)}
    first = client.post(URL, sent)
    second = client.post(URL, sent)
    person = Person.objects.get()
    target = reverse("people:detail", kwargs={"person_id": person.pk})
    assert first["Location"] == second["Location"] == target
    page = client.get(target).content.decode()
    assert "This form was sent before; the person was registered then." in page
    assert [e.action for e in audit_entries() if e.action == "create"] == ["create"]


def test_each_form_shown_has_its_own_key(client_for):
    client = client_for("reception")
    assert _key_on_the_page(client) != _key_on_the_page(client)


def test_a_form_stopped_by_the_duplicate_check_can_be_confirmed_with_the_same_key(client_for, db):
    client = client_for("reception")
    client.post(URL, {**VALID, "submission": _key_on_the_page(client)})
    key = _key_on_the_page(client)
    stopped = client.post(URL, {**VALID, "submission": key})
    assert stopped.status_code == 200 and Person.objects.count() == 1
    confirmed = client.post(URL, {**VALID, "submission": key, "different_person": "on"})
    assert confirmed.status_code == 302 and Person.objects.count() == 2


def test_another_users_key_is_refused(client_for, db):
    key = _key_on_the_page(client_for("reception"))
    client_for("reception").post(URL, {**VALID, "submission": key})
    response = client_for("foreigners_officer").post(
        URL, {**VALID, "submission": key, "different_person": "on"}
    )
    assert response.status_code == 403
    assert Person.objects.count() == 1


def _at_once(personas, submissions: list[uuid.UUID | None]) -> list[str]:
    """Each submission sent by its own desk (thread and connection) at the same moment, on
    PostgreSQL; one after the other on the in-memory SQLite test database, where a second
    writer is refused at once instead of waiting its turn as on the product's SQLite file."""
    data = {k: v for k, v in VALID.items()}
    data["nationalities"], data["languages"] = ["UA"], ["uk", "ru"]
    from datetime import date

    data["birth_date"] = date(1992, 4, 30)
    outcomes: list[str] = []
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(len(submissions) if concurrent else 1)

    def send(key: uuid.UUID | None) -> None:
        try:
            start.wait()
            _, new = services.register_person_once(
                user=personas["reception"], data=dict(data), submission=key
            )
            outcomes.append("registered" if new else "found")
        except services.ProbableDuplicates:
            outcomes.append("stopped")
        finally:
            if concurrent:
                connection.close()

    if concurrent:
        threads = [threading.Thread(target=send, args=(key,)) for key in submissions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for key in submissions:
            send(key)
    return outcomes


def test_twenty_desks_registering_the_same_person_at_once_make_one_record(committed_db, personas):
    outcomes = _at_once(personas, [uuid.uuid4() for _ in range(20)])
    assert sorted(outcomes) == ["registered"] + ["stopped"] * 19
    assert Person.objects.count() == 1


def test_one_form_sent_twenty_times_at_once_makes_one_record(committed_db, personas):
    key = uuid.uuid4()
    outcomes = _at_once(personas, [key] * 20)
    assert sorted(outcomes) == ["found"] * 19 + ["registered"]
    assert Person.objects.count() == 1
    assert Submission.objects.get(key=key).result.startswith("people.person:")
