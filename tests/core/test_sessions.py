"""A sign-in ends after a while without activity and after a long day however busy; staff
pages are never stored by the browser."""

import time

import pytest
from django.urls import reverse

from anlaufstelle.core.sessions import SEEN, STARTED

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
LOGIN = reverse("core:login")


def _set_clocks(client, *, started_ago: float, seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[STARTED] = now - started_ago
    session[SEEN] = now - seen_ago
    session.save()


def test_sign_in_starts_both_clocks(client, personas, password):
    before = time.time()
    client.post(LOGIN, {"username": "rezeption", "password": password})
    assert before <= client.session[STARTED] == client.session[SEEN] <= time.time()


def test_a_page_for_signed_in_staff_may_not_be_stored(client_for, client):
    response = client_for("reception").get(HOME)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    # The public welcome page holds nothing personal.
    assert "no-store" not in client.get(reverse("core:welcome")).get("Cache-Control", "")


def test_an_idle_session_ends_with_a_message_and_leads_to_the_sign_in(client_for, settings):
    client = client_for("reception")
    _set_clocks(client, started_ago=3600, seen_ago=settings.SESSION_IDLE_MINUTES * 60 + 5)
    response = client.get(HOME, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={HOME}"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de")
    assert "nach 30 Minuten ohne Aktivität abgemeldet" in page.content.decode()
    # Signed out for good: the next request is anonymous.
    assert "_auth_user_id" not in client.session
    assert client.get(HOME).status_code == 302


def test_a_session_active_just_under_the_limit_goes_on(client_for, settings):
    client = client_for("reception")
    _set_clocks(client, started_ago=3600, seen_ago=settings.SESSION_IDLE_MINUTES * 60 - 30)
    assert client.get(HOME).status_code == 200
    # The request counts as activity.
    assert time.time() - client.session[SEEN] < 5


def test_a_busy_session_still_ends_after_the_longest_sign_in(client_for, settings):
    client = client_for("reception")
    _set_clocks(client, started_ago=settings.SESSION_MAX_HOURS * 3600 + 5, seen_ago=10)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    page = client.get(response["Location"])
    assert f"seit {settings.SESSION_MAX_HOURS} Stunden angemeldet" in page.content.decode()


def test_an_ended_session_sends_htmx_to_the_sign_in_page(client_for, settings):
    client = client_for("reception")
    _set_clocks(client, started_ago=3600, seen_ago=settings.SESSION_IDLE_MINUTES * 60 + 5)
    response = client.get(reverse("people:search"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(LOGIN)


def test_typing_on_a_page_keeps_the_session(client_for, settings):
    client = client_for("reception")
    _set_clocks(client, started_ago=3600, seen_ago=settings.SESSION_IDLE_MINUTES * 60 - 30)
    assert client.post(reverse("core:session_alive")).status_code == 204
    assert time.time() - client.session[SEEN] < 5


def test_requests_within_a_minute_do_not_rewrite_the_session(client_for):
    client = client_for("reception")
    _set_clocks(client, started_ago=600, seen_ago=10)
    seen = client.session[SEEN]
    client.get(HOME)
    assert client.session[SEEN] == seen


def test_the_idle_limit_is_configurable(client_for, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client = client_for("reception")
    _set_clocks(client, started_ago=3600, seen_ago=6 * 60)
    assert client.get(HOME).status_code == 302
