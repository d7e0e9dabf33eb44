"""A NUL character in any parameter is answered with a 400 page in the user's language before
any view runs: nothing is read from or written to the database with it (PostgreSQL refuses NUL
in text and used to answer with a 500)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from anlaufstelle.people.models import Person
from tests.trail import person_trail

GERMAN_TITLE = "Diese Anfrage lässt sich nicht verarbeiten"
ARABIC_TITLE = "لا يمكن معالجة هذا الطلب"


def refused(response, language: str = "de") -> str:
    html = response.content.decode()
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}"' in html
    return html


@pytest.mark.django_db
def test_a_search_with_a_nul_character_is_refused_in_german(client_for, compiled_catalogues):
    response = client_for("reception").get(
        reverse("people:search"), {"q": "Ivan\x00Petrenko"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    html = refused(response)
    assert GERMAN_TITLE in html
    assert "Es wurde nichts gespeichert oder geändert." in html
    assert 'class="site-nav"' in html  # the normal staff layout
    assert '<a class="kern-link" href="/staff/">Zur Startseite</a>' in html
    # The language switcher leads to a page that opens, not to the refused request again.
    assert 'name="next" type="hidden" value="/staff/"' in html
    assert not person_trail().exists()


@pytest.mark.django_db
def test_the_duplicate_report_with_a_nul_character_is_refused_in_arabic(
    client_for, compiled_catalogues
):
    response = client_for("data_protection").get(
        reverse("people:duplicates"), {"after": "a\x00b"}, HTTP_ACCEPT_LANGUAGE="ar"
    )
    html = refused(response, "ar")
    assert 'dir="rtl"' in html and ARABIC_TITLE in html
    assert not person_trail().exists()


@pytest.mark.django_db
def test_a_nul_character_in_a_parameter_name_is_refused_too(client_for, compiled_catalogues):
    response = client_for("data_protection").get(
        reverse("people:duplicates") + "?aft%00er=x", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert GERMAN_TITLE in refused(response)


@pytest.mark.django_db
def test_a_form_posted_with_a_nul_character_saves_nothing(client_for, compiled_catalogues):
    response = client_for("reception").post(
        reverse("people:register"),
        {"family_name": "Petren\x00ko", "given_names": "Ivan", "birth_date_precision": "day"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = refused(response, "en")
    assert "This request cannot be processed" in html
    assert not Person.objects.exists()
    assert not person_trail().exists()


@pytest.mark.django_db
def test_a_login_with_a_nul_character_is_refused_without_counting(personas, compiled_catalogues):
    client = Client()
    response = client.post(
        reverse("core:login"),
        {"username": "rezeption\x00", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="uk",
    )
    html = refused(response, "uk")
    assert "Неможливо обробити цей запит" in html
    assert '<a class="kern-link" href="/">' in html  # a visitor's start page
    assert "_auth_user_id" not in client.session
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_the_same_parameters_without_nul_are_served(client_for):
    # The refusal is about the NUL character, not about the parameters or the pages.
    assert client_for("reception").get(reverse("people:search"), {"q": "Ivan"}).status_code == 200
    report = client_for("data_protection").get(reverse("people:duplicates"), {"after": "ab"})
    assert report.status_code == 200


@pytest.mark.django_db
def test_a_host_not_served_here_gets_the_same_page_before_anyone_is_signed_in(
    compiled_catalogues,
):
    # Refused before the user is known: the page must not depend on one.
    response = Client().get("/", HTTP_HOST="elsewhere.example", HTTP_ACCEPT_LANGUAGE="de")
    assert GERMAN_TITLE in refused(response)


@pytest.mark.django_db
def test_a_nul_character_in_a_header_is_refused_before_the_login_records_it(
    personas, compiled_catalogues
):
    # django-axes stores the User-Agent of a failed login; PostgreSQL refused it with a 500.
    response = Client().post(
        reverse("core:login"),
        {"username": "rezeption", "password": "wrong"},
        HTTP_USER_AGENT="probe\x00",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert GERMAN_TITLE in refused(response)
    assert not AccessAttempt.objects.exists()
