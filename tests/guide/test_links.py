"""The kiosk, the ticket's status page and the booking pages link into the guide in the
visitor's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anlaufstelle.hall import services as hall
from anlaufstelle.hall.views import kiosk_token
from anlaufstelle.organisation.models import Desk, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(agencies, services):
    site = Site.objects.create(name="Ankunftszentrum Test")
    for number, agency in (("1", "reception"), ("2", "foreigners")):
        Desk.objects.create(site=site, number=number).agencies.add(agencies[agency])
    return site


def _guide_link(html: str, lang: str) -> bool:
    return f'href="{reverse("guide:index", args=[lang])}" hreflang="{lang}"' in html


@pytest.mark.parametrize("lang", ["uk", "ar"])
def test_the_status_page_links_to_the_guide_in_the_tickets_language(site, lang):
    visit = hall.issue_ticket(site=site, services=["residence"], language=lang)
    html = Client().get(reverse("hall:status", args=[visit.token])).content.decode()
    assert _guide_link(html, lang)


def test_the_kiosk_links_to_the_guide_in_the_chosen_language(site):
    url = reverse("hall:kiosk", args=[site.pk, kiosk_token(site)])
    html = Client().get(url, {"lang": "fa"}).content.decode()
    assert _guide_link(html, "fa")


def test_the_booking_page_links_to_the_guide_in_its_language(site):
    html = Client().get(reverse("book:start", args=["ru"])).content.decode()
    assert _guide_link(html, "ru")
