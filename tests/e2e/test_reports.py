"""The report in chromium: the coordinator reads two weeks of the demo centre, sites side by
side, with bars and their tables; the page passes axe in German and in Arabic."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import _shot, assert_accessible, new_page

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_report_of_two_weeks_passes_axe(browser, live_url, lang, tmp_path):
    page = new_page(browser, live_url, lang)
    sign_in(page, "koordination")
    page.goto("/reports/")
    page.locator("main [name=start]").fill("2000-01-01")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**start=2000-01-01**")
    assert page.locator("#id_start_error").count() == 1  # more than a year
    assert_accessible(page)
    page.goto("/reports/")
    assert page.locator("section.report-section").count() >= 10
    # The demo's past days: tickets at the busiest site, and counts of people.
    waits = page.locator("section", has=page.locator("#t-waits"))
    assert waits.locator("tbody tr").count() >= 1
    assert page.locator(".bar-chart__row").count() > 10
    assert_accessible(page)
    _shot(page, f"reports-{lang}", tmp_path)
    page.context.close()
