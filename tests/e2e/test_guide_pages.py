"""The guide's staff-written pages in chromium: a page whose translation is missing shows the
German with a note, right to left around it in Farsi, at 360 px; the staff editor's status
list and a refused empty save; each passes axe."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import _shot, assert_accessible, new_page

pytestmark = pytest.mark.e2e


def test_a_missing_translation_shows_the_german_with_a_note(browser, live_url, tmp_path):
    page = new_page(browser, live_url, "fa", width=360)
    page.goto("/guide/fa/pages/notrufnummern/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("note").count() == 1
    assert page.locator("article").get_attribute("lang") == "de"
    assert page.get_by_role("heading", level=1).inner_text() == "Notrufnummern"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    _shot(page, "guide-page-fa", tmp_path)


def test_an_up_to_date_translation_in_arabic(browser, live_url):
    page = new_page(browser, live_url, "ar")
    page.goto("/guide/ar/pages/schule/")
    assert page.get_by_role("heading", level=1).inner_text() == "المدرسة"
    assert page.get_by_role("note").count() == 0
    assert_accessible(page)


def test_the_editor_shows_each_status_and_refuses_an_empty_text(browser, live_url, tmp_path):
    page = new_page(browser, live_url, "de")
    sign_in(page, "koordination")
    page.goto("/guide/staff/pages/")
    row = page.get_by_role("row").filter(has_text="Wohnen")
    # The status words come from the catalogues; their class names say the same in any language.
    assert row.locator(".guide-status--outdated").count() == 1  # Arabic
    emergency = page.get_by_role("row").filter(has_text="Notrufnummern")
    assert emergency.locator(".guide-status--missing").count() == 2  # Farsi, Kurmanji
    assert_accessible(page)
    _shot(page, "guide-pages-de", tmp_path)
    # The outdated Arabic translation: its translator sees what changed in the German.
    row.locator("a:has(.guide-status--outdated)").click()
    changes = page.locator(".guide-changes")
    assert "Pinnwand" in changes.locator("ins").inner_text()
    assert_accessible(page)
    _shot(page, "guide-translation-changes-de", tmp_path)
    page.goto("/guide/staff/pages/")
    page.get_by_role("link", name="Notrufnummern").click()
    page.locator("textarea[name=body]").fill("")
    page.get_by_role("button", name="Speichern").click()
    assert page.locator("#id_body_error [role=alert]").count() == 1
    assert_accessible(page)
    page.goto("/guide/de/pages/notrufnummern/")
    assert "Polizei: 110" in page.locator("article").inner_text()
