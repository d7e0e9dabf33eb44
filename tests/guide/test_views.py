"""The guide's public pages as a visitor reads them: in their language (Arabic right to left),
with the service's documents, places and hours, no person's data, and a 404 in the language for
an unknown address."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from anlaufstelle.organisation.models import Service
from tests.guide.test_checklist import centre  # noqa: F401  (the fixture)


@pytest.fixture
def visitor():
    return Client()


def test_the_start_page_lists_the_services_in_arabic(visitor, centre):  # noqa: F811
    page = visitor.get(reverse("guide:index", args=["ar"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    residence = Service.objects.get(code="residence")
    assert residence.names["ar"] in html
    assert reverse("guide:service", args=["ar", "residence"]) in html
    assert reverse("guide:checklist_questionnaire", args=["ar"]) in html
    # The switcher offers the six other languages.
    for code in ("de", "en", "uk", "ru", "fa", "ku"):
        assert reverse("guide:index", args=[code]) in html
    switcher = html[html.index('class="g-langs') : html.index("</nav>")]
    assert switcher.count("hreflang=") == 6 and 'hreflang="ar"' not in switcher


def test_the_service_page_in_arabic(visitor, centre):  # noqa: F811
    residence = Service.objects.get(code="residence")
    page = visitor.get(reverse("guide:service", args=["ar", "residence"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'dir="rtl"' in html
    assert f'<h1 class="kern-heading-large">{residence.names["ar"]}</h1>' in html
    assert residence.required_documents, "the demo's residence service names documents"
    with_ar = visitor.get(reverse("guide:service", args=["ar", "residence"]))
    assert with_ar.status_code == 200
    for prerequisite in residence.prerequisites.all():
        assert reverse("guide:service", args=["ar", prerequisite.code]) in html
    assert centre["messe"].address in html
    assert residence.audience["ar"] in html


def test_the_service_page_shows_the_documents_in_the_language(visitor, centre):  # noqa: F811
    from django.utils.translation import override

    from anlaufstelle.organisation.models import document_label

    residence = Service.objects.get(code="residence")
    html = visitor.get(reverse("guide:service", args=["uk", "residence"])).content.decode()
    with override("uk"):
        labels = [document_label(code) for code in residence.required_documents]
    for label in labels:
        assert label in html


@pytest.mark.parametrize(
    "url",
    [
        "/guide/xx/",
        "/guide/xx/services/residence/",
        "/guide/ar/services/nothing/",
        "/guide/xx/sw.js",
    ],
)
def test_unknown_addresses_are_404_pages(visitor, centre, url):  # noqa: F811
    page = visitor.get(url)
    assert page.status_code == 404
    assert "kern-alert" in page.content.decode()


def test_an_unknown_service_says_so_in_the_language(visitor, centre):  # noqa: F811
    page = visitor.get("/guide/ar/services/nothing/")
    assert 'dir="rtl"' in page.content.decode()
    assert 'lang="ar"' in page.content.decode()


def test_the_service_worker_precaches_the_languages_pages(visitor, centre):  # noqa: F811
    worker = visitor.get(reverse("guide:worker", args=["ar"]))
    body = worker.content.decode()
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("application/javascript")
    assert reverse("guide:index", args=["ar"]) in body
    for service in Service.objects.filter(active=True):
        assert reverse("guide:service", args=["ar", service.code]) in body
    assert "guide/guide-base.css" in body


def test_public_pages_show_no_person(visitor, centre):  # noqa: F811
    from anlaufstelle.hall import services as hall_services

    hall_services.issue_ticket(site=centre["messe"], services=["residence"], language="ar")
    from anlaufstelle.hall.models import Visit

    code = Visit.objects.get().code
    for url in ("/guide/ar/", "/guide/ar/services/residence/"):
        assert code not in visitor.get(url).content.decode()


def test_only_get(visitor, centre):  # noqa: F811
    assert visitor.post("/guide/ar/").status_code == 405


def test_the_start_page_lists_the_staff_written_pages(visitor, centre):  # noqa: F811
    from anlaufstelle.guide import demo, pages

    demo.load()
    items = pages.listing("ar")
    assert items
    html = visitor.get(reverse("guide:index", args=["ar"])).content.decode()
    assert 'id="pages-heading"' in html
    for item in items:
        assert str(item.title) in html
