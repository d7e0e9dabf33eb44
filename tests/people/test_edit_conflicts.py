"""Two officers editing the same person: the second save is refused with both versions shown,
nothing overwritten and nothing of theirs lost."""

import re
import threading

import pytest
from django.db import connection
from django.urls import reverse

from anlaufstelle.people import services
from anlaufstelle.people.models import Person


def _form_data(page) -> dict[str, list[str]]:
    """What the browser would send back: every field of the edit form as shown."""
    html = page.content.decode()
    form = html[html.index("<form", html.index('id="main"')) :]
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if kind and kind.group(1) in ("checkbox", "radio") and "checked" not in tag:
            continue
        data.setdefault(name.group(1), []).append(value.group(1) if value else "")
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        data[name] = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = [text.strip()]
    return data


@pytest.mark.django_db
def test_a_save_over_a_newer_version_is_refused_and_changes_nothing(
    personas, person, audit_entries
):
    services.update_person(
        user=personas["reception"], person=person, data={"phone": "+49 30 1"}, expected_version=1
    )
    assert Person.objects.get(pk=person.pk).version == 2
    before = len(audit_entries())
    with pytest.raises(services.EditConflict) as refused:
        services.update_person(
            user=personas["foreigners_officer"],
            person=person,
            data={"phone": "+49 30 2"},
            expected_version=1,
        )
    assert refused.value.stored.phone == "+49 30 1"
    assert Person.objects.get(pk=person.pk).phone == "+49 30 1"
    assert len(audit_entries()) == before


@pytest.mark.django_db
def test_the_second_officer_gets_the_form_back_with_both_versions(client_for, person):
    url = reverse("people:edit", kwargs={"person_id": person.pk})
    first, second = client_for("reception"), client_for("foreigners_officer")
    theirs, mine = _form_data(first.get(url)), _form_data(second.get(url))
    phone_before = person.phone
    theirs["family_name"] = ["Shevchenko-Koval"]
    assert first.post(url, theirs).status_code == 302
    mine["phone"] = ["+49 341 555 0101"]
    mine["address"] = ["Neumarkt 1, Leipzig"]
    page = second.post(url, mine)
    assert page.status_code == 409
    body = page.content.decode()
    assert "Someone else saved this while you were editing" in body
    assert "Saved meanwhile by someone else: Shevchenko-Koval" in body
    # What the second officer typed is all still there.
    assert 'value="+49 341 555 0101"' in body and "Neumarkt 1, Leipzig" in body
    stored = Person.objects.get(pk=person.pk)
    assert (stored.family_name, stored.phone, stored.version) == (
        "Shevchenko-Koval",
        phone_before,
        2,
    )
    # Checked and sent again (on the version now shown), it is saved.
    again = _form_data(page)
    assert again["version"] == ["2"]
    again["family_name"] = ["Shevchenko-Koval"]
    assert second.post(url, again).status_code == 302
    stored.refresh_from_db()
    assert (stored.family_name, stored.phone, stored.version) == (
        "Shevchenko-Koval",
        "+49 341 555 0101",
        3,
    )


def test_two_saves_of_the_same_version_at_once_one_wins(committed_db, personas, person):
    outcomes: list[str] = []
    saves = [("reception", "+49 1"), ("foreigners_officer", "+49 2")]
    start = threading.Barrier(len(saves))

    def save(officer: str, phone: str) -> None:
        try:
            start.wait()  # both desks press "save" at the same moment
            services.update_person(
                user=personas[officer], person=person, data={"phone": phone}, expected_version=1
            )
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("refused")
        finally:
            connection.close()

    if connection.vendor == "sqlite":
        # The SQLite test database lives in memory, where a second writer is refused at once
        # instead of waiting its turn as on the product's SQLite file (immediate transactions):
        # there the two saves run one after the other through the same code.
        start = threading.Barrier(1)
        for officer, phone in saves:
            save(officer, phone)
    else:
        threads = [threading.Thread(target=save, args=args) for args in saves]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    stored = Person.objects.get(pk=person.pk)
    assert stored.version == 2 and stored.phone in ("+49 1", "+49 2")
