"""Issue 12's proof in chromium: a visitor books in Farsi on the public page, receives the
e-mail (the SMTP server on loopback holds it, with the .ics and the documents to bring, in
Farsi), checks in with the QR code at the kiosk, and is called in the hall at the booked time
among walk-ins who came before them."""

from __future__ import annotations

import datetime
import email
import re
import subprocess
import sys
from email import policy

import pytest

from tests.e2e.helpers import on_the_server, sign_in
from tests.e2e.test_accessibility import (
    _desk_sign_in,
    _press,
    _screen_url,
    _shot,
    assert_accessible,
    new_page,
)

pytestmark = pytest.mark.e2e

# Opens the Messe site every day around the clock with room for bookings, so that the test
# can book a time that is due now whenever it runs (the server takes bookings up to half an
# hour back, see conftest.py).
OPEN_ALL_DAY = """
from datetime import time
from anlaufstelle.appointments.models import Capacity, OpeningHours
from anlaufstelle.organisation.models import Site
from anlaufstelle.planning.centre import site_services
from anlaufstelle.organisation.models import Service
site = Site.objects.get(name__contains="Messe")
OpeningHours.objects.filter(site=site).delete()
for weekday in range(7):
    OpeningHours.objects.create(site=site, weekday=weekday, opens=time(0), closes=time(23, 59))
    for s in site_services(site):
        service = Service.objects.get(code=s.id)
        for hour in range(24):
            Capacity.objects.update_or_create(site=site, service=service, weekday=weekday,
                hour=hour, defaults={"online": 20, "staff_only": 5, "walk_in": 20})
"""


# Opens the Messe site every day from 8 to 16 with the capacity its staff give, as a centre
# would run it (the screens' pictures show that).
OFFICE_HOURS = """
from datetime import time
from decimal import Decimal
from anlaufstelle.appointments import capacity
from anlaufstelle.appointments.models import OpeningHours
from anlaufstelle.organisation.models import Site
site = Site.objects.get(name__contains="Messe")
OpeningHours.objects.filter(site=site).delete()
for weekday in range(7):
    OpeningHours.objects.create(site=site, weekday=weekday, opens=time(8), closes=time(16))
capacity.derive(site, online_share=Decimal("0.35"), staff_share=Decimal("0.15"))
"""


# What this module changes of the Messe site (its hours and capacity) is put back afterwards,
# so that other modules on the same server see the demo as it was.
SAVE_HOURS = """
import json
from anlaufstelle.appointments.models import Capacity, OpeningHours
from anlaufstelle.organisation.models import Site
site = Site.objects.get(name__contains="Messe")
hours = list(OpeningHours.objects.filter(site=site).values(
    "service_id", "weekday", "opens", "closes"))
units = list(Capacity.objects.filter(site=site).values(
    "service_id", "weekday", "hour", "online", "staff_only", "walk_in"))
print(json.dumps({"hours": hours, "units": units}, default=str))
"""
RESTORE_HOURS = """
import json, sys
from anlaufstelle.appointments.models import Capacity, OpeningHours
from anlaufstelle.organisation.models import Site
saved = json.loads(sys.stdin.read())
site = Site.objects.get(name__contains="Messe")
OpeningHours.objects.filter(site=site).delete()
Capacity.objects.filter(site=site).delete()
OpeningHours.objects.bulk_create(OpeningHours(site=site, **row) for row in saved["hours"])
Capacity.objects.bulk_create(Capacity(site=site, **row) for row in saved["units"])
"""


@pytest.fixture(scope="module", autouse=True)
def demo_hours_kept(server_env):
    # The last line: the shell may say first what it imported.
    saved = on_the_server(server_env, "shell", "-v", "0", "-c", SAVE_HOURS).strip().splitlines()[-1]
    yield
    subprocess.run(
        [sys.executable, "-m", "anlaufstelle.cli", "shell", "-v", "0", "-c", RESTORE_HOURS],
        env=server_env, input=saved, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip


def _kiosk_ticket(browser, live_url, concern: str) -> str:
    kiosk = new_page(browser, live_url, "de", width=1080)
    kiosk.goto(_screen_url(browser, live_url, "de", "kiosk") + "?lang=de")
    kiosk.locator(".hall-kiosk__tile", has=kiosk.locator(f"input[value={concern}]")).click()
    kiosk.locator("main form button[type=submit]").click()
    kiosk.wait_for_url(re.compile(r".*/ticket/[\w-]+/$"))
    code = kiosk.locator(".hall-ticket__code").inner_text()
    kiosk.context.close()
    return code


def test_a_visitor_books_in_farsi_and_is_called_at_the_booked_time(
    browser, live_url, server_env, mailbox, tmp_path
):
    on_the_server(server_env, "shell", "-c", OPEN_ALL_DAY)
    box, _port = mailbox
    # Two walk-ins take a ticket at the kiosk before the booked visitor comes.
    walk_ins = [_kiosk_ticket(browser, live_url, "registration") for _ in range(2)]

    # The visitor books on the public page, in Farsi (right to left).
    phone = new_page(browser, live_url, "fa", width=390)
    phone.goto("/book/")
    assert_accessible(phone)
    phone.locator("a[lang=fa]").click()
    if "/book/fa/" in phone.url and phone.locator("a", has_text="Messe").count():
        phone.locator("a", has_text="Messe").first.click()
    phone.wait_for_url(re.compile(r".*/book/fa/\d+/$"))
    assert phone.locator("html").get_attribute("dir") == "rtl"
    phone.locator(".hall-kiosk__tile", has=phone.locator("input[value=registration]")).click()
    phone.locator("select[name=day]").select_option(index=0)  # today
    phone.locator("main form.booking-visit button[type=submit]").click()
    phone.wait_for_load_state("load")
    assert_accessible(phone)
    _shot(phone, "booking-times-fa", tmp_path)
    # The earliest time: up to half an hour ago, so it is due now.
    phone.locator("input[name=start]").first.check()
    phone.wait_for_timeout(3100)  # a person takes a moment; a script sending at once is refused
    phone.locator("section.booking-times form button[type=submit]").click()
    phone.wait_for_url(re.compile(r".*/book/fa/held/[\w-]+/$"))
    assert_accessible(phone)
    phone.fill("input[name=email]", "besucher@example.org")
    phone.check("input[name=agree]")
    phone.wait_for_timeout(3100)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(r".*/book/fa/b/[\w-]+/$"))
    code = phone.locator(".booking-code").inner_text()
    assert phone.locator(".booking-card__qr svg").count() == 1
    assert_accessible(phone)
    _shot(phone, "booking-fa", tmp_path)
    manage_url = phone.url

    # The sender delivers the confirmation to the SMTP server on loopback.
    assert "sent 1" in on_the_server(server_env, "send_mail")
    message = email.message_from_bytes(box.messages[-1], policy=policy.default)
    assert message["To"] == "besucher@example.org"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert code in body and manage_url in body
    assert "لطفاً همراه بیاورید" in body  # "Please bring:" in Farsi
    calendars = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    ics = calendars[0].get_content()
    assert "BEGIN:VEVENT" in (ics if isinstance(ics, str) else ics.decode())

    # At the kiosk the scanner reads the QR code: it types the booking's address.
    kiosk = new_page(browser, live_url, "fa", width=1080)
    kiosk.goto(_screen_url(browser, live_url, "fa", "kiosk") + "?lang=fa")
    kiosk.locator("a[href*='/appointment/']").click()
    assert_accessible(kiosk)
    kiosk.fill("input[name=code]", manage_url)
    kiosk.locator("main form button[type=submit]").click()
    kiosk.wait_for_url(re.compile(r".*/ticket/[\w-]+/$"))
    ticket = kiosk.locator(".hall-ticket__code").inner_text()
    kiosk.context.close()

    # A desk for the first step calls next: the booked visitor, before the walk-ins.
    desk = new_page(browser, live_url, "de")
    sign_in(desk, "springer")
    _desk_sign_in(desk, "Messe", "X01", "reception")
    _press(desk, "next")
    called = desk.locator("#desk-state h2").inner_text()
    assert ticket in called and not any(w in called for w in walk_ins)
    for action in ("came", "done", "sign_off"):
        _press(desk, action)
    desk.context.close()
    phone.context.close()


@pytest.fixture(params=["de", "ar"])
def lang(request):
    return request.param


def test_the_staff_booking_screens_pass_axe(browser, live_url, server_env, lang, tmp_path):
    on_the_server(server_env, "shell", "-c", OFFICE_HOURS)
    page = new_page(browser, live_url, lang)
    sign_in(page, "rezeption")
    page.goto("/appointments/")
    assert_accessible(page)
    page.goto("/appointments/new/")
    option = page.locator("main select[name=site] option", has_text="Messe")
    page.select_option("main select[name=site]", option.first.get_attribute("value"))
    page.check("input[name=concerns][value=registration]")
    # Without a day: the field says what is missing, in the page's language.
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert page.locator(".kern-error").count() >= 1
    assert_accessible(page)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    page.fill("input[name=day]", tomorrow)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    page.locator("input[name=start]").first.check()
    assert_accessible(page)
    if lang == "de":
        _shot(page, "appointments-new-de", tmp_path)
    page.locator("main section form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/appointments/\d+/$"))
    assert_accessible(page)
    page.context.close()
    coordinator = new_page(browser, live_url, lang)
    sign_in(coordinator, "koordination")
    coordinator.goto("/appointments/offer/")
    assert coordinator.locator("main table").count() >= 2
    assert_accessible(coordinator)
    if lang == "de":
        _shot(coordinator, "appointments-offer-de", tmp_path)
    coordinator.context.close()


def test_an_invitation_run_passes_axe(browser, live_url, server_env, lang, tmp_path):
    on_the_server(server_env, "shell", "-c", OFFICE_HOURS)
    page = new_page(browser, live_url, lang)
    sign_in(page, "abh")
    page.goto("/appointments/invitations/")
    assert_accessible(page)
    option = page.locator("main select[name=site] option", has_text="Messe")
    page.select_option("main select[name=site]", option.first.get_attribute("value"))
    page.check("input[name=concerns][value=residence]")
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    page.fill("input[name=first_day]", tomorrow)
    page.fill("input[name=weeks]", "52")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/appointments/invitations/\d+/$"))
    assert page.locator("main table").count() >= 2
    assert_accessible(page)
    if lang == "de":
        _shot(page, "invitation-run-de", tmp_path)
    page.context.close()
