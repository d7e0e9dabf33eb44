"""The checklist's public pages as a visitor uses them (no account, their language, nothing
stored) and the PDF; bad addresses get a clear message, never a 500."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from anlaufstelle.appointments.models import Booking
from anlaufstelle.guide import checklist
from anlaufstelle.hall import services as hall_services
from anlaufstelle.hall.models import Outcome, Step
from anlaufstelle.organisation.models import Service
from tests.guide.test_checklist import centre  # noqa: F401  (the fixture)

UKRAINIAN_FAMILY = {
    "country": "UA",
    "arrived": "new",
    "family": "partner_children",
    "children": "2",
    "needs": ["papers", "money"],
}
# The demo's names of the steps a family from Ukraine takes, in Ukrainian, in their order.
UK_ORDER = [
    "Прийом і супровід",
    "Реєстрація місця проживання",
    "Дозвіл на проживання",
    "Базове забезпечення",
]


@pytest.fixture
def visitor():
    return Client()


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def step_names(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", name).strip()
        for name in re.findall(r'checklist-step__name">(.*?)</h2>', html, re.S)
    ]


def test_the_questionnaire_stores_nothing_and_leads_to_the_checklist(visitor, centre):  # noqa: F811
    before = row_counts()
    page = visitor.get(reverse("guide:checklist_questionnaire", args=["uk"]))
    assert page.status_code == 200
    assert 'lang="uk"' in page.content.decode()
    answered = visitor.get(reverse("guide:checklist_questionnaire", args=["uk"]), UKRAINIAN_FAMILY)
    assert answered.status_code == 302
    location = answered["Location"]
    assert location.startswith("/guide/uk/checklist/k/")
    # The address names no one and none of the answers, only the site and services (signed).
    assert "UA" not in location and "partner" not in location
    shown = visitor.get(location)
    assert shown.status_code == 200
    names = step_names(shown.content.decode())
    codes = [c for c in checklist.read_token(location.split("/")[-2]).codes]
    assert "registration" in codes and "basic_income" in codes and "school" in codes
    assert names[0] == "Прийом і супровід"
    assert names[1] == "Реєстрація місця проживання"
    assert names.index("Реєстрація місця проживання") < names.index(
        "Базове забезпечення для шукачів роботи (SGB II)"
    )
    assert row_counts() == before


def test_each_step_lists_what_to_bring_and_where_in_the_language(visitor, centre):  # noqa: F811
    token = checklist.make_token(site=centre["messe"], codes=["registration"])
    html = visitor.get(reverse("guide:checklist", args=["uk", token])).content.decode()
    assert "Будь ласка, візьміть із собою" in html
    assert "закордонний паспорт" in html
    assert "Zone B" in html and "Bürgerservice" in html
    assert "<svg" in html  # the QR code of the page's own address
    assert 'href="?format=pdf"' in html


def test_arabic_and_farsi_read_right_to_left(visitor, centre):  # noqa: F811
    token = checklist.make_token(site=centre["messe"], codes=["residence"])
    for lang in ("ar", "fa"):
        html = visitor.get(reverse("guide:checklist", args=[lang, token])).content.decode()
        assert f'lang="{lang}" dir="rtl"' in html
    html = visitor.get(reverse("guide:checklist", args=["ku", token])).content.decode()
    assert 'lang="ku" dir="ltr"' in html


def test_bad_answers_come_back_with_a_message_and_400(visitor, centre):  # noqa: F811
    url = reverse("guide:checklist_questionnaire", args=["en"])
    response = visitor.get(url, {**UKRAINIAN_FAMILY, "needs": ["magic"], "children": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html
    missing = visitor.get(url, {**UKRAINIAN_FAMILY, "children": "0"})
    assert missing.status_code == 400
    assert "Please say how many children are with you." in missing.content.decode()


def test_a_changed_address_is_refused_in_the_language(visitor, centre):  # noqa: F811
    token = checklist.make_token(site=centre["messe"], codes=["residence"])
    response = visitor.get(reverse("guide:checklist", args=["en", token[:-3] + "xyz"]))
    assert response.status_code == 400
    assert "This checklist address is not valid." in response.content.decode()
    german = visitor.get(reverse("guide:checklist", args=["de", "not-a-token"]))
    assert german.status_code == 400
    assert 'lang="de"' in german.content.decode()


def test_an_unknown_language_is_not_found(visitor, centre):  # noqa: F811
    token = checklist.make_token(site=centre["messe"], codes=["residence"])
    for url in (
        reverse("guide:checklist", args=["xx", token]),
        reverse("guide:checklist_questionnaire", args=["xx"]),
        reverse("guide:checklist_ticket", args=["xx", "t"]),
        reverse("guide:checklist_booking", args=["xx", "t"]),
    ):
        # No language in the address: the one the browser asks for.
        response = visitor.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 404
        assert "This language is not offered." in response.content.decode()
        german = visitor.get(url, HTTP_ACCEPT_LANGUAGE="de")
        assert "Diese Sprache wird nicht angeboten." in german.content.decode()


def test_unknown_service_codes_leave_no_checklist(visitor, centre):  # noqa: F811
    token = checklist.make_token(site=centre["messe"], codes=["no-such-service"])
    response = visitor.get(reverse("guide:checklist", args=["en", token]))
    assert response.status_code == 404
    assert "There is no checklist at this address." in response.content.decode()


def test_a_hall_ticket_gives_its_visit_plan_in_order(visitor, centre):  # noqa: F811
    visit = hall_services.issue_ticket(
        site=centre["messe"], services=["school", "residence"], language="uk"
    )
    html = visitor.get(reverse("guide:checklist_ticket", args=["uk", visit.token])).content.decode()
    names = step_names(html)
    assert names == [
        "Прийом і супровід",
        "Реєстрація місця проживання",
        "Дозвіл на проживання та тимчасова довідка (Fiktionsbescheinigung)",
        "Зарахування до школи",
    ]
    # A step served is ticked; one sent away for missing papers is still to do.
    Step.objects.filter(visit=visit, service__code="reception").update(state=Step.State.DONE)
    Step.objects.filter(visit=visit, service__code="registration").update(
        state=Step.State.DONE, outcome=Outcome.DOCUMENTS_MISSING
    )
    html = visitor.get(reverse("guide:checklist_ticket", args=["uk", visit.token])).content.decode()
    names = step_names(html)
    assert names[0] == "✓Прийом і супровід (готово)"
    assert names[1] == "Реєстрація місця проживання"
    # No ticket number in the page: the token is the whole key, as on the status page.
    assert visitor.get(reverse("guide:checklist_ticket", args=["uk", "nope"])).status_code == 404


def test_a_booking_gives_its_steps_with_their_times(visitor, centre):  # noqa: F811
    start = timezone.localtime() + timedelta(days=1)
    start = start.replace(hour=9, minute=30, second=0, microsecond=0)
    booking = Booking.objects.create(
        site=centre["messe"], start=start, end=start + timedelta(minutes=20), language="ar",
        channel="online", state=Booking.State.BOOKED,
    )  # fmt: skip
    for n, (code, minutes) in enumerate([("registration", 0), ("bank", 10)]):
        booking.steps.create(
            service=Service.objects.get(code=code),
            order=n,
            start=start + timedelta(minutes=minutes),
        )
    html = visitor.get(reverse("guide:checklist_booking", args=["ar", booking.token])).content
    text = html.decode()
    assert 'dir="rtl"' in text
    assert ">09:30<" in text and ">09:40<" in text
    assert "تسجيل السكن" in text and "فتح حساب مصرفي أساسي" in text
    held = Booking.objects.create(
        site=centre["messe"], start=start, end=start, language="en", channel="online",
        state=Booking.State.HELD, held_until=timezone.now() + timedelta(minutes=5),
    )  # fmt: skip
    assert (
        visitor.get(reverse("guide:checklist_booking", args=["en", held.token])).status_code == 404
    )


def test_the_pdf_lists_the_steps_in_order_in_the_language(visitor, centre):  # noqa: F811
    codes = checklist.codes_for_answers(
        checklist.Answers("UA", "new", "partner_children", 2, False, ("papers", "money"))
    )
    token = checklist.make_token(site=centre["messe"], codes=codes, party_size=4)
    response = visitor.get(reverse("guide:checklist", args=["uk", token]), {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    positions = [text.find(name) for name in UK_ORDER]
    assert all(p >= 0 for p in positions), (positions, text[:500])
    assert positions == sorted(positions)
    assert "закордонний паспорт" in text


def test_the_public_pages_take_only_get(visitor, centre):  # noqa: F811
    token = checklist.make_token(site=centre["messe"], codes=["residence"])
    assert visitor.post(reverse("guide:checklist", args=["en", token])).status_code == 405
    assert visitor.post(reverse("guide:checklist_questionnaire", args=["en"])).status_code == 405


def test_other_pages_link_to_a_tickets_or_bookings_checklist_in_its_language(centre):  # noqa: F811
    from django.template import Context, Template

    visit = hall_services.issue_ticket(site=centre["messe"], services=["bank"], language="ti")
    booking = Booking(token="abc", language="fa")
    page = Template(
        "{% load checklist_tags %}{% checklist_url visit %} {% checklist_url booking %}"
    )
    # Tigrinya the product does not speak: the checklist in German.
    assert page.render(Context({"visit": visit, "booking": booking})) == (
        f"/guide/de/checklist/ticket/{visit.token}/ /guide/fa/checklist/booking/abc/"
    )


def test_the_pages_take_the_guides_own_layout_once_there_is_one(
    visitor,
    centre,  # noqa: F811
    settings,
    tmp_path,
):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "base.html").write_text(
        '<html lang="{{ lang }}"><title>{% block title %}{% endblock %}</title>'
        "<body data-layout=guide>{% block content %}{% endblock %}</body></html>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    token = checklist.make_token(site=centre["messe"], codes=["residence"])
    for url in (
        reverse("guide:checklist", args=["uk", token]),
        reverse("guide:checklist_questionnaire", args=["uk"]),
        reverse("guide:checklist", args=["uk", "broken"]),
    ):
        assert "data-layout=guide" in visitor.get(url).content.decode(), url
