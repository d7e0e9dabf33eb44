"""Free text of the registry (household labels, addresses, particulars, biography entries)
refuses the hidden characters that names refuse, through every form: the typing comes back
with the message, nothing is saved."""

from django.urls import reverse

from anlaufstelle.people.models import Household, WorkExperience


def test_a_household_label_or_an_entry_with_hidden_characters_is_refused(client_for, person):
    client = client_for("reception")
    household = client.post(
        reverse("people:household_create", kwargs={"person_id": person.pk}),
        {"label": "Familie\u202e", "address": ""},
    )
    assert household.status_code == 200 and not Household.objects.exists()
    assert "U+202E" in household.content.decode()
    work = client.post(
        reverse("people:entry_add", kwargs={"person_id": person.pk, "kind": "work"}),
        {"occupation": "Cook", "from_year": "2005", "description": "fine\u200b"},
    )
    assert work.status_code == 200 and not WorkExperience.objects.exists()
    assert "U+200B" in work.content.decode()
