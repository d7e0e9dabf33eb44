"""The screening in chromium: the foreigners authority's desk screens the demo's tolerated
people, opens one person's perspectives and the recorded-facts form, records a conviction;
each page passes axe, in
German and in Arabic (right to left)."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import _shot, assert_accessible, new_page

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["de", "ar"])
def lang(request):
    return request.param


def test_the_screening_its_person_and_the_facts_form_pass_axe(browser, live_url, lang, tmp_path):
    page = new_page(browser, live_url, lang)
    sign_in(page, "abh")
    page.goto("/eligibility/screening/")
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 1  # the demo's tolerated people the desk may see
    assert "AufenthG" in page.locator("main table").inner_text()
    assert_accessible(page)
    if lang == "de":
        _shot(page, "screening-de", tmp_path)
    rows.first.locator("a").first.click()
    page.wait_for_url("**/eligibility/people/*/")
    assert page.locator("main .eligibility-result").count() == 8  # every rule answers
    assert_accessible(page)
    page.locator("main a[href$='/facts/']").click()
    page.wait_for_url("**/facts/")
    page.fill("[name=livelihood_share_from_work]", "7")
    page.locator("main form button[type=submit]").click()
    page.locator("main .kern-form-input--error").first.wait_for()  # the answer: 0 to 1
    assert_accessible(page)
    page.locator("main a[href$='/convictions/add/']").click()
    page.wait_for_url("**/convictions/add/")
    assert_accessible(page)
    page.fill("[name=daily_rates]", "30")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/facts/#convictions")
    assert "30" in page.locator("#convictions table").inner_text()
    assert_accessible(page)
    if lang == "de":
        _shot(page, "facts-de", tmp_path)
    # Removing it again asks first.
    page.locator("#convictions table a[href$='/delete/']").last.click()
    page.wait_for_url("**/delete/")
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/facts/#convictions")
    page.goto("/eligibility/rules/")
    assert_accessible(page)
    page.context.close()


def test_the_jobcenter_is_refused_the_screening(browser, live_url):
    page = new_page(browser, live_url, "de")
    sign_in(page, "jobcenter")
    assert page.goto("/eligibility/screening/").status == 403
    page.context.close()
