"""Benefit payouts in chromium: a Jobcenter desk (`jobcenter`) enters a transfer for a demo
person, a second desk (`jobcenter.2`) releases it, the first makes the SEPA file, downloads it
(it validates against the pain.001.001.09 XSD in the repository and holds the payout) and marks
it executed; the cheque log and the day's list; the coordinator's figures. Every page passes
axe, in German and in Arabic (right to left)."""

from __future__ import annotations

import re

import pytest
import xmlschema

from anlaufstelle.payouts import sepa
from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import _shot, assert_accessible, new_page

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["de", "ar"])
def lang(request):
    return request.param


def test_a_payout_released_by_two_people_and_exported(browser, live_url, lang, tmp_path):
    page = new_page(browser, live_url, lang)
    sign_in(page, "jobcenter")
    page.goto("/payouts/release/")
    assert_accessible(page)
    # The demo's payouts entered by jobcenter.2 wait here; one leads to its person.
    page.locator("main table tbody tr a[href^='/payouts/people/']").first.click()
    page.wait_for_url(re.compile(r".*/payouts/people/\d+/$"))
    person_url = page.url
    assert_accessible(page)
    if lang == "de":
        _shot(page, "payouts-person-de", tmp_path)

    page.locator("main a[href*='/payouts/add/']").first.click()
    page.wait_for_url(re.compile(r".*/decisions/\d+/payouts/add/$"))
    page.locator("[name=method][value=transfer]").check()
    page.fill("[name=account_holder]", "Test Empfänger")
    page.fill("[name=iban]", "DE02 1203 0000 0000 2020 52")  # one digit wrong
    page.fill("[name=holder_town]", "Leipzig")
    page.locator("main form button[type=submit]").click()
    assert page.locator("#id_iban_error").count() == 1
    assert page.locator("[name=iban]").get_attribute("aria-invalid") == "true"
    assert_accessible(page)  # the form with its error
    page.fill("[name=iban]", "DE02 1203 0000 0000 2020 51")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(person_url)
    # The newest payout first.
    number = page.locator("main table tbody tr").first.locator("td").first.inner_text().strip()
    assert number.startswith("A-")
    exactly = re.compile(rf"{re.escape(number)}(?!\d)")

    # The one who entered it cannot release it.
    page.goto("/payouts/release/")
    mine = page.locator("main table tbody tr", has_text=exactly)
    assert mine.locator("form[action$='/release/']").count() == 0
    assert mine.locator("form[action$='/cancel/']").count() == 1
    if lang == "de":
        _shot(page, "payouts-release-de", tmp_path)

    second = new_page(browser, live_url, lang)
    sign_in(second, "jobcenter.2")
    second.goto("/payouts/release/")
    row = second.locator("main table tbody tr", has_text=exactly)
    row.locator("form[action$='/release/'] button").click()
    second.wait_for_url(re.compile(r".*/payouts/release/$"))
    assert second.locator("main table tbody tr", has_text=exactly).count() == 0
    second.context.close()

    page.goto("/payouts/runs/")
    assert_accessible(page)
    page.locator("form[action$='/runs/new/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/payouts/runs/$"))
    assert_accessible(page)
    if lang == "de":
        _shot(page, "payouts-runs-de", tmp_path)
    with page.expect_download() as download:
        page.locator("main a[href$='/sepa.xml']").first.click()
    xml = download.value.path().read_bytes()
    assert xmlschema.XMLSchema(str(sepa.XSD_PATH)).is_valid(xml.decode())
    payout_id = number.removeprefix("A-")
    assert f"ANL-{payout_id}" in [t.end_to_end_id for t in sepa.read_credit_transfer(xml).transfers]
    page.locator("form[action$='/executed/'] button").first.click()
    page.wait_for_url(re.compile(r".*/payouts/runs/$"))
    assert page.locator("form[action$='/executed/']").count() == 0

    page.goto("/payouts/cheques/")
    assert_accessible(page)
    if lang == "de":
        _shot(page, "payouts-cheques-de", tmp_path)
    page.goto("/payouts/cheques/day/")
    assert_accessible(page)
    if lang == "de":
        _shot(page, "payouts-day-de", tmp_path)
    page.context.close()


def test_the_coordinator_reads_the_figures(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    sign_in(page, "koordination")
    page.goto("/payouts/runs/")
    assert page.locator("main table").count() >= 1
    assert_accessible(page)
    assert page.goto("/payouts/release/").status == 403
    page.context.close()
