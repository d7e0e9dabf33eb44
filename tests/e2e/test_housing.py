"""Housing in chromium: the housing desk of the demo (`wohnen`) allocates the most urgent
family on the waiting list to the first proposal, sees the family's placement and moves one of
them out; the coordinator reads the vacancy overview. Every page passes axe, in German and in
Arabic (right to left)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import _shot, assert_accessible, new_page

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["de", "ar"])
def lang(request):
    return request.param


def test_allocating_a_family_from_the_waiting_list(browser, live_url, lang, tmp_path):
    page = new_page(browser, live_url, lang)
    sign_in(page, "wohnen")
    page.locator("main a[href='/housing/']").click()  # the start page's card
    page.wait_for_url(re.compile(r".*/housing/$"))
    assert "Gemeinschaftsunterkunft Messehalle" in page.locator("main table").inner_text()
    assert_accessible(page)
    if lang == "de":
        _shot(page, "housing-accommodations-de", tmp_path)

    page.goto("/housing/waiting/")
    rows = page.locator("main table tbody tr")
    waiting = rows.count()
    assert waiting >= 1
    assert_accessible(page)
    if lang == "de":
        _shot(page, "housing-waiting-de", tmp_path)
    rows.first.locator("a[href*='/housing/waiting/']").click()
    page.wait_for_url(re.compile(r".*/housing/waiting/\d+/$"))
    proposals = page.locator("main article")
    assert proposals.count() >= 1
    assert_accessible(page)
    if lang == "de":
        _shot(page, "housing-propose-de", tmp_path)
    place = proposals.first.locator("h3").inner_text()
    proposals.first.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/housing/people/\d+/$"))
    current = page.locator("#current-heading + .table-wrap tbody tr")
    assert current.count() >= 2  # the whole family, in one accommodation
    assert all(place in current.nth(n).inner_text() for n in range(current.count()))
    assert_accessible(page)
    if lang == "de":
        _shot(page, "housing-placement-de", tmp_path)

    current.last.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/housing/people/\d+/$"))
    assert page.locator("#past-heading").count() == 1
    assert_accessible(page)

    page.goto("/housing/waiting/")
    assert page.locator("main table tbody tr").count() == waiting - 1
    page.goto("/housing/")
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r".*/housing/accommodations/\d+/$"))
    assert_accessible(page)
    page.context.close()


def test_the_coordinator_reads_the_vacancies_and_is_refused_the_waiting_list(
    browser, live_url, lang, tmp_path
):
    page = new_page(browser, live_url, lang)
    sign_in(page, "koordination")
    page.locator("main a[href='/housing/vacancies/']").click()  # the start page's card
    page.wait_for_url(re.compile(r".*/housing/vacancies/$"))
    assert "Notunterkunft Turnhalle Nord" in page.locator("main").inner_text()
    assert_accessible(page)
    if lang == "de":
        _shot(page, "housing-vacancies-de", tmp_path)
    assert page.goto("/housing/waiting/").status == 403
    page.context.close()
