"""Every URL that only answers POST, opened with GET, shows a page in the user's language that
leads back. The URLs come from the URL conf, so a new POST-only URL is covered without being
listed here."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from anlaufstelle.core.roles import Role
from anlaufstelle.organisation.models import StaffMember

# A value for each path converter, enough for the view to be reached.
SAMPLES = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "path": "1",
    "entry_kind": "document",
    "move": "accept",
    "uuid": "00000000-0000-0000-0000-000000000000",
}
# Built by the URL conf, and seen answering 405 to GET when this test was written; the walk
# must find them all (and any new one besides).
KNOWN_POST_ONLY = {
    "/logout/",
    "/admin/logout/",
    "/planning/upload/",
    "/planning/plan/",
}
FORM_PAGES = {"/planning/upload/", "/planning/plan/"}


def _paths(resolver: URLResolver, prefix: str = "") -> list[str]:
    paths: list[str] = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            paths += _paths(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
            route = prefix + str(pattern.pattern)
            paths.append(
                "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route)
            )
    return paths


@pytest.fixture
def everyone(agencies):
    """Every role at once and the admin site: no view refuses before it looks at the method."""
    user = get_user_model().objects.create_superuser(username="alles", password="x" * 12)
    StaffMember.objects.create(
        user=user, agency=agencies["city"], roles=list(Role.values), languages=["de"]
    )
    # The walk reaches views that refuse with an exception (the admin's add form for a model
    # it only shows); such an answer is not a 405 and is no concern here.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def post_only_paths(everyone):
    found = {path for path in _paths(get_resolver()) if everyone.get(path).status_code == 405}
    assert found >= KNOWN_POST_ONLY
    return sorted(found)


@pytest.mark.django_db
def test_every_post_only_url_answers_get_with_a_page_that_leads_back(everyone, post_only_paths):
    for path in post_only_paths:
        response = everyone.get(path, HTTP_ACCEPT_LANGUAGE="de")
        html = response.content.decode()
        assert response.status_code == 405, path
        assert "POST" in response["Allow"], path
        assert response["Content-Type"].startswith("text/html"), path
        assert '<html lang="de" dir="ltr">' in html, path
        assert "Diese Seite lässt sich nicht direkt öffnen" in html, path
        assert 'class="site-nav"' in html, path  # the normal staff layout
        back = "/planning/" if path in FORM_PAGES else "/staff/"
        label = "Zurück zum Formular" if path in FORM_PAGES else "Zur Startseite"
        assert f'<a class="kern-link" href="{back}">{label}</a>' in html, path
        # The language switcher leads to a page that opens with GET, not to this URL again.
        assert f'name="next" type="hidden" value="{back}"' in html, path
        assert everyone.get(back).status_code == 200, path


@pytest.mark.django_db
def test_the_page_speaks_arabic_right_to_left(everyone, post_only_paths):
    for path in post_only_paths:
        html = everyone.get(path, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
        assert '<html lang="ar" dir="rtl">' in html, path
        assert "لا يمكن فتح هذه الصفحة مباشرة" in html, path


@pytest.mark.django_db
def test_a_visitor_without_login_is_led_to_the_welcome_page(client):
    response = client.get(reverse("core:logout"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert "This page cannot be opened directly" in response.content.decode()
    assert '<a class="kern-link" href="/">To the start page</a>' in response.content.decode()


@pytest.mark.django_db
def test_language_switch_after_a_rejected_upload_lands_on_the_planning_page(client_for):
    coordinator = client_for("coordinator")
    rejected = coordinator.post(
        reverse("planning:upload"), {"day_file": ("day.json", b"{not json")}
    )
    assert rejected.status_code == 200
    assert 'name="next" type="hidden" value="/planning/"' in rejected.content.decode()
    switched = coordinator.post(reverse("set_language"), {"language": "ar", "next": "/planning/"})
    assert switched.status_code == 302 and switched.url == "/planning/"
    page = coordinator.get(switched.url)
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.content.decode()


@pytest.mark.django_db
def test_a_form_shown_again_after_post_switches_language_to_the_same_page(client_for):
    reception = client_for("reception")
    response = reception.post(reverse("people:register"), {"family_name": ""})
    assert 'name="next" type="hidden" value="/people/register/"' in response.content.decode()
