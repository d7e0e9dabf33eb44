"""Two desks editing the same entry: the second save of the same version is refused with both
versions shown, nothing overwritten; at the same moment on PostgreSQL, one wins."""

import re
import threading

from django.db import connection
from django.urls import reverse

from anlaufstelle.people import services
from anlaufstelle.people.models import Document

DOCUMENT = {"kind": "passport", "number": "FX100200", "issuing_country": "UA"}


def _url(document: Document) -> str:
    kwargs = {"person_id": document.person_id, "kind": "document", "entry_id": document.pk}
    return reverse("people:entry_edit", kwargs=kwargs)


def _version_on_the_page(client, url) -> str:
    return re.search(r'name="version" value="(\d+)"', client.get(url).content.decode()).group(1)


def test_the_second_desk_gets_both_versions_and_nothing_is_overwritten(client_for, person):
    document = Document.objects.create(person=person, **DOCUMENT)
    url = _url(document)
    first, second = client_for("reception"), client_for("foreigners_officer")
    version = _version_on_the_page(first, url)
    assert _version_on_the_page(second, url) == version == "1"
    saved = first.post(url, {**DOCUMENT, "number": "FX100201", "version": version})
    assert saved.status_code == 302
    refused = second.post(url, {**DOCUMENT, "number": "FX999999", "version": version})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert 'value="FX999999"' in page  # what the second desk typed is kept
    assert "Saved meanwhile by someone else: FX100201" in page
    assert 'name="version" value="2"' in page  # saving again now goes over the new version
    document.refresh_from_db()
    assert (document.number, document.version) == ("FX100201", 2)
    again = second.post(url, {**DOCUMENT, "number": "FX999999", "version": "2"})
    assert again.status_code == 302
    document.refresh_from_db()
    assert (document.number, document.version) == ("FX999999", 3)


def test_an_unchanged_save_keeps_the_version(client_for, person):
    document = Document.objects.create(person=person, **DOCUMENT)
    client_for("reception").post(_url(document), {**DOCUMENT, "version": "1"})
    document.refresh_from_db()
    assert document.version == 1


def test_two_desks_saving_the_same_version_at_once_one_wins(committed_db, personas, person):
    document = Document.objects.create(person=person, **DOCUMENT)
    outcomes: list[str] = []
    saves = [("reception", "FX1"), ("foreigners_officer", "FX2")]
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(len(saves) if concurrent else 1)

    def save(officer: str, number: str) -> None:
        try:
            start.wait()
            services.update_entry(
                user=personas[officer],
                entry=document,
                data={"number": number},
                expected_version=1,
            )
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("refused")
        finally:
            if concurrent:
                connection.close()

    threads = [threading.Thread(target=save, args=args) for args in saves]
    for thread in threads:
        thread.start() if concurrent else thread.run()
    for thread in threads:
        if concurrent:
            thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    stored = Document.objects.get(pk=document.pk)
    assert stored.version == 2 and stored.number in ("FX1", "FX2")
