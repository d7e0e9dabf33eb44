"""Interpreters in the live hall: the dispatcher calls one along with a visitor who needs
their language at a desk that does not speak it, and waits for one when none is in."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from anlaufstelle.hall import services
from anlaufstelle.hall.models import InterpreterSession
from anlaufstelle.organisation.models import Interpreter

pytestmark = pytest.mark.django_db


@pytest.fixture
def olena(db):
    user = get_user_model().objects.create_user(username="olena", password="x" * 12)
    return Interpreter.objects.create(
        name="Olena K.", user=user, kind="employed", languages=["uk", "ru", "de"]
    )


def test_a_visitor_who_needs_an_interpreter_waits_for_one_and_is_called_with_them(
    site, desks, officers, olena
):
    visit = services.issue_ticket(
        site=site, services=["registration"], language="uk", needs_interpreter=True
    )
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    # The desk speaks German only and no interpreter is in: nobody to call.
    assert services.call_next(desk) is None
    session = services.interpreter_sign_in(interpreter=olena, site=site)
    step = services.current_step(desk)
    assert step.visit == visit and step.interpreting == session
    assert services.current_interpreting(session) == step
    with pytest.raises(services.HallRefused, match="still with a visitor"):
        services.interpreter_sign_off(session)
    services.came(desk)
    services.done(desk)
    assert services.current_interpreting(session) is None
    services.interpreter_sign_off(session)
    assert InterpreterSession.objects.get().ended is not None


def test_a_desk_that_speaks_the_language_needs_no_interpreter(site, desks, officers, olena):
    officers["registration"].staff_member.languages = ["de", "uk"]
    officers["registration"].staff_member.save()
    services.issue_ticket(
        site=site, services=["registration"], language="uk", needs_interpreter=True
    )
    services.interpreter_sign_in(interpreter=olena, site=site)
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    step = services.call_next(desk)
    assert step is not None and step.interpreting is None


def test_the_interpreters_page_says_where_to_go(client, site, desks, officers, olena, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(olena.user)
    page = client.get(reverse("hall:interpreter")).content.decode()
    assert "I am in the hall" in page
    client.post(reverse("hall:interpreter"), {"site": site.pk})
    assert "Nobody needs you right now" in client.get(reverse("hall:interpreter")).content.decode()
    services.issue_ticket(
        site=site, services=["registration"], language="uk", needs_interpreter=True
    )
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    services.call_next(desk)
    assert "Please go to desk 1" in client.get(reverse("hall:interpreter")).content.decode()


def test_only_interpreters_open_the_interpreters_page(client_for, client):
    assert client_for("reception").get(reverse("hall:interpreter")).status_code == 403
    assert client.get(reverse("hall:interpreter")).status_code == 302


def test_an_interpreter_looks_after_their_own_account(client, olena):
    client.force_login(olena.user)
    for name in ("core:home", "core:password_change", "organisation:second_factor"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.post(reverse("core:session_alive")).status_code in (200, 204)


def test_the_coordinator_sees_the_interpreters_and_where_they_are_called(
    client_for, site, desks, officers, olena, settings
):
    settings.LANGUAGE_CODE = "en"
    coordinator = client_for("coordinator")

    def rows() -> list[list[str]]:
        page = coordinator.get(reverse("hall:live"), {"site": site.pk}).content.decode()
        table = page[page.index(">Interpreters<") :].split("</table>", 1)[0]
        return [re.sub(r"<[^>]+>", " ", "<tr" + row).split() for row in table.split("<tr")[2:]]

    assert rows() == [["No", "interpreter", "is", "signed", "in."]]
    session = services.interpreter_sign_in(interpreter=olena, site=site)
    assert rows() == [["Olena", "K.", "uk,", "ru,", "de", "free"]]
    visit = services.issue_ticket(
        site=site, services=["registration"], language="uk", needs_interpreter=True
    )
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    services.call_next(desk)
    assert rows() == [["Olena", "K.", "uk,", "ru,", "de", "1,", visit.code]]
    services.came(desk)
    services.done(desk)
    services.interpreter_sign_off(session)
    assert rows() == [["No", "interpreter", "is", "signed", "in."]]
