"""The visitor's status page is light: under 50 KB with everything it loads, nothing from
elsewhere, and it says where the visitor stands in their language."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from anlaufstelle.hall import services

pytestmark = pytest.mark.django_db

LIMIT = 50 * 1024


def loaded_by(html: str) -> list[str]:
    """The addresses a browser fetches for this page: stylesheets, scripts, images, icons."""
    found = re.findall(r'<(?:link|script|img|source)\b[^>]*?(?:href|src)="([^"]+)"', html)
    return [url for url in found if not url.startswith("data:")]


@pytest.mark.parametrize("language", ["uk", "ar"])
def test_the_status_page_with_all_it_loads_stays_under_50_kb(client, site, language):
    visit = services.issue_ticket(site=site, services=["residence"], language=language)
    page = client.get(reverse("hall:status", args=[visit.token]))
    html = page.content.decode()
    urls = loaded_by(html)
    assert urls, "the page loads its stylesheet and script"
    total = len(page.content)
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), f"{url} is not from this site"
        resource = client.get(url)
        assert resource.status_code == 200, url
        total += len(
            b"".join(resource.streaming_content) if resource.streaming else resource.content
        )
    assert total < LIMIT, f"{total} bytes"
    assert f'lang="{language}"' in html and visit.code in html
    assert ('dir="rtl"' in html) == (language == "ar")
