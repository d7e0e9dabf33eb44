"""The registration and edit form as a new user meets it: the nationality list, the empty
choices, the 01.01. placeholder next to its box, passport names in Latin letters."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from anlaufstelle.people.models import Person
from tests.people.test_register_view import VALID

URL = reverse("people:register")


def test_nationalities_are_ticked_not_ctrl_clicked(client_for):
    html = client_for("reception").get(URL).content.decode()
    assert "Ctrl" not in html and '<select name="nationalities"' not in html
    # A group of checkboxes under a legend, with a filter box that the script reveals.
    assert re.search(r"<fieldset[^>]*>\s*<legend class=\"kern-label\">Nationalities", html)
    assert (
        html.count('type="checkbox" class="kern-form-check__checkbox" name="nationalities"') > 240
    )
    assert 'for="id_nationalities_filter">Filter the list</label>' in html
    assert 'aria-controls="id_nationalities_options"' in html
    # Staff may type the English name or the code in any interface language.
    assert 'data-search="Ukraine Ukraine UA"' in html


def test_two_nationalities_are_saved_and_shown_first_when_the_form_comes_back(client_for):
    client = client_for("reception")
    response = client.post(URL, {**VALID, "nationalities": ["SY", "UA"], "email": "bad@"})
    html = response.content.decode()
    chosen = html[html.index("data-chips") : html.index("</ul>", html.index("data-chips"))]
    assert "Syria" in chosen and "Ukraine" in chosen
    options = html[html.index('id="id_nationalities_options"') :]
    first_two = re.findall(r'name="nationalities" value="(\w+)"', options)[:2]
    assert sorted(first_two) == ["SY", "UA"]
    assert Person.objects.count() == 0
    client.post(URL, {**VALID, "nationalities": ["SY", "UA"]})
    assert sorted(c.code for c in Person.objects.get().nationalities) == ["SY", "UA"]


def test_empty_choices_say_what_they_mean(client_for):
    html = client_for("reception").get(URL).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>Not stated</option>' in html


def test_placeholder_hint_is_tied_to_its_box(client_for):
    html = client_for("reception").get(URL).content.decode()
    box = re.search(r'<input type="checkbox" name="birth_date_placeholder"[^>]*>', html).group(0)
    assert 'aria-describedby="id_birth_date_placeholder_helptext"' in box
    # Right after its box and label, and the whole field right after the birth date.
    after_box = html[html.index(box) :]
    assert after_box.index('id="id_birth_date_placeholder_helptext"') < 400
    assert html.index('name="birth_date"') < html.index(box) < html.index("birth_date_precision")


@pytest.mark.parametrize(
    ("field", "value", "original_label"),
    [
        ("family_name", "Коваленко", "Family name in original script"),
        ("given_names", "محمد", "Given names in original script"),
        ("family_name", "Kovalenko Коваль", "Family name in original script"),
    ],
)
def test_passport_names_in_another_script_are_explained_and_kept(
    client_for, audit_entries, field, value, original_label
):
    response = client_for("reception").post(URL, {**VALID, field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Write the name in Latin letters, as printed in the passport. The name in its own "
        f"script belongs in the field “{original_label}”." in html
    )
    assert f'value="{value}"' in html and 'value="Kharkiv"' in html
    assert Person.objects.count() == 0 and audit_entries() == []


def test_latin_letters_with_accents_are_passport_letters(client_for):
    client_for("reception").post(
        URL, {**VALID, "family_name": "Çelik-Öztürk", "given_names": "Zoë"}
    )
    assert Person.objects.get().family_name == "Çelik-Öztürk"


def test_the_hint_is_in_the_users_language(client_for):
    response = client_for("reception").post(
        URL, {**VALID, "family_name": "Коваленко"}, headers={"Accept-Language": "ar"}
    )
    html = response.content.decode()
    assert "بالحروف اللاتينية، كما هو مطبوع في جواز السفر." in html
    assert "اكتب الاسم بالحروف اللاتينية" in html


def test_edit_form_shares_the_rules(client_for, person):
    url = reverse("people:edit", kwargs={"person_id": person.pk})
    client = client_for("reception")
    assert "Tick every nationality the person holds." in client.get(url).content.decode()
    response = client.post(url, {**VALID, "family_name": "Шевченко"})
    assert "Write the name in Latin letters" in response.content.decode()
    person.refresh_from_db()
    assert person.family_name == "Shevchenko"
