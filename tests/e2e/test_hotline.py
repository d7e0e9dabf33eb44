"""The hotline in chromium: a guide logs a call with a call back, sees it due, marks it done;
the coordinator reads the calls per hour and topic, the bars with their table. Each page passes
axe, in German and in Arabic (right to left)."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import _shot, assert_accessible, new_page

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["de", "ar"])
def lang(request):
    return request.param


def test_a_call_with_a_call_back_is_logged_and_done(browser, live_url, lang, tmp_path):
    page = new_page(browser, live_url, lang)
    sign_in(page, "lotse")
    page.goto("/hotline/")
    assert_accessible(page)
    page.select_option("main [name=line]", index=1)
    page.fill("main [name=minutes]", "9")
    page.select_option("main [name=language]", "uk")
    page.select_option("main [name=topic]", "housing")
    page.select_option("main [name=outcome]", "follow_up")
    page.select_option("main [name=follow_up]", "callback")
    page.fill("main [name=callback_number]", "+49 341 555 0199")
    page.locator("main form button[type=submit]").click()
    # Without the time to call back by, the form comes back with the typing kept.
    page.locator("#id_callback_due_error").wait_for()
    assert page.locator("main [name=callback_number]").input_value() == "+49 341 555 0199"
    assert_accessible(page)
    page.fill("main [name=callback_due]", "2099-01-01T10:00")
    page.locator("main form button[type=submit]").click()
    due = page.locator("section", has=page.locator("#callbacks-heading"))
    due.locator("text=+49 341 555 0199").wait_for()
    if lang == "de":
        _shot(page, "hotline-de", tmp_path)
    # The call's own page: where it is linked to a person or becomes a task.
    page.locator("#today-heading ~ .table-wrap a[href^='/hotline/calls/']").first.click()
    page.wait_for_url("**/hotline/calls/*/")
    assert page.locator("main [name=person]").count() == 1
    assert_accessible(page)
    if lang == "de":
        _shot(page, "hotline-call-de", tmp_path)
    page.goto("/hotline/")
    due.locator("tr", has_text="+49 341 555 0199").locator("button").click()
    page.locator(".kern-alert, [role=status]").first.wait_for()
    assert page.locator("text=+49 341 555 0199").count() == 0
    page.context.close()


def test_the_coordinator_reads_calls_per_hour_and_topic(browser, live_url, lang, tmp_path):
    page = new_page(browser, live_url, lang)
    sign_in(page, "koordination")
    page.goto("/hotline/figures/")
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 9  # the lines' hours, from the demo's two weeks of calls
    assert page.locator(".bar-chart__row").count() == rows.count()
    assert_accessible(page)
    _shot(page, f"hotline-figures-{lang}", tmp_path)
    page.context.close()
