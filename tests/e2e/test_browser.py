"""What a person at a desk sees, in a real browser against a real server with the demo centre."""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import register, sign_in

pytestmark = pytest.mark.e2e


def test_skip_link_is_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Hauptinhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_arabic_mirrors_the_layout(page):
    page.goto("/")
    brand_ltr = page.locator(".site-header__brand").bounding_box()
    with page.expect_navigation():
        page.select_option("#language-select", "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    brand_rtl = page.locator(".site-header__brand").bounding_box()
    # The brand starts the header: on the left in German, on the right in Arabic.
    assert brand_ltr["x"] < 200 < brand_rtl["x"]
    assert page.locator("html").get_attribute("lang") == "ar"


def test_phone_width_has_no_horizontal_scrolling(browser, live_url):
    context = browser.new_context(base_url=live_url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto("/login/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_reception_signs_in_with_demo_login(page):
    sign_in(page, "rezeption")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Willkommen")
    assert page.get_by_role("link", name="Person finden").first.is_visible()


def test_reception_registers_a_person_and_finds_them_again(page):
    sign_in(page, "rezeption")
    register(
        page,
        "Bondarenko",
        "Oksana",
        "1988-04-17",
        "f",
        family_name_original="Бондаренко",
        given_names_original="Оксана",
    )
    assert "Bondarenko" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".original-script", has_text="Бондаренко").first.is_visible()

    page.goto("/people/")
    with page.expect_response(lambda response: "q=Bondarenko" in response.url):
        page.locator("[name=q]").press_sequentially("Bondarenko", delay=30)
    page.locator("#search-results a", has_text="Bondarenko").first.click()
    page.wait_for_url(re.compile(r".*/people/\d+/$"))
    assert "Oksana" in page.content()

    # Across scripts: the Cyrillic original finds the Latin passport name, with the reason.
    page.goto("/people/")
    page.locator("[name=q]").press_sequentially("Оксана Бондаренко", delay=30)
    result = page.locator("#search-results a", has_text="Bondarenko, Oksana").first
    result.wait_for()
    assert page.locator("#search-results .match-reasons").first.is_visible()


def test_bad_input_keeps_what_was_typed(page):
    sign_in(page, "rezeption")
    page.goto("/people/register/")
    page.fill("[name=family_name]", "Hassan")
    page.fill("[name=birth_date]", "2999-01-01")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/people/register/")
    assert page.locator(".kern-error").first.is_visible()
    assert page.input_value("[name=family_name]") == "Hassan"


def test_typing_on_a_long_form_keeps_the_session_alive(page):
    pings = []
    page.on("request", lambda r: pings.append(r) if r.url.endswith("/session/alive/") else None)
    # The page's clock runs ahead, as if the officer had been typing for five minutes.
    page.clock.install()
    sign_in(page, "rezeption")
    page.goto("/people/register/")
    page.locator("[name=family_name]").press_sequentially("Ko")
    assert pings == []  # just arrived: nothing to tell yet
    page.clock.fast_forward("05:00")
    with page.expect_response(lambda r: r.url.endswith("/session/alive/")) as answer:
        page.locator("[name=family_name]").press_sequentially("val")
    assert answer.value.status == 204
    # Typing straight on asks nothing more: one note every few minutes is enough.
    page.locator("[name=given_names]").press_sequentially("Olena")
    page.wait_for_timeout(300)
    assert len(pings) == 1


def test_pressing_a_result_does_not_search_again_under_the_pointer(page):
    """Pressing a result moves the focus out of the search field. That must not send the
    search again: its answer would replace the list between press and release, and the
    click would land on nothing (as it did, now and then, in CI)."""
    sign_in(page, "rezeption")
    register(page, "Kovalenko", "Taras", "1979-11-02", "m")

    page.goto("/people/")
    with page.expect_response(lambda response: "q=Kovalenko" in response.url):
        page.locator("[name=q]").press_sequentially("Kovalenko", delay=30)
    link = page.locator("#search-results a", has_text="Kovalenko").first
    box = link.bounding_box()
    assert box is not None
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(700)  # longer than the typing delay and an answer from this server
    assert not [url for url in asked if "q=" in url], "the blur sent the search again"
    page.mouse.up()
    page.wait_for_url(re.compile(r".*/people/\d+/$"))
    assert "Kovalenko" in page.get_by_role("heading", level=1).inner_text()
