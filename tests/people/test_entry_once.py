"""Adding an entry happens once: a double click, a form sent again after a lost answer and ten
tabs sending the same form at the same moment add one entry."""

import re
import threading
import uuid

from django.db import connection
from django.urls import reverse

from anlaufstelle.people import services
from anlaufstelle.people.models import Document, Schooling

SCHOOLING = {"level": "upper_secondary", "country": "UA", "years": "11", "completed": "on"}


def _url(person, kind="schooling"):
    return reverse("people:entry_add", kwargs={"person_id": person.pk, "kind": kind})


def _key_on_the_page(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', page).group(1)


def test_a_double_click_adds_the_entry_once(client_for, person, audit_entries):
    client = client_for("reception")
    url = _url(person)
    sent = {**SCHOOLING, "submission": _key_on_the_page(client, url)}
    first = client.post(url, sent)
    second = client.post(url, sent, follow=True)
    assert first.status_code == 302
    assert Schooling.objects.filter(person=person).count() == 1
    page = second.content.decode()
    assert "This form had been sent already: the entry was added once." in page
    assert [e.action for e in audit_entries() if e.action == "create"] == ["create"]


def test_each_form_shown_has_its_own_key_and_adds_its_own_entry(client_for, person):
    client = client_for("reception")
    url = _url(person)
    for _ in range(2):
        client.post(url, {**SCHOOLING, "submission": _key_on_the_page(client, url)})
    assert Schooling.objects.filter(person=person).count() == 2


def test_a_refused_entry_can_be_sent_again_with_the_same_key(client_for, person):
    client = client_for("reception")
    url = _url(person)
    key = _key_on_the_page(client, url)
    refused = client.post(url, {**SCHOOLING, "years": "99", "submission": key})
    assert refused.status_code == 200 and not Schooling.objects.exists()
    client.post(url, {**SCHOOLING, "submission": key})
    assert Schooling.objects.filter(person=person).count() == 1


def test_another_users_key_is_refused(client_for, person):
    url = _url(person, "document")
    key = _key_on_the_page(client_for("reception"), url)
    document = {"kind": "passport", "number": "FX123456", "issuing_country": "UA"}
    client_for("reception").post(url, {**document, "submission": key})
    response = client_for("foreigners_officer").post(url, {**document, "submission": key})
    assert response.status_code == 403
    assert Document.objects.count() == 1


def test_one_form_sent_ten_times_at_once_adds_one_entry(committed_db, personas, person):
    # Each sending in its own thread and connection on PostgreSQL; one after the other on the
    # in-memory SQLite test database (see test_register_once.py).
    key = uuid.uuid4()
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(10 if concurrent else 1)
    outcomes: list[bool] = []

    def send() -> None:
        try:
            start.wait()
            _entry, new = services.add_entry_once(
                user=personas["reception"],
                person=person,
                kind="schooling",
                data={"level": "upper_secondary", "country": "UA", "years": 11, "completed": True},
                submission=key,
            )
            outcomes.append(new)
        finally:
            if concurrent:
                connection.close()

    threads = [threading.Thread(target=send) for _ in range(10)]
    for thread in threads:
        thread.start() if concurrent else (thread.run())
    for thread in threads:
        if concurrent:
            thread.join()
    assert sorted(outcomes) == [False] * 9 + [True]
    assert Schooling.objects.filter(person=person).count() == 1
