"""Seven UI languages; Arabic and Farsi right to left."""

import os
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("de", "ltr"),
        ("en", "ltr"),
        ("uk", "ltr"),
        ("ru", "ltr"),
        ("ar", "rtl"),
        ("fa", "rtl"),
        ("ku", "ltr"),
    ],
)
def test_page_direction_follows_language(client, language, direction):
    response = client.get(reverse("core:login"), HTTP_ACCEPT_LANGUAGE=language)
    body = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in body


@pytest.mark.django_db
def test_switcher_sets_language_and_returns(client):
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/login/"})
    assert response.status_code == 302 and response.url == "/login/"
    body = client.get("/login/").content.decode()
    assert 'dir="rtl"' in body


@pytest.mark.django_db
def test_switcher_lists_all_languages_in_their_own_names(client):
    body = client.get(reverse("core:login")).content.decode()
    for name in ["Deutsch", "English", "Українська", "Русский", "العربية", "فارسی", "Kurmancî"]:
        assert name in body


@pytest.mark.django_db
def test_german_is_the_default(client):
    body = client.get(reverse("core:login")).content.decode()
    assert '<html lang="de"' in body


@pytest.mark.parametrize("language", ["de", "uk", "ru", "ar", "fa", "ku"])
def test_every_string_is_translated(language):
    # English is the source language; every other catalogue must be complete, with no fuzzy
    # guess left from `make messages` (a fuzzy entry is not used, so the page falls back).
    po = (
        Path(__file__).resolve().parents[2]
        / f"anlaufstelle/locale/{language}/LC_MESSAGES/django.po"
    )
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
        check=True,
    )
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
