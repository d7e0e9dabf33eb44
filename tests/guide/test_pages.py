"""The staff-written pages: translation status follows the German text; the public page shows
the German with a note where the translation is missing or outdated; the editor refuses bad
input and stale edits without changing anything, and only coordinators and administrators
write."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from anlaufstelle.guide import pages
from anlaufstelle.guide.models import GuidePage, GuidePageTranslation, Status
from tests.conftest import in_english

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture
def housing():
    page = GuidePage.objects.create(
        slug="wohnen", topic="housing", title="Wohnen", body="Eine Wohnung finden.\n\nMiete."
    )
    pages.save_translation(
        page=page, language="uk", title="Житло", body="Знайти житло.", expected_version=0
    )
    return page


def test_a_translation_is_current_until_the_german_changes(housing):
    assert housing.status("uk") == Status.CURRENT
    assert housing.status("ar") == Status.MISSING
    pages.edit_page(
        page_id=housing.pk,
        data={
            "slug": "wohnen",
            "topic": "housing",
            "order": 0,
            "title": "Wohnen",
            "body": "Eine Wohnung finden. Neu.",
        },
        expected_version=1,
    )
    page = GuidePage.objects.get(pk=housing.pk)
    assert page.version == 2
    assert page.status("uk") == Status.OUTDATED
    # Translated again from the new German: up to date again.
    pages.save_translation(
        page=page, language="uk", title="Житло", body="Нове.", expected_version=1
    )
    assert GuidePage.objects.get(pk=housing.pk).status("uk") == Status.CURRENT


def test_saving_the_german_unchanged_keeps_translations_current(housing):
    pages.edit_page(
        page_id=housing.pk,
        data={
            "slug": "wohnen",
            "topic": "housing",
            "order": 5,
            "title": "Wohnen",
            "body": housing.body,
        },
        expected_version=1,
    )
    assert GuidePage.objects.get(pk=housing.pk).status("uk") == Status.CURRENT


def test_the_public_page_in_a_current_translation(housing):
    response = Client().get(reverse("guide:page", args=["uk", "wohnen"]))
    assert response.status_code == 200
    assert "Знайти житло." in response.content.decode()
    assert "not been translated" not in response.content.decode()


def test_the_public_page_shows_the_german_with_a_note_where_missing(housing):
    response = Client().get(reverse("guide:page", args=["en", "wohnen"]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Eine Wohnung finden." in text
    assert "has not been translated into your language yet" in text
    assert 'lang="de"' in text


def test_the_public_page_shows_the_german_with_a_note_where_outdated(housing):
    GuidePage.objects.filter(pk=housing.pk).update(version=2)
    text = Client().get(reverse("guide:page", args=["en", "wohnen"])).content.decode()
    response = Client().get(reverse("guide:page", args=["uk", "wohnen"]))
    assert response.status_code == 200
    assert "Eine Wohnung finden." in response.content.decode()
    assert "Знайти житло." not in response.content.decode()
    assert "has not been translated" in text


def test_an_unknown_page_or_language_is_404(housing):
    assert Client().get(reverse("guide:page", args=["uk", "nichts"])).status_code == 404
    assert Client().get(reverse("guide:page", args=["xx", "wohnen"])).status_code == 404


def test_right_to_left_in_arabic(housing):
    text = Client().get(reverse("guide:page", args=["ar", "wohnen"])).content.decode()
    assert '<html lang="ar" dir="rtl">' in text


def test_the_staff_list_shows_each_languages_status(housing, client_for):
    response = client_for("coordinator").get(reverse("guide:pages_list"), {"lang": "uk"})
    assert response.status_code == 200
    assert list(response.context["rows"][0][1]) == [("uk", Status.CURRENT)]
    everything = client_for("administrator").get(reverse("guide:pages_list"))
    assert ("ar", Status.MISSING) in everything.context["rows"][0][1]


def test_creating_a_page_twice_with_one_key_makes_one(client_for):
    client = client_for("coordinator")
    data = {
        "slug": "schule",
        "topic": "school",
        "order": 1,
        "title": "Schule",
        "body": "Schulpflicht.",
        "key": str(uuid.uuid4()),
    }
    assert client.post(reverse("guide:pages_new"), data).status_code == 302
    assert client.post(reverse("guide:pages_new"), data).status_code == 302
    assert GuidePage.objects.filter(slug="schule").count() == 1
    data["key"] = str(uuid.uuid4())
    response = client.post(reverse("guide:pages_new"), data)
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert GuidePage.objects.filter(slug="schule").count() == 1


def test_bad_input_is_named_and_changes_nothing(housing, client_for):
    client = client_for("coordinator")
    url = reverse("guide:pages_edit", args=[housing.pk])
    response = client.post(
        url,
        {
            "slug": "wohnen",
            "topic": "nonsense",
            "order": "x",
            "title": "",
            "body": "  ",
            "version": 1,
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) >= {"topic", "order", "title", "body"}
    assert "Please write the page" in response.content.decode()
    page = GuidePage.objects.get(pk=housing.pk)
    assert (page.title, page.version, page.topic) == ("Wohnen", 1, "housing")
    translate = reverse("guide:pages_translate", args=[housing.pk, "uk"])
    response = client.post(translate, {"title": "", "body": "", "version": 1})
    assert response.status_code == 400
    assert "Please write the translated text." in response.content.decode()
    assert GuidePageTranslation.objects.get(page=housing, language="uk").body == "Знайти житло."


def test_a_stale_edit_is_refused(housing, client_for):
    client = client_for("coordinator")
    url = reverse("guide:pages_edit", args=[housing.pk])
    data = {
        "slug": "wohnen",
        "topic": "housing",
        "order": 0,
        "title": "Wohnen neu",
        "body": "Neu.",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    data["title"] = "Andere Änderung"
    response = client.post(url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert 'value="Andere Änderung"' in page  # what was typed is kept
    assert "Saved meanwhile by someone else: Wohnen neu" in page
    assert 'name="version" value="2"' in page  # saving again goes over the saved version
    assert GuidePage.objects.get(pk=housing.pk).title == "Wohnen neu"
    assert client.post(url, {**data, "version": 2}).status_code == 302
    assert GuidePage.objects.get(pk=housing.pk).title == "Andere Änderung"
    translate = reverse("guide:pages_translate", args=[housing.pk, "uk"])
    response = client.post(translate, {"title": "Т", "body": "Стара версія", "version": 0})
    assert response.status_code == 409
    assert "Стара версія" in response.content.decode()  # kept in the form
    assert GuidePageTranslation.objects.get(page=housing, language="uk").body == "Знайти житло."


def test_german_is_not_a_translation(housing, client_for):
    response = client_for("coordinator").get(
        reverse("guide:pages_translate", args=[housing.pk, "de"])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["reception", "foreigners_officer", "data_protection"])
def test_only_coordinators_and_administrators_write(housing, client_for, persona):
    client = client_for(persona)
    assert client.get(reverse("guide:pages_list")).status_code == 403
    response = client.post(
        reverse("guide:pages_translate", args=[housing.pk, "ar"]),
        {"title": "س", "body": "نص", "version": 0},
    )
    assert response.status_code == 403
    assert housing.status("ar") == Status.MISSING


def test_the_demo_pages_show_each_status():
    from anlaufstelle.guide import demo

    assert demo.load() == 7
    assert GuidePage.objects.count() == 7
    assert GuidePage.objects.get(slug="wohnen").status("ar") == Status.OUTDATED
    assert GuidePage.objects.get(slug="wohnen").status("uk") == Status.CURRENT
    emergency = GuidePage.objects.get(slug="notrufnummern")
    assert emergency.status("fa") == Status.MISSING
    assert emergency.status("ku") == Status.MISSING
    topics = set(GuidePage.objects.values_list("topic", flat=True))
    assert topics == {"arrival", "housing", "school", "work", "health", "counselling", "emergency"}


def test_the_translator_of_an_outdated_translation_sees_what_changed_in_german(housing, client_for):
    url = reverse("guide:pages_translate", kwargs={"page_id": housing.pk, "lang": "uk"})
    client = client_for("coordinator")
    assert "What changed in the German" not in client.get(url).content.decode()  # up to date
    pages.edit_page(
        page_id=housing.pk,
        data={
            "slug": "wohnen",
            "topic": "housing",
            "order": 0,
            "title": "Wohnen",
            "body": "Eine Wohnung suchen.\n\nMiete.",
        },
        expected_version=1,
    )
    page = client.get(url).content.decode()
    assert "What changed in the German since this translation" in page
    assert "removed: </span>finden.</del>" in page
    assert "added: </span>suchen.</ins>" in page
    translated = GuidePageTranslation.objects.get(page=housing, language="uk")
    assert translated.source_body == "Eine Wohnung finden.\n\nMiete."


def test_changes_are_word_by_word():
    assert pages.changes("a b c", "a x c") == [
        pages.Change("same", "a"),
        pages.Change("removed", "b"),
        pages.Change("added", "x"),
        pages.Change("same", "c"),
    ]
