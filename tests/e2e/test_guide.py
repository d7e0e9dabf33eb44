"""The guide in chromium: light (the first page under 50 KB, nothing from a third party),
readable offline after the first visit (the service worker answers from its cache), at 360 px,
and passing axe in Arabic and Ukrainian."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.e2e.test_accessibility import _shot, assert_accessible, new_page

pytestmark = pytest.mark.e2e

BUDGET = 50_000


def test_the_first_page_is_light_and_only_from_the_centre(browser, live_url):
    page = new_page(browser, live_url, "ar", width=360)
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto("/guide/ar/")
    page.wait_for_load_state("networkidle")
    own = urlsplit(live_url).netloc
    assert responses and all(urlsplit(r.url).netloc == own for r in responses), [
        r.url for r in responses
    ]
    total = sum(len(r.body()) for r in responses if r.status < 300)
    print(f"first page of the guide: {total} bytes in {len(responses)} responses")
    assert total < BUDGET, total
    # At 360 px nothing runs off the side.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_guide_in_arabic_reads_offline_after_the_first_visit(browser, live_url, tmp_path):
    page = new_page(browser, live_url, "ar", width=360)
    page.goto("/guide/ar/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The worker takes control of the page it was registered from (clients.claim).
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert_accessible(page)
    _shot(page, "guide-ar", tmp_path)
    service_link = page.locator("main a[href^='/guide/ar/services/']").first
    href = service_link.get_attribute("href")
    page.context.set_offline(True)
    page.goto(href)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text().strip()
    page.goto("/guide/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("main a[href^='/guide/ar/services/']").count() > 3
    page.context.set_offline(False)


def test_a_service_page_in_ukrainian_passes_axe(browser, live_url, tmp_path):
    page = new_page(browser, live_url, "uk", width=360)
    page.goto("/guide/uk/services/residence/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h2#bring-heading").is_visible()
    assert_accessible(page)
    _shot(page, "guide-service-uk", tmp_path)
