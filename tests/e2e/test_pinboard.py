"""The pinboard in chromium: someone in town puts up a post in Ukrainian through the guide, the
coordination publishes it, and it is shown on the Ukrainian pinboard; the board in Arabic, the
form and the moderation page pass axe."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import sign_in
from tests.e2e.test_accessibility import _shot, assert_accessible, new_page

pytestmark = pytest.mark.e2e

TITLE = "Безкоштовні уроки німецької для дітей"


def test_a_post_in_ukrainian_is_moderated_and_shown(browser, live_url, tmp_path):
    visitor = new_page(browser, live_url, "uk")
    visitor.goto("/guide/uk/")
    visitor.locator("a[href='/guide/uk/pinboard/']").click()
    visitor.locator("a[href='/guide/uk/pinboard/new/']").click()
    assert_accessible(visitor)
    visitor.select_option("main [name=kind]", "event")
    visitor.fill("main [name=title]", TITLE)
    visitor.fill("main [name=body]", "Щосуботи о 10:00 у бібліотеці.")
    visitor.fill("main [name=contact]", "Бібліотека Ост")
    visitor.wait_for_timeout(3200)  # a person takes a few seconds; a script gives itself away
    visitor.locator("main form button[type=submit]").click()
    visitor.locator(".pin-message").wait_for()
    visitor.goto("/guide/uk/pinboard/")
    assert TITLE not in visitor.locator("main").inner_text()  # not before it is checked

    moderator = new_page(browser, live_url, "de")
    sign_in(moderator, "koordination")
    moderator.goto("/network/pinboard/")
    card = moderator.locator("article", has_text=TITLE)
    assert_accessible(moderator)
    _shot(moderator, "pinboard-moderation-de", tmp_path)
    card.locator("button[value=publish]").click()
    moderator.locator(".kern-alert--success, [role=status]").first.wait_for()
    moderator.context.close()

    visitor.goto("/guide/uk/pinboard/")
    post = visitor.locator("article", has_text=TITLE)
    assert post.count() == 1
    assert post.get_attribute("lang") is None  # written in the reader's language
    assert_accessible(visitor)
    _shot(visitor, "pinboard-uk", tmp_path)
    visitor.context.close()


def test_the_board_in_arabic_marks_posts_in_another_language(browser, live_url):
    page = new_page(browser, live_url, "ar")
    page.goto("/guide/ar/pinboard/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The demo's kitchen job has an Arabic text; the Ukrainian cot has none and says so.
    assert page.locator("article:not([lang])").count() >= 1
    assert page.locator("article[lang=uk]").count() >= 1
    assert_accessible(page)
    # Reporting a post: its own page, in the reader's language.
    page.locator("article a[href*='/report/']").first.click()
    page.wait_for_url("**/report/")
    assert page.locator("main [name=reason]").count() == 1
    assert_accessible(page)
    page.context.close()


@pytest.mark.parametrize("lang", ["ar", "de"])
def test_the_open_mic_in_the_guide_and_for_staff_passes_axe(browser, live_url, lang, tmp_path):
    page = new_page(browser, live_url, lang)
    page.goto(f"/guide/{lang}/open-mic/")
    assert page.locator("article").count() >= 2  # the demo's topic taken up and the open one
    assert_accessible(page)
    page.goto(f"/guide/{lang}/open-mic/new/")
    assert_accessible(page)
    page.context.close()
    staff = new_page(browser, live_url, lang)
    sign_in(staff, "koordination")
    staff.goto("/network/open-mic/")
    assert staff.locator("#waiting-heading").count() == 1  # the demo's topic from the guide
    assert_accessible(staff)
    if lang == "de":
        _shot(staff, "open-mic-de", tmp_path)
    staff.context.close()


@pytest.mark.parametrize("lang", ["uk", "ar"])
def test_the_partners_offers_in_the_guide_pass_axe(browser, live_url, lang, tmp_path):
    page = new_page(browser, live_url, lang)
    page.goto(f"/guide/{lang}/")
    page.locator(f"a[href='/guide/{lang}/offers/']").click()
    assert page.locator("article.pin-offer").count() == 3  # the demo's partners' offers
    assert page.locator("article.pin-offer h2[lang=de]").count() >= 1  # debt advice: German only
    assert page.locator("article.pin-partner").count() == 2  # and the two partners
    assert_accessible(page)
    if lang == "uk":
        _shot(page, "offers-uk", tmp_path)
    page.context.close()
    # The desks' page of the same offers and partners, as where to refer someone.
    staff = new_page(browser, live_url, "de" if lang == "uk" else lang)
    sign_in(staff, "jobcenter")
    staff.goto("/network/offers/")
    assert staff.locator("main table").count() == 2  # the offers, the partners
    assert_accessible(staff)
    if lang == "uk":
        _shot(staff, "offers-staff-de", tmp_path)
    staff.context.close()


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_a_partners_adviser_keeps_its_offers_and_finds_its_referrals(
    browser, live_url, lang, tmp_path
):
    page = new_page(browser, live_url, lang)
    sign_in(page, "beratung")
    # The start page: the demo's referrals to the counselling, and its own organisation.
    referrals = page.locator("#work a[href^='/cases/']")
    assert referrals.count() >= 1
    assert page.locator("main a[href='/network/partner/']").count() == 1
    assert page.locator("main a[href='/hall/desk/']").count() == 0  # no desk of the hall
    assert_accessible(page)
    referrals.first.click()
    page.wait_for_url("**/cases/**")
    assert_accessible(page)
    page.goto("/network/partner/")
    assert page.locator("main table tbody tr").count() >= 1  # the demo's offers
    assert_accessible(page)
    if lang == "de":
        _shot(page, "partner-de", tmp_path)
    page.locator("main table a[href^='/network/partner/offers/']").first.click()
    page.wait_for_url("**/network/partner/offers/*/")
    assert page.locator("main .offer-texts").count() == 7  # a title and description each
    assert page.locator("main .offer-texts textarea[lang=ar][dir=auto]").count() == 1
    assert_accessible(page)
    if lang == "de":
        _shot(page, "partner-offer-de", tmp_path)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/network/partner/")
    assert page.locator(".kern-alert--success").count() >= 1
    page.goto("/network/partner/profile/")
    assert_accessible(page)
    page.context.close()


def test_a_partners_post_goes_up_at_once_and_comes_off_again(browser, live_url, tmp_path):
    page = new_page(browser, live_url, "de")
    sign_in(page, "beratung")
    page.goto("/network/pinboard/ours/")
    assert_accessible(page)
    page.select_option("main [name=kind]", "event")
    page.fill("main [name=title]", "Sprachcafé der Migrationsberatung")
    page.fill("main [name=body]", "Jeden Donnerstag um 17 Uhr.")
    page.fill("main [name=contact]", "Migrationsberatung, 0341 555 0300")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/network/pinboard/ours/")
    row = page.locator("main tbody tr", has_text="Sprachcafé der Migrationsberatung")
    assert row.count() == 1
    assert_accessible(page)
    _shot(page, "pinboard-ours-de", tmp_path)
    guide = new_page(browser, live_url, "de")
    guide.goto("/guide/de/pinboard/")
    assert guide.locator("article", has_text="Sprachcafé der Migrationsberatung").count() == 1
    row.locator("button").click()
    page.wait_for_url("**/network/pinboard/ours/")
    assert page.locator("main tbody tr", has_text="Sprachcafé der Migrationsberatung").count() == 0
    guide.goto("/guide/de/pinboard/")
    assert guide.locator("article", has_text="Sprachcafé der Migrationsberatung").count() == 0
    guide.context.close()
    page.context.close()
