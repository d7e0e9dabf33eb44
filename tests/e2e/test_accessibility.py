"""WCAG 2.1 AA as axe-core checks it, in German and in Arabic, on the screens a new user
stumbled over; the searchable nationality list by keyboard alone; right-to-left lists and
dates on a 360 px phone."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from anlaufstelle.demo.builder import demo_password
from tests.e2e.helpers import on_the_server, register, sign_in

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    # Evaluated through the browser's debugging channel, which the page's strict CSP (no inline
    # or foreign scripts) does not govern; a <script> tag would be refused.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    assert len(result["passes"]) > 10, "axe checked next to nothing"
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}:\n{json.dumps(violations, indent=1)}"


@pytest.fixture(params=["de", "ar"])
def lang(request):
    return request.param


def new_page(browser, live_url, lang: str, *, width: int = 1280, confirm: bool = True):
    context = browser.new_context(base_url=live_url, viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    if confirm:  # actions that ask once (data-confirm) are confirmed
        page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_start_pages_pass_axe(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == lang
    assert_accessible(page)
    sign_in(page, "rezeption")
    assert_accessible(page)
    page.context.close()


def test_registration_form_passes_axe_with_and_without_errors(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    sign_in(page, "rezeption")
    page.goto("/people/register/")
    assert_accessible(page)
    page.fill("[name=family_name]", "Петренко")
    page.fill("[name=birth_date]", "2999-01-01")
    page.locator("form.people-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator(".kern-error").count() >= 2
    assert_accessible(page)
    page.context.close()


def test_password_page_passes_axe_with_a_refused_password(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    sign_in(page, "jobcenter")
    page.goto("/password/")
    assert_accessible(page)
    # A guessable password is refused with the reason beside its field; nothing changes.
    page.fill("[name=old_password]", demo_password())
    page.fill("[name=new_password1]", "Sommer2024!")
    page.fill("[name=new_password2]", "Sommer2024!")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator(".kern-error").count() >= 1
    assert_accessible(page)
    page.context.close()


def test_person_page_audit_log_and_error_pages_pass_axe(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    sign_in(page, "datenschutz")
    page.goto("/audit/")
    assert page.locator("main table a.kern-link").count() > 0  # people by name
    assert_accessible(page)
    page.goto("/audit/?since=2024-02-30")
    assert page.locator(".kern-error").count() == 1
    assert_accessible(page)
    page.goto("/people/1/")
    assert page.locator("a[href='/audit/?person=1']").count() == 1
    assert_accessible(page)
    page.goto("/audit/?person=1")  # with the entries whose lists showed the person
    assert_accessible(page)
    response = page.goto("/logout/")
    assert response.status == 405
    assert_accessible(page)
    response = page.goto("/people/?q=Ko%00val")
    assert response.status == 400
    assert_accessible(page)
    page.context.close()


def test_nationalities_are_chosen_and_removed_by_keyboard_alone(browser, live_url):
    page = new_page(browser, live_url, "de")
    sign_in(page, "rezeption")
    page.goto("/people/register/")
    page.locator("[name=family_name]").focus()
    page.keyboard.type("Tkachenko")
    # Tab on until the filter box of the nationalities has the focus.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_nationalities_filter":
            break
    else:
        pytest.fail("the nationality filter is not reachable by Tab")
    page.keyboard.type("ukr")
    assert page.locator("#id_nationalities_count").inner_text() == "Angezeigt: 1"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Escape")  # back to the filter, emptied
    assert page.evaluate("document.activeElement.value") == ""
    page.keyboard.type("Syr")
    page.keyboard.press("Enter")  # to the list, without sending the form
    page.keyboard.press("Enter")  # chooses, without sending the form
    assert page.url.endswith("/people/register/")
    chips = page.locator("[data-chips] button .kern-label")
    assert chips.all_inner_texts() == ["Syrien", "Ukraine"]
    chips = page.locator("[data-chips] button")
    assert chips.first.get_attribute("aria-label") == "Syrien entfernen"
    # Back to the chosen ones and remove Syria; the focus stays in the list of chosen ones.
    page.locator("#id_nationalities_filter").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Syrien entfernen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Ukraine entfernen"
    assert not page.locator("#id_nationalities input[value=SY]").is_checked()
    page.locator("[name=birth_place]").focus()
    page.keyboard.type("Odesa")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/people/\d+/$"))
    nationalities = page.locator("dt", has_text="Staatsangehörigkeiten").locator("xpath=..")
    assert nationalities.locator("dd").inner_text() == "Ukraine"
    page.context.close()


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_lists_and_dates_at_360_px(browser, live_url, lang):
    page = new_page(browser, live_url, lang, width=360)
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # Numbers and bullets sit inside the text column, on its right, clear of the screen edge.
    for item in page.locator("main ol li, main ul.kern-list--bullet li").all():
        box, column = item.bounding_box(), item.locator("xpath=..").bounding_box()
        assert column["x"] + column["width"] <= 360 - 8
        assert column["x"] + column["width"] - (box["x"] + box["width"]) >= 16
    sign_in(page, "rezeption")
    page.goto("/people/register/")
    # "01.01." reads left to right inside the right-to-left label: the first character is
    # drawn left of the last, not ".01.01".
    token = page.locator("label[for=id_birth_date_placeholder] bdi")
    assert token.inner_text() == "01.01."
    first, last = token.evaluate(
        """bdi => { const t = bdi.firstChild, r = document.createRange();
        const at = i => {
          r.setStart(t, i); r.setEnd(t, i + 1); return r.getBoundingClientRect().x;
        };
        return [at(0), at(t.length - 1)]; }"""
    )
    assert first < last
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.context.close()


def test_planning_the_centre_as_configured_passes_axe(browser, live_url, lang):
    # The coordinator chooses the demo's main site as configured, reads its services by
    # name, and runs the planner at the site's own headcount.
    page = new_page(browser, live_url, lang)
    sign_in(page, "koordination")
    page.goto("/planning/")
    select = page.locator("select[name=day]")
    option = select.locator("option", has_text="Ankommenszentrum Messe").first
    select.select_option(option.get_attribute("value"))
    page.wait_for_url(re.compile(r".*day=centre%3A.*"))
    summary = page.locator(".planning-days, main").first.inner_text()
    assert ("Anmeldung des Wohnsitzes" if lang == "de" else "تسجيل") in summary
    assert "registration" not in page.locator("main").inner_text()
    assert_accessible(page)
    page.locator("form button.kern-btn--primary").click()
    # The planner runs as a job in a runner process the server starts: first its progress,
    # under the job's own address, then the proposal in its place.
    page.locator("#plan-job").wait_for()
    page.wait_for_url(re.compile(r".*/planning/jobs/[0-9a-f-]{36}/$"))
    assert_accessible(page)
    page.locator("#plan-result").wait_for(timeout=120_000)
    assert page.locator("#plan-job").count() == 0
    assert_accessible(page)
    page.context.close()


def _site_value(page, select: str, name: str) -> str:
    return page.locator(f"{select} option", has_text=name).first.get_attribute("value")


def test_the_capacity_page_passes_axe_with_and_without_errors(browser, live_url, lang, tmp_path):
    # The coordinator looks at Mondays at the demo's main site, as derived from its staff plan.
    page = new_page(browser, live_url, lang)
    sign_in(page, "koordination")
    page.goto("/appointments/capacity/")
    site = _site_value(page, "#capacity-site", "Messe")
    page.goto(f"/appointments/capacity/?site={site}&weekday=0")
    table = page.locator("#capacity-table")
    assert table.locator("thead th[scope=col]").count() == 1 + 8  # 08:00 to 15:00
    assert table.locator("tbody th[scope=row]").count() >= 10
    assert_accessible(page)
    # Shares over 100 percent together: refused at the field, the table unchanged.
    before = table.inner_text()
    page.fill("[name=online_percent]", "80")
    page.fill("[name=staff_percent]", "30")
    page.locator("main form:has([name=online_percent]) button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#id_staff_percent_error .kern-error").count() == 1
    assert page.locator("#capacity-table").inner_text() == before
    assert_accessible(page)
    # The demo's own shares, for this weekday only: the same table, and a message.
    page.fill("[name=online_percent]", "35")
    page.fill("[name=staff_percent]", "15")
    page.check("[name=only_this_weekday]")
    page.locator("main form:has([name=online_percent]) button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator(".messages .kern-alert--success").count() == 1
    assert page.locator("#capacity-table").inner_text() == before
    assert_accessible(page)
    if lang == "de":
        _shot(page, "capacity-de", tmp_path)
    page.context.close()


def test_the_opening_hours_page_passes_axe_with_and_without_errors(
    browser, live_url, lang, tmp_path
):
    page = new_page(browser, live_url, lang)
    sign_in(page, "koordination")
    page.goto("/appointments/opening-hours/")
    site = _site_value(page, "#hours-site", "Messe")
    url = f"/appointments/opening-hours/?site={site}"
    page.goto(url)
    rows = page.locator("#opening-hours-table tbody tr")
    assert rows.count() == 7  # Monday to Friday open, Saturday and Sunday closed
    assert "18:00" in rows.nth(3).inner_text()  # late on Thursdays
    assert_accessible(page)
    if lang == "de":
        _shot(page, "opening-hours-de", tmp_path)
    # Closing before opening: refused at the field.
    page.select_option("[name=weekday]", "5")
    page.fill("[name=opens]", "14:00")
    page.fill("[name=closes]", "10:00")
    page.locator("main form:has([name=opens]) button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#id_closes_error .kern-error").count() == 1
    assert_accessible(page)
    # Saturday 10:00–14:00 added, then removed again (the page asks once; the test confirms).
    page.fill("[name=opens]", "10:00")
    page.fill("[name=closes]", "14:00")
    page.locator("main form:has([name=opens]) button[type=submit]").click()
    page.wait_for_load_state("load")
    assert rows.count() == 7 and "14:00" in rows.nth(5).inner_text()
    assert page.locator(".messages .kern-alert--success").count() == 1
    assert_accessible(page)
    rows.nth(5).locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "14:00" not in rows.nth(5).inner_text()
    page.context.close()


def test_requests_for_roles_pass_axe(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    sign_in(page, "admin")
    # The administrator gives themselves the data-protection role in the Django admin: it waits.
    page.goto("/admin/organisation/staffmember/?q=admin")
    username = page.locator("td.field-username", has_text=re.compile(r"^admin$"))
    page.locator("#result_list tbody tr", has=username).locator("th a").click()
    page.check("input[name=roles][value=data_protection]")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state("load")
    page.goto("/organisation/rights/")
    assert page.locator("main table tbody tr").count() >= 1
    assert_accessible(page)
    page.context.close()


def test_a_pause_for_listing_and_the_unusual_access_page_pass_axe(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    sign_in(page, "lotse")
    for _ in range(41):  # one more short search than an hour allows
        page.request.get("/people/?q=ab")
    response = page.goto("/people/?q=ab")
    assert response.status == 429
    assert page.locator("main h1").count() == 1
    assert_accessible(page)
    page.context.close()
    page = new_page(browser, live_url, lang)
    sign_in(page, "datenschutz")
    page.goto("/audit/unusual/")
    assert page.locator("main table tbody tr", has_text="lotse").count() == 1
    assert_accessible(page)
    page.context.close()


def _app_code(key: str, later: int = 0) -> str:
    """The code an authenticator app shows for a key typed in from the page."""
    import base64
    import time

    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(key), 30, 0, 6, 0)
    totp.time = time.time() + later
    return f"{totp.token():06d}"


def test_two_step_sign_in_passes_axe(browser, live_url, lang):
    # A desk officer no other browser test signs in as, one per language: the second factor
    # stays on for them.
    username = {"de": "arbeitsagentur", "ar": "lasub"}[lang]
    page = new_page(browser, live_url, lang)
    sign_in(page, username)
    page.goto("/organisation/account/second-factor/")
    assert page.locator("main svg").count() == 1
    assert_accessible(page)
    key = page.locator(".second-factor-key").inner_text().replace(" ", "")
    page.fill("[name=code]", _app_code(key))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator(".kern-alert--success").count() >= 1
    assert_accessible(page)
    page.context.close()
    # Signing in again: the password leads to the code step, the code to the overview.
    page = new_page(browser, live_url, lang)
    page.goto("/login/")
    page.locator("[name=username]").fill(username)
    page.locator("[name=password]").fill(demo_password())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/login/code/$"))
    assert_accessible(page)
    page.fill("[name=code]", _app_code(key, later=30))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/staff/$"))
    page.context.close()


def _desk_sign_in(page, site: str, desk: str, skill: str) -> None:
    page.goto("/hall/desk/")
    option = page.locator("select[name=desk] option", has_text=re.compile(f"{site}.*{desk}$"))
    page.select_option("select[name=desk]", option.first.get_attribute("value"))
    for box in page.locator("input[name=skills]").all():
        box.set_checked(box.get_attribute("value") == skill)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/hall/desk/$"))


def _issue_ticket(page, concern: str, language: str | None = None) -> str:
    """Reception (signed in on ``page``) issues a ticket at the Messe site; its code."""
    page.goto("/hall/reception/")
    option = page.locator("main select[name=site] option", has_text="Messe")
    page.select_option("main select[name=site]", option.first.get_attribute("value"))
    page.check(f"input[name=concerns][value={concern}]")
    if language:
        page.select_option("main select[name=language]", language)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/hall/ticket/[\w-]+/$"))
    return page.locator(".hall-ticket__code").inner_text()


def _press(page, action: str) -> None:
    page.locator(f"form[action='/hall/desk/{action}/'] button").click()
    page.wait_for_load_state("load")


def test_a_visitor_through_the_live_hall_passes_axe(browser, live_url, lang):
    # Reception issues a ticket for registration (which needs the reception step first).
    page = new_page(browser, live_url, lang)
    sign_in(page, "rezeption")
    page.goto("/hall/reception/")
    assert_accessible(page)
    code = _issue_ticket(page, "registration", "ar" if lang == "ar" else "uk")
    status_url = page.locator(".hall-ticket__url").inner_text()
    assert page.locator(".hall-ticket ol li").count() == 2
    assert_accessible(page)
    page.context.close()
    # The visitor's phone: waiting.
    phone = new_page(browser, live_url, lang)
    phone.goto(status_url)
    assert code in phone.locator("h1").inner_text()
    assert_accessible(phone)
    # A small phone: nothing wider than the screen.
    phone.set_viewport_size({"width": 360, "height": 740})
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    # A desk at anyone's desks serves the reception step.
    desk = new_page(browser, live_url, lang)
    sign_in(desk, "springer")
    _desk_sign_in(desk, "Messe", "X01", "reception")
    assert_accessible(desk)
    _press(desk, "next")
    assert code in desk.locator("#desk-state h2").inner_text()
    assert_accessible(desk)
    _press(desk, "came")
    # At the desk: the outcome, come back later, and forwarding (opened) pass too.
    desk.locator(".hall-forward summary").click()
    desk.locator(".hall-forward input[name=services]").first.wait_for()
    assert_accessible(desk)
    # The registration desk is free meanwhile: nobody may register before the reception step.
    registration = new_page(browser, live_url, lang)
    sign_in(registration, "buergerservice.2")
    _desk_sign_in(registration, "Messe", "B01", "registration")
    _press(registration, "next")
    assert code not in registration.locator("#desk-state h2").inner_text()
    assert_accessible(registration)
    _press(desk, "done")
    _press(desk, "sign_off")
    desk.context.close()
    # The dispatcher calls the visitor to the free desk: its page shows it by itself (its look
    # every three seconds says so, and it fetches its state), without a press or a reload.
    desk = registration
    desk.locator("#desk-state h2", has_text=code).wait_for(timeout=15000)
    assert desk.locator("form[action='/hall/desk/came/']").count() == 1
    board_link = new_page(browser, live_url, lang)
    sign_in(board_link, "rezeption")
    board_link.goto("/hall/reception/")
    board_url = (
        board_link.locator("main li", has_text="Messe")
        .locator("a.hall-board-link")
        .get_attribute("href")
    )
    board_link.context.close()
    board = new_page(browser, live_url, lang)
    board.goto(board_url)
    row = board.locator("#board-calls tbody tr", has_text=code)
    assert "B01" in row.inner_text()
    assert_accessible(board)
    # The phone fetches its part by itself (every five seconds), without a reload.
    phone.locator("main .kern-alert", has_text="B01").wait_for(timeout=15000)
    assert_accessible(phone)
    _press(desk, "came")
    _press(desk, "done")
    _press(desk, "alarm")
    _press(desk, "sign_off")
    phone.reload()
    assert phone.locator("main .kern-alert--success").count() == 1
    for p in (desk, board, phone):
        p.context.close()
    # The coordinator's view of the hall: the visitor is done, no desk is signed in.
    page = new_page(browser, live_url, lang)
    sign_in(page, "koordination")
    page.goto("/hall/live/")
    assert page.locator("#live table").count() == 4  # queues, desks, interpreters, calls
    # The alarm from desk B01 waits for a coordinator.
    option = page.locator("#live-site option", has_text="Messe")
    page.goto(f"/hall/live/?site={option.first.get_attribute('value')}")
    assert "B01" in page.locator("#live .kern-alert--danger").inner_text()
    assert_accessible(page)
    page.locator("#live .kern-alert--danger button").click()
    page.wait_for_load_state("load")
    assert page.locator("#live .kern-alert--danger").count() == 0
    page.context.close()


def _screen_url(browser, live_url, lang: str, screen: str) -> str:
    """The address of the Messe site's board or kiosk, as reception's page lists it."""
    staff = new_page(browser, live_url, lang)
    sign_in(staff, "rezeption")
    staff.goto("/hall/reception/")
    link = staff.locator("main li", has_text="Messe").locator(f"a.hall-{screen}-link")
    url = link.get_attribute("href")
    staff.context.close()
    return url


def _board_url(browser, live_url, lang: str) -> str:
    return _screen_url(browser, live_url, lang, "board")


def test_the_board_chimes_and_says_a_new_call_aloud(browser, live_url, lang):
    board = new_page(browser, live_url, lang)
    board.goto(_board_url(browser, live_url, lang))
    sound_on = board.locator("#board-sound")
    sound_on.wait_for()  # shown by the script: sound needs a press first
    assert_accessible(board)
    sound_on.click()
    sound_on.wait_for(state="hidden")
    # Reception issues a ticket in the visitor's language; a desk calls it.
    language = "ar" if lang == "ar" else "uk"
    page = new_page(browser, live_url, lang)
    sign_in(page, "rezeption")
    code = _issue_ticket(page, "reception", language)
    page.context.close()
    desk = new_page(browser, live_url, lang)
    sign_in(desk, "springer")
    _desk_sign_in(desk, "Messe", "X01", "reception")
    with board.expect_response(lambda r: "/calls/" in r.url, timeout=15_000) as said:
        _press(desk, "next")
    row = board.locator("#board-calls tbody tr", has_text=code)
    assert said.value.url.endswith(row.get_attribute("data-sound"))
    assert row.get_attribute("data-lang") == language
    assert said.value.status == 200 and said.value.headers["content-type"] == "audio/wav"
    key = row.get_attribute("data-call")
    assert board.evaluate("window.anlaufstelleBoard.announced") == [key]
    # After the chime, the server's sound plays (decoded by the browser, not its own voice).
    board.wait_for_function("key => window.anlaufstelleBoard.played.includes(key)", arg=key)
    assert_accessible(board)
    _press(desk, "came")
    _press(desk, "done")
    _press(desk, "sign_off")
    for p in (desk, board):
        p.context.close()


def _shot(page, name: str, tmp_path: Path) -> None:
    """A screenshot for the README: into E2E_SCREENSHOTS (docs/img) when set, else a temporary
    folder, so that the step runs in every test run."""
    folder = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    assert (folder / f"{name}.png").stat().st_size > 10_000


def _desk_calls(browser, live_url, lang: str, user: str, desk: str, skill: str, code: str):
    """``user`` signs in at desk ``desk`` of the Messe site for ``skill``, presses *call next*
    and gets ``code``; the desk's page."""
    page = new_page(browser, live_url, lang)
    sign_in(page, user)
    _desk_sign_in(page, "Messe", desk, skill)
    _press(page, "next")
    assert code in page.locator("#desk-state h2").inner_text()
    return page


def _called_on(board, old_tv, phone, code: str, desk: str) -> None:
    """Within the board's two seconds (and one more for the page), the call is on the board;
    the board that reloads itself every three seconds and the phone, which looks every five,
    show it too."""
    for screen, seconds in ((board, 3), (old_tv, 5)):
        row = screen.locator("#board-calls tbody tr", has_text=code).filter(has_text=desk)
        row.wait_for(timeout=seconds * 1000)
    phone.locator("main .kern-alert", has_text=desk).wait_for(timeout=12_000)


def _serve(desk) -> None:
    for action in ("came", "done", "sign_off"):
        _press(desk, action)


def test_a_kiosk_visitor_goes_through_two_desks_to_done(browser, live_url, lang, tmp_path):
    # The kiosk: language first, then the concerns as pictograms, then the ticket on screen.
    kiosk = new_page(browser, live_url, lang, width=1080)
    kiosk.goto(_screen_url(browser, live_url, lang, "kiosk"))
    assert kiosk.locator(".hall-kiosk__language").count() == 7
    assert_accessible(kiosk)
    _shot(kiosk, "hall-kiosk-languages", tmp_path)
    kiosk.locator(f".hall-kiosk__language[lang={lang}]").click()
    kiosk.wait_for_url(re.compile(rf".*\?lang={lang}$"))
    assert kiosk.locator("html").get_attribute("lang") == lang
    tile = kiosk.locator(".hall-kiosk__tile", has=kiosk.locator("input[value=registration]"))
    assert tile.locator("img").get_attribute("src").endswith("/pictograms/registration.svg")
    tile.click()  # anywhere on the tile
    assert tile.locator("input").is_checked()
    assert_accessible(kiosk)
    _shot(kiosk, f"hall-kiosk-{lang}", tmp_path)
    kiosk.locator("main form button[type=submit]").click()
    kiosk.wait_for_url(re.compile(r".*/ticket/[\w-]+/$"))
    code = kiosk.locator(".hall-ticket__code").inner_text()
    status_url = kiosk.locator(".hall-ticket__url").inner_text()
    # Registration needs reception first: the route has both, in that order.
    assert kiosk.locator(".hall-ticket ol li").count() == 2
    assert_accessible(kiosk)
    _shot(kiosk, f"hall-kiosk-ticket-{lang}", tmp_path)
    kiosk.context.close()
    # The visitor's phone, the call board, and a board whose browser cannot run htmx (an old
    # television's): it reloads itself instead.
    phone = new_page(browser, live_url, lang, width=390)
    phone.goto(status_url)
    assert code in phone.locator("h1").inner_text()
    board_url = _board_url(browser, live_url, lang)
    board = new_page(browser, live_url, lang)
    board.goto(board_url)
    old_tv = new_page(browser, live_url, lang)
    old_tv.route("**/htmx.min.js", lambda route: route.abort())
    old_tv.goto(board_url)
    # The first desk serves reception.
    desk = _desk_calls(browser, live_url, lang, "springer", "X01", "reception", code)
    _called_on(board, old_tv, phone, code, "X01")
    assert_accessible(phone)
    _shot(phone, f"hall-status-{lang}", tmp_path)
    _serve(desk)
    desk.context.close()
    # The second desk serves registration, which the dispatcher offers only now.
    desk = _desk_calls(browser, live_url, lang, "buergerservice.2", "B01", "registration", code)
    assert_accessible(desk)
    _shot(desk, f"hall-desk-{lang}", tmp_path)
    _called_on(board, old_tv, phone, code, "B01")
    assert_accessible(board)
    _shot(board, f"hall-board-{lang}", tmp_path)
    _serve(desk)
    # Done: the phone says so by itself.
    phone.locator("main .kern-alert--success").wait_for(timeout=12_000)
    assert_accessible(phone)
    for p in (desk, board, old_tv, phone):
        p.context.close()


def test_the_interpreters_page_passes_axe(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    sign_in(page, "dolmetschen")
    page.goto("/hall/interpreter/")
    assert_accessible(page)
    option = page.locator("main select[name=site] option", has_text="Messe")
    page.select_option("main select[name=site]", option.first.get_attribute("value"))
    page.locator("main form button[type=submit]").click()
    page.locator("#interpreter-state").wait_for()
    assert_accessible(page)
    page.locator("main form.actions button[type=submit]").click()
    page.locator("main select[name=site]").wait_for()
    page.context.close()


def test_a_desk_asks_once_before_sending_a_visitor_away(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    sign_in(page, "rezeption")
    code = _issue_ticket(page, "reception")
    page.context.close()
    desk = new_page(browser, live_url, lang, confirm=False)
    sign_in(desk, "springer")
    _desk_sign_in(desk, "Messe", "X01", "reception")
    _press(desk, "next")
    assert code in desk.locator("#desk-state h2").inner_text()
    # A misclick on "did not come", answered with no: the visitor stays called.
    asked: list[str] = []
    desk.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    desk.locator("form[action='/hall/desk/no_show/'] button").click()
    assert asked and asked[0]
    desk.reload()
    assert code in desk.locator("#desk-state h2").inner_text()
    _press(desk, "came")
    _press(desk, "done")
    desk.once("dialog", lambda dialog: dialog.accept())
    _press(desk, "sign_off")
    assert desk.locator("select[name=desk]").count() == 1  # signed off: the sign-in form
    desk.context.close()


def _pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Width and height in points of each page of a PDF chromium printed."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(w), float(h)) for w, h in boxes]


def test_a_ticket_prints_on_a4_and_on_80_mm_paper(browser, live_url, lang):
    page = new_page(browser, live_url, lang)
    sign_in(page, "rezeption")
    _issue_ticket(page, "reception")
    ticket_url = page.url
    sizes = {}
    for layout in ("a4", "receipt"):
        page.goto(f"{ticket_url}?print={layout}")
        assert page.locator("button[data-print]").is_visible()
        assert_accessible(page)
        pages = _pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
        assert len(pages) == 1, f"{layout}: {len(pages)} pages"
        sizes[layout] = pages[0]
    mm = 72 / 25.4
    assert abs(sizes["a4"][0] - 210 * mm) < 1 and abs(sizes["a4"][1] - 297 * mm) < 1
    assert abs(sizes["receipt"][0] - 80 * mm) < 1
    page.context.close()


def test_what_another_agency_may_not_see_is_left_out_or_refused_with_the_reason(
    browser, live_url, lang, tmp_path
):
    # The jobcenter's officer: the demo's people consented to different agencies, or to none.
    page = new_page(browser, live_url, lang)
    sign_in(page, "jobcenter")
    for number in range(1, 80):
        response = page.goto(f"/people/{number}/")
        if response.status == 200 and page.locator("main .kern-alert--info").count() == 1:
            break
    else:
        pytest.fail("no person of the demo with data left out for the jobcenter")
    assert page.locator("main .kern-alert--info li").count() >= 1
    assert_accessible(page)
    _shot(page, f"person-withheld-{lang}", tmp_path)
    page.context.close()
    # The bank's officer, for a person who gave the bank no consent: the page is refused.
    page = new_page(browser, live_url, lang)
    sign_in(page, "sparkasse")
    for number in range(1, 80):
        response = page.goto(f"/people/{number}/")
        if response.status == 403:
            break
    else:
        pytest.fail("no person of the demo refused to the bank")
    assert page.locator("main li").count() >= 1  # each category refused, with its reason
    assert_accessible(page)
    _shot(page, f"person-refused-{lang}", tmp_path)
    page.context.close()


def test_a_consent_in_ukrainian_opens_residence_data_until_it_is_withdrawn(
    browser, live_url, tmp_path
):
    """The issue's story: reception records, in Ukrainian, the person's consent for the
    Jobcenter to see their residence data; the Jobcenter's officer sees them; the person
    withdraws; the officer no longer does; the access report lists the transfer."""
    reception = new_page(browser, live_url, "uk")
    sign_in(reception, "rezeption")
    register(reception, "Hrytsenko", "Yaryna", "1991-04-17", "f")
    person_url = reception.url
    number = person_url.rstrip("/").rsplit("/", 1)[1]
    reception.goto(f"/people/{number}/document/add/")
    reception.select_option("[name=kind]", "duldung")
    reception.fill("[name=number]", "UA7731904")
    reception.locator("main form button[type=submit]").last.click()
    reception.wait_for_url(re.compile(r".*/people/\d+/(#\w+)?$"))

    reception.goto(f"/privacy/people/{number}/consents/")
    assert_accessible(reception)
    blank = reception.request.get(f"/privacy/people/{number}/consents/form.pdf?language=uk")
    assert blank.headers["content-type"] == "application/pdf"
    reception.goto(f"/privacy/people/{number}/consents/new/")
    reception.get_by_label("Jobcenter", exact=True).check()
    reception.locator("[name=categories][value=identity]").check()
    reception.locator("[name=categories][value=residence]").check()
    reception.select_option("main [name=language]", "uk")  # not the page's language switcher
    reception.select_option("[name=how]", "signed")
    reception.fill("[name=evidence]", "Скан 2026-118")
    assert_accessible(reception)
    reception.locator("main form button[type=submit]").first.click()
    reception.wait_for_url(re.compile(r".*/consents/$"))
    assert reception.locator("main table tbody tr").count() == 1
    assert_accessible(reception)
    _shot(reception, "consents-uk", tmp_path)

    officer = new_page(browser, live_url, "uk")
    sign_in(officer, "jobcenter")
    officer.goto(f"/people/{number}/")
    assert "UA7731904" in officer.locator("main").inner_text()

    reception.locator("main table a[href$='/withdraw/']").click()
    reception.fill("[name=how]", "особисто на рецепції")
    assert_accessible(reception)
    reception.locator("main form button[type=submit]").first.click()
    reception.wait_for_url(re.compile(r".*/consents/$"))

    officer.reload()
    text = officer.locator("main").inner_text()
    assert "UA7731904" not in text
    assert officer.locator("main .kern-alert--info li").count() >= 1  # with the reason

    dpo = new_page(browser, live_url, "de")
    sign_in(dpo, "datenschutz")
    dpo.goto(f"/privacy/people/{number}/access-report/?language=uk")
    transfers = dpo.locator("#transfers").inner_text()
    assert "Jobcenter" in transfers and "№" in transfers
    assert_accessible(dpo)
    _shot(dpo, "access-report-uk", tmp_path)
    for page in (reception, officer, dpo):
        page.context.close()


def test_a_case_with_a_note_a_task_and_a_referral_passes_axe(browser, live_url, lang, tmp_path):
    page = new_page(browser, live_url, lang)
    sign_in(page, "jobcenter")
    for number in range(1, 80):
        response = page.goto(f"/people/{number}/")
        if response.status == 200 and page.locator("main .kern-alert--info").count() == 0:
            break
    else:
        pytest.fail("no person of the demo whose whole record the jobcenter may see")
    page.goto(f"/cases/people/{number}/new/")
    page.fill("[name=title]", "Grundsicherung")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/cases/\d+/$"))
    case_url = page.url
    page.goto(case_url + "notes/new/")
    page.locator("main form button[type=submit]").first.click()  # empty: errors
    page.locator("main .kern-form-input--error").first.wait_for()  # the answer, not the old page
    assert_accessible(page)
    page.select_option("[name=category]", "benefits")
    page.fill("[name=text]", "Antrag vollständig, Bescheid folgt.")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(case_url)
    page.goto(case_url + "tasks/new/")
    page.fill("[name=title]", "Bescheid schicken")
    page.fill("[name=due]", "2020-01-01")  # overdue: it stands on the start page
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(case_url)
    page.goto(case_url + "referrals/new/")
    page.select_option("[name=to_agency]", label="Sozialamt")
    page.locator("[name=categories][value=identity]").check()
    page.locator("[name=categories][value=benefits]").check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(case_url)
    main = page.locator("main").inner_text()
    assert "Antrag vollständig" in main and "Bescheid schicken" in main and "Sozialamt" in main
    assert "§ 69 Abs. 1 Nr. 1 SGB X" in main  # the referral's basis
    assert_accessible(page)
    _shot(page, f"case-{lang}", tmp_path)
    page.goto("/staff/")
    assert "Bescheid schicken" in page.locator("main #work").inner_text()
    assert_accessible(page)
    page.context.close()


def test_the_youth_office_releases_a_sealed_note_and_the_page_passes_axe(
    browser, live_url, lang, tmp_path
):
    page = new_page(browser, live_url, lang)
    sign_in(page, "jugendamt")
    for number in range(1, 40):
        if page.goto(f"/cases/{number}/").status != 200:
            continue
        link = page.locator("main a[href*='/releases/']")
        if link.count():
            break
    else:
        pytest.fail("no case of the demo with a sealed note of the youth office")
    link.first.click()
    page.wait_for_url(re.compile(r".*/releases/$"))
    page.locator("main form button[type=submit]").last.click()  # empty: errors, kept
    page.locator("main .kern-form-input--error").first.wait_for()  # the answer, not the old page
    assert_accessible(page)
    _shot(page, f"releases-{lang}", tmp_path)
    page.context.close()


def test_the_jobcenter_records_a_written_request_and_the_page_passes_axe(
    browser, live_url, lang, tmp_path
):
    page = new_page(browser, live_url, lang)
    sign_in(page, "jobcenter")
    for number in range(1, 80):
        if page.goto(f"/people/{number}/").status == 200:
            break
    else:
        pytest.fail("no person of the demo the jobcenter may open")
    page.locator("main a[href$='/requests/']").first.click()
    page.wait_for_url(re.compile(r".*/requests/$"))
    page.locator("main form button[type=submit]").last.click()  # empty: errors, kept
    page.locator("main .kern-form-input--error").first.wait_for()  # the answer, not the old page
    assert_accessible(page)
    page.select_option("[name=agency]", label="Ausländerbehörde")
    page.fill("[name=reference]", "ABH 12-345/26")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/requests/$"))
    listed = page.locator("main #requests-heading + .table-wrap").inner_text()
    assert "ABH 12-345/26" in listed and "§ 87 Abs. 1 AufenthG" in listed
    assert_accessible(page)
    _shot(page, f"written-requests-{lang}", tmp_path)
    page.context.close()


# A mail the server refused until it was given up, for the outbox page to show (once per
# language of the test, each with its own reference).
GIVEN_UP_MAIL = """
from anlaufstelle.outbox import services
from anlaufstelle.outbox.models import Mail
mail = services.enqueue(to="a11y@example.org", subject="Ihr Termin", body="Text",
    language="de", kind="booking", reference="{reference}")
Mail.objects.filter(pk=mail.pk).update(state=Mail.State.FAILED, attempts=5,
    last_error="451 4.3.0 mailbox busy")
"""


def test_the_outbox_with_a_given_up_mail_passes_axe(browser, live_url, server_env, lang, tmp_path):
    """Given up with the server's words, sent again from the page, and sent: each state of the
    page passes axe. Nothing is left waiting for other tests' senders."""
    reference = f"A11Y-{lang.upper()}"
    on_the_server(server_env, "shell", "-c", GIVEN_UP_MAIL.format(reference=reference))
    page = new_page(browser, live_url, lang)
    sign_in(page, "koordination")
    page.goto("/outbox/")
    row = page.locator("main table tbody tr", has_text=reference)
    assert "451 4.3.0 mailbox busy" in row.inner_text()
    assert page.locator("main .kern-alert--danger").count() == 1
    assert_accessible(page)
    if lang == "de":
        _shot(page, "outbox-de", tmp_path)
    row.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/outbox/$"))
    assert page.locator("main .kern-alert--danger").count() == 0
    assert_accessible(page)  # with the message that it is queued again
    assert "given up 0" in on_the_server(server_env, "send_mail")
    page.reload()
    assert row.locator("form").count() == 0 and "451" not in row.inner_text()  # sent
    assert_accessible(page)
    page.context.close()
