"""The hall's screens over HTTP: reception issues a ticket, a desk calls it, the board and the
visitor's status page show the call; stale pages and bad input change nothing."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.hall import clock
from anlaufstelle.hall.models import DeskSession, HallEvent, Visit
from anlaufstelle.hall.views import board_token
from anlaufstelle.organisation.models import Service

pytestmark = pytest.mark.django_db


def issue(client, site, **more):
    data = {"site": site.pk, "concerns": ["residence"], "language": "en", "party_size": 1, **more}
    return client.post(reverse("hall:reception"), data)


def test_a_ticket_form_sent_again_shows_the_same_ticket(client_for, site):
    reception = client_for("reception")
    page = reception.get(reverse("hall:reception")).content.decode()
    key = re.search(r'name="submission" value="([0-9a-f-]+)"', page).group(1)
    first = issue(reception, site, submission=key)
    again = issue(reception, site, submission=key)
    assert first.status_code == again.status_code == 302 and first.url == again.url
    assert Visit.objects.count() == 1
    # Another form (a new key, or a mangled one) is another visitor.
    issue(reception, site, submission=str(uuid.uuid4()))
    issue(reception, site, submission="not-a-key")
    assert Visit.objects.count() == 3


def test_reception_issues_a_ticket_with_route_and_qr_code_and_no_name(client_for, site):
    response = issue(client_for("reception"), site)
    visit = Visit.objects.get()
    assert response.status_code == 302 and response.url == f"/hall/ticket/{visit.token}/"
    html = client_for("reception").get(response.url).content.decode()
    assert "A-001" in html and "<svg" in html
    route = re.search(r'<ol class="kern-list steps"[^>]*>(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", route) == ["Registration", "Residence permit"]
    assert f"/hall/status/{visit.token}/" in html


@pytest.mark.parametrize(
    ("more", "field"),
    [
        ({"concerns": []}, "concerns"),
        ({"concerns": ["payout"]}, "concerns"),
        ({"language": "xx"}, "language"),
        ({"party_size": 0}, "party_size"),
        ({"party_size": "9" * 40}, "party_size"),
        ({"priority_reason": "vip"}, "priority_reason"),
    ],
)
def test_bad_input_at_reception_is_explained_and_issues_nothing(client_for, site, more, field):
    response = issue(client_for("reception"), site, **more)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Visit.objects.exists()


def test_a_visitor_through_two_desks_seen_on_board_and_status_page(
    client_for, site, desks, client, officers
):
    issue(client_for("reception"), site)
    visit = Visit.objects.get()
    registration, residence = client_for("reception"), client_for("foreigners_officer")
    # The reception persona is no desk officer: the officer of the foreigners authority signs in.
    page = residence.get(reverse("hall:desk")).content.decode()
    assert "Sign in at a desk" in page
    residence.post(reverse("hall:desk"), {"desk": desks["2"].pk, "skills": ["residence"]})
    assert DeskSession.objects.get().skills == ["residence"]
    console = residence.get(reverse("hall:desk")).content.decode()
    assert (
        "Nobody at this desk" in console
        and "1 visitor waiting for the services you serve now." in console
    )
    residence.post(reverse("hall:desk_action", args=["next"]))
    # The visitor must register first: still nobody here, and the desk waits without a press.
    assert "Nobody at this desk" in residence.get(reverse("hall:desk")).content.decode()
    assert registration.get(reverse("hall:desk")).status_code == 403  # reception, no desk role
    from anlaufstelle.hall import services

    # A registration officer at desk 1 (through the services: the persona set has none).
    services.sign_in(user=_officer(), desk=desks["1"], skills=["registration"])
    reg_session = DeskSession.objects.get(desk=desks["1"])
    services.call_next(reg_session)
    services.came(reg_session)
    services.done(reg_session)
    console = residence.get(reverse("hall:desk")).content.decode()
    assert "Ticket A-001" in console and "waiting for the visitor to come" in console
    board = client.get(reverse("hall:board", args=[site.pk, board_token(site)])).content.decode()
    assert "A-001" in board and ">2<" in board
    status = client.get(reverse("hall:status", args=[visit.token]))
    assert "Please go to desk 2 now." in status.content.decode()
    assert len(status.content) < 50_000
    residence.post(reverse("hall:desk_action", args=["came"]))
    residence.post(reverse("hall:desk_action", args=["done"]))
    visit.refresh_from_db()
    assert visit.state == "done"
    done = client.get(reverse("hall:status", args=[visit.token])).content.decode()
    assert "All your concerns are done." in done


def _officer():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username="reg-officer", password="x" * 12)


def test_a_double_click_on_done_changes_nothing_the_second_time(client_for, site, desks, officers):
    issue(client_for("reception"), site, concerns=["registration"])
    officer = client_for("foreigners_officer")
    officer.post(reverse("hall:desk"), {"desk": desks["1"].pk, "skills": ["residence"]})
    # Desk 1 belongs to the reception agency: not offered to the foreigners officer.
    assert not DeskSession.objects.exists()
    officer.post(reverse("hall:desk"), {"desk": desks["3"].pk, "skills": ["residence"]})
    officer.post(reverse("hall:desk_action", args=["next"]))
    events = HallEvent.objects.count()
    response = officer.post(reverse("hall:desk_action", args=["done"]), follow=True)
    assert "the page was out of date" in response.content.decode()
    assert HallEvent.objects.count() == events


def test_a_wrong_board_token_or_status_token_is_not_found(client, site):
    assert client.get(reverse("hall:board", args=[site.pk, "guess"])).status_code == 404
    assert client.get(reverse("hall:status", args=["guess"])).status_code == 404


def test_the_status_page_speaks_the_visitors_language(
    client_for, client, site, compiled_catalogues
):
    issue(client_for("reception"), site, language="uk")
    visit = Visit.objects.get()
    html = client.get(reverse("hall:status", args=[visit.token])).content.decode()
    assert 'lang="uk"' in html
    assert "Please wait" not in html


@pytest.fixture
def morning():
    """The hall's clock at ten in the morning: a test that projects the rest of the day until
    closing time must not depend on the hour it runs at."""
    ten = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    with clock.installed(lambda: ten):
        yield ten


def test_the_coordinator_sees_queues_desks_and_the_rest_of_the_day(
    client_for, site, desks, officers, settings, morning
):
    settings.HALL_CLOSES_AT = "23:59"
    issue(client_for("reception"), site)
    issue(client_for("reception"), site, concerns=["registration"])
    officer = client_for("foreigners_officer")
    officer.post(reverse("hall:desk"), {"desk": desks["2"].pk, "skills": ["residence"]})
    officer.post(reverse("hall:desk_action", args=["next"]))
    page = client_for("coordinator").get(reverse("hall:live"))
    view = page.context["view"]
    assert view.waiting == 2
    assert [(line.name, line.waiting) for line in view.services] == [("Registration", 2)]
    assert [line.serving for line in view.desks] == [""]
    assert [line.serves for line in view.desks] == [["Residence permit"]]
    # Nobody signed in serves registration, which both need first: nobody will be served.
    assert (view.projection.unserved, view.projection.in_hall) == (2, 2)
    html = page.content.decode()
    assert "2 visitors in the hall will not be served by 23:59" in html
    # The officer can register people too; the coordinator lets the desk serve registration
    # now: it calls at once.
    officers["residence"].staff_member.skills.add(*Service.objects.filter(code="registration"))
    session = DeskSession.objects.get()
    response = client_for("coordinator").post(
        reverse("hall:live_skills", args=[session.pk]), {"skills": ["registration", "residence"]}
    )
    assert response.status_code == 302
    view = client_for("coordinator").get(reverse("hall:live")).context["view"]
    assert [line.serving for line in view.desks] in (["A-001"], ["A-002"])
    assert [line.serves for line in view.desks] == [["Registration", "Residence permit"]]
    assert view.projection.unserved == 0 and view.projection.empties_at is not None
    assert "Everyone in the hall is expected to be done by" in (
        client_for("coordinator").get(reverse("hall:live")).content.decode()
    )


def test_the_coordinator_cannot_give_a_desk_a_service_its_officer_lacks(
    client_for, site, desks, officers
):
    officer = client_for("foreigners_officer")
    officer.post(reverse("hall:desk"), {"desk": desks["2"].pk, "skills": ["residence"]})
    session = DeskSession.objects.get()
    client_for("coordinator").post(
        reverse("hall:live_skills", args=[session.pk]), {"skills": ["payout", "registration"]}
    )
    session.refresh_from_db()
    assert session.skills == ["residence"]


def test_reception_takes_back_a_visitor_who_missed_the_call(client_for, site, desks, officers):
    issue(client_for("reception"), site, concerns=["residence"])
    from anlaufstelle.hall import services

    services.sign_in(user=_officer(), desk=desks["1"], skills=["registration"])
    session = DeskSession.objects.get()
    services.call_next(session)
    services.no_show(session)
    reception = client_for("reception")
    page = reception.get(reverse("hall:reception")).content.decode()
    visit = Visit.objects.get()
    assert "Called and did not come" in page and visit.code in page
    response = reception.post(reverse("hall:back_again", args=[visit.token]), follow=True)
    assert "A-001 is waiting again." in response.content.decode()
    visit.refresh_from_db()
    assert visit.state == "waiting"
    again = reception.post(reverse("hall:back_again", args=[visit.token]), follow=True)
    assert "This ticket is not waiting to come back." in again.content.decode()


def kiosk_url(site):
    from anlaufstelle.hall.views import kiosk_token

    return reverse("hall:kiosk", args=[site.pk, kiosk_token(site)])


def test_the_kiosk_asks_the_language_then_the_concerns_and_prints_no_name(client, site):
    start = client.get(kiosk_url(site)).content.decode()
    for code, name in (("ar", "العربية"), ("uk", "Українська"), ("de", "Deutsch")):
        assert f'href="?lang={code}" lang="{code}"' in start and name in start
    assert 'lang="ar" dir="rtl"' in start
    page = client.get(kiosk_url(site) + "?lang=uk")
    assert 'lang="uk"' in page.content.decode()
    response = client.post(kiosk_url(site), {"lang": "uk", "concerns": ["residence"]})
    visit = Visit.objects.get()
    assert (visit.language, visit.needs_interpreter) == ("uk", False)
    assert response.status_code == 302 and visit.token in response.url
    ticket = client.get(response.url).content.decode()
    assert "A-001" in ticket and "<svg" in ticket and f"/hall/status/{visit.token}/" in ticket
    assert visit.steps.count() == 2  # registration first


def test_the_kiosk_shows_each_concern_as_a_pictogram_with_its_name(client, site):
    from django.contrib.staticfiles import finders

    from anlaufstelle.organisation.models import Service

    Service.objects.filter(code="residence").update(pictogram="residence")
    page = client.get(kiosk_url(site) + "?lang=uk").content.decode()
    tiles = re.findall(
        r'<label class="hall-kiosk__tile"[^>]*>\s*<input type="checkbox" name="concerns" '
        r'value="(\w+)"[^>]*>\s*<img src="([^"]+)" alt=""[^>]*>\s*'
        r'<span class="hall-kiosk__tile-name">([^<]+)</span>',
        page,
    )
    residence = Service.objects.get(code="residence")
    assert ("residence", "/static/organisation/pictograms/residence.svg") in [
        (code, src) for code, src, _name in tiles
    ]
    # In the visitor's language; a service without a pictogram of its own shows the general one.
    names = {code: name for code, _src, name in tiles}
    assert names["residence"] == residence.names.get("uk", residence.names["de"])
    sources = {code: src for code, src, _name in tiles}
    assert sources["registration"] == "/static/organisation/pictograms/other.svg"
    for src in sources.values():
        assert finders.find(src.removeprefix("/static/")), src


def test_a_kiosk_ticket_tapped_twice_is_one_ticket(client, site):
    page = client.get(kiosk_url(site) + "?lang=ar").content.decode()
    key = re.search(r'name="submission" value="([0-9a-f-]+)"', page).group(1)
    data = {"lang": "ar", "concerns": ["registration"], "submission": key}
    first, again = client.post(kiosk_url(site), data), client.post(kiosk_url(site), data)
    assert first.url == again.url and Visit.objects.count() == 1


def test_the_kiosk_refuses_what_it_cannot_do(client, site):
    assert client.get(reverse("hall:kiosk", args=[site.pk, "guess"])).status_code == 404
    assert client.get(reverse("hall:kiosk", args=[site.pk, board_token(site)])).status_code == 404
    nothing = client.post(kiosk_url(site), {"lang": "ar", "concerns": []})
    assert nothing.status_code == 200 and nothing.context["form"].errors["concerns"]
    unknown = client.post(kiosk_url(site), {"lang": "xx", "concerns": ["residence"]})
    assert unknown.status_code == 405
    assert not Visit.objects.exists()


def test_a_desk_calls_a_ticket_out_of_order_through_its_page(client_for, site, desks, officers):
    issue(client_for("reception"), site, concerns=["registration"])
    issue(client_for("reception"), site, concerns=["residence"])
    officers["residence"].staff_member.skills.add(*Service.objects.filter(code="registration"))
    officer = client_for("foreigners_officer")
    officer.post(
        reverse("hall:desk"), {"desk": desks["2"].pk, "skills": ["registration", "residence"]}
    )
    page = officer.get(reverse("hall:desk")).content.decode()
    assert "Call a ticket out of order" in page
    bad = officer.post(
        reverse("hall:desk_action", args=["ticket"]),
        {"number": "x", "reason": "other"},
        follow=True,
    )
    assert "Enter a whole number." in bad.content.decode()
    officer.post(reverse("hall:desk_action", args=["ticket"]), {"number": 2, "reason": "emergency"})
    console = officer.get(reverse("hall:desk")).content.decode()
    assert "Ticket A-002" in console and "Call again" in console


def test_the_desk_forwards_sets_aside_and_finishes_with_an_outcome(
    client_for, client, site, desks, officers, agencies
):
    Service.objects.create(
        code="work",
        agency=agencies["foreigners"],
        names={"de": "Beschäftigungserlaubnis", "en": "Work permit"},
        typical_minutes=5,
    )
    issue(client_for("reception"), site)  # residence, which needs registration first
    visit = Visit.objects.get()
    officer = client_for("foreigners_officer")
    officer.post(reverse("hall:desk"), {"desk": desks["3"].pk, "skills": ["residence"]})
    from anlaufstelle.hall import services

    services.sign_in(user=_officer(), desk=desks["1"], skills=["registration"])
    reg = DeskSession.objects.get(desk=desks["1"])
    services.call_next(reg)
    services.came(reg)
    services.done(reg)
    officer.post(reverse("hall:desk_action", args=["next"]))
    officer.post(reverse("hall:desk_action", args=["came"]))
    console = officer.get(reverse("hall:desk")).content.decode()
    assert "Forward to further services" in console and "Come back later" in console
    # A note that hides characters is refused with a message, and nothing changes.
    url = reverse("hall:desk_action", args=["forward"])
    response = officer.post(url, {"services": ["work"], "note": "x\u202ey"}, follow=True)
    assert "hidden" in response.content.decode().lower()
    assert not HallEvent.objects.filter(kind="forwarded").exists()
    officer.post(url, {"services": ["work"], "note": "needs the form signed"})
    assert [s.service.code for s in visit.steps.order_by("order")] == [
        "registration",
        "residence",
        "work",
    ]
    page = officer.get(reverse("hall:desk")).content.decode()
    assert "Work permit — waiting" in page
    assert "Forward to further services" not in page  # nothing left to forward to
    # Come back in an hour: the visitor's phone says when.
    officer.post(reverse("hall:desk_action", args=["pending"]), {"minutes": "60"})
    visit.refresh_from_db()
    assert visit.state == Visit.State.PENDING
    status = client.get(reverse("hall:status", args=[visit.token])).content.decode()
    assert "Please come back at" in status
    services.back_again(visit)
    officer.post(reverse("hall:desk_action", args=["next"]))
    officer.post(reverse("hall:desk_action", args=["came"]))
    officer.post(reverse("hall:desk_action", args=["done"]), {"outcome": "not_responsible"})
    step = visit.steps.get(service__code="residence")
    assert (step.state, step.outcome) == ("done", "not_responsible")


def test_an_alarm_at_a_desk_reaches_the_coordinators_view(client_for, site, desks, officers):
    officer = client_for("foreigners_officer")
    officer.post(reverse("hall:desk"), {"desk": desks["3"].pk, "skills": ["residence"]})
    response = officer.post(reverse("hall:desk_action", args=["alarm"]), follow=True)
    assert "The coordinators have been alerted." in response.content.decode()
    coordinator = client_for("coordinator")
    page = coordinator.get(reverse("hall:live"), {"site": site.pk}).content.decode()
    assert "Alarm at desk 3" in page
    alarm = HallEvent.objects.get(kind="alarm")
    coordinator.post(reverse("hall:live_alarm", args=[alarm.pk]))
    page = coordinator.get(reverse("hall:live"), {"site": site.pk}).content.decode()
    assert "Alarm at desk" not in page


def test_a_desk_parks_a_visitor_and_takes_them_back_through_its_page(
    client_for, client, site, desks, officers
):
    issue(client_for("reception"), site, concerns=["registration"])
    visit = Visit.objects.get()
    officer = client_for("foreigners_officer")
    # The fixtures' foreigners officer serves registrations here too.
    officers["residence"].staff_member.skills.add(Service.objects.get(code="registration"))
    officer.post(reverse("hall:desk"), {"desk": desks["2"].pk, "skills": ["registration"]})
    officer.post(reverse("hall:desk_action", args=["next"]))
    officer.post(reverse("hall:desk_action", args=["came"]))
    assert "Park the visitor?" in officer.get(reverse("hall:desk")).content.decode()
    officer.post(reverse("hall:desk_action", args=["park"]))
    page = officer.get(reverse("hall:desk")).content.decode()
    assert "Parked at this desk" in page and f"Take {visit.code} back" in page
    status = client.get(reverse("hall:status", args=[visit.token])).content.decode()
    assert "the desk you were at will call you back" in status
    # A hand-made step number changes nothing and says why.
    url = reverse("hall:desk_action", args=["resume"])
    response = officer.post(url, {"step": "999999"}, follow=True)
    assert "not parked at this desk" in response.content.decode()
    response = officer.post(url, {"step": "many"}, follow=True)
    assert response.status_code == 200 and "whole number" in response.content.decode()
    officer.post(url, {"step": visit.steps.get().pk})
    page = officer.get(reverse("hall:desk")).content.decode()
    assert f"Ticket {visit.code}" in page and "Parked at this desk" not in page
    status = client.get(reverse("hall:status", args=[visit.token])).content.decode()
    assert "Please go to desk 2 now." in status


def test_the_status_page_estimates_the_wait_from_the_projection(
    client, site, desks, officers, monkeypatch
):
    from anlaufstelle.hall import live, services

    # Whatever the time of day the test runs at, the hall is open for hours yet.
    monkeypatch.setattr(live, "closing_time", lambda day: timezone.now() + timedelta(hours=8))

    tickets = [
        services.issue_ticket(site=site, services=["registration"], language="en") for _ in range(4)
    ]

    def wait_of(visit):
        html = client.get(reverse("hall:status", args=[visit.token])).content.decode()
        found = re.search(r"Expected wait: about (\d+) minutes?", html)
        return int(found.group(1)) if found else None

    # No desk serves registrations yet: no estimate rather than a wrong one.
    assert wait_of(tickets[1]) is None
    cache.clear()
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    assert services.call_next(desk).visit == tickets[0]
    # One desk, four minutes a registration: the second waits for the first, and so on; past
    # ten minutes the estimate is rounded to fives.
    assert [wait_of(t) for t in tickets[1:]] == [4, 8, 10]
    assert wait_of(tickets[0]) is None  # called: the page says where to go instead


def test_a_status_page_asked_again_unchanged_is_one_query_and_a_call_shows_at_once(
    client_for, client, site, desks, django_assert_num_queries
):
    from anlaufstelle.hall import services

    issue(client_for("reception"), site, concerns=["registration"])
    visit = Visit.objects.get()
    url = reverse("hall:status", args=[visit.token])
    first = client.get(url).content.decode()
    assert "Please wait" in first
    # A phone polling while nothing changed: the page it had, from one read of what it shows.
    with django_assert_num_queries(1):
        assert client.get(url).content.decode() == first
    services.sign_in(user=_officer(), desk=desks["1"], skills=["registration"])
    services.call_next(DeskSession.objects.get(desk=desks["1"]))
    called = client.get(url).content.decode()
    assert "Please go to desk 1 now." in called and "Please wait" not in called


def test_while_one_thread_projects_the_others_answer_with_the_last_projection(
    client, site, desks, officers, monkeypatch
):
    from anlaufstelle.hall import live, services

    monkeypatch.setattr(live, "closing_time", lambda day: timezone.now() + timedelta(hours=8))
    monkeypatch.setattr(live, "_last_waits", {})
    tickets = [
        services.issue_ticket(site=site, services=["registration"], language="en") for _ in range(3)
    ]
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    services.call_next(desk)

    def wait_of(visit):
        html = client.get(reverse("hall:status", args=[visit.token])).content.decode()
        return int(re.search(r"Expected wait: about (\d+) minutes?", html).group(1))

    assert wait_of(tickets[1]) == 4  # projected here, and kept
    cache.clear()  # the projection has expired
    with live._projecting:  # another thread is projecting the day just now
        # The phone does not wait for that projection: it gets the last one's estimate.
        assert wait_of(tickets[2]) == 8


def test_a_phone_looks_again_sooner_the_nearer_its_call_and_an_unchanged_page_is_304(
    client, site, desks, officers, monkeypatch
):
    from anlaufstelle.hall import live, services

    monkeypatch.setattr(live, "closing_time", lambda day: timezone.now() + timedelta(hours=8))
    tickets = [
        services.issue_ticket(site=site, services=["registration"], language="en") for _ in range(6)
    ]
    desk = services.sign_in(user=officers["registration"], desk=desks["1"], skills=["registration"])
    services.call_next(desk)

    def page(visit, **headers):
        return client.get(reverse("hall:status", args=[visit.token]), headers=headers)

    def refresh(visit):
        return int(re.search(r'data-refresh="(\d+)"', page(visit).content.decode()).group(1))

    # Called: soon. Four minutes' wait: soon. Eight: every ten seconds. Twenty: every twenty.
    assert [refresh(t) for t in (tickets[0], tickets[1], tickets[2], tickets[5])] == [5, 5, 10, 20]
    first = page(tickets[1])
    assert first["Cache-Control"] == "no-cache"
    unchanged = page(tickets[1], **{"If-None-Match": first["ETag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""
    # A page the process no longer keeps (expired, restarted) is sent again, rendered anew: a
    # renamed service does not stay on a phone behind its ETag.
    cache.clear()
    again = page(tickets[1], **{"If-None-Match": first["ETag"]})
    assert again.status_code == 200 and "Expected wait: about 4 minutes." in again.content.decode()
    # The desk finishes the first visitor and calls the second: the phone's page is new.
    services.came(desk)
    services.done(desk, "done")
    services.call_next(desk)
    called = page(tickets[1], **{"If-None-Match": first["ETag"]})
    assert called.status_code == 200 and "Please go to desk 1 now." in called.content.decode()
    assert called["ETag"] != first["ETag"]


def test_a_free_desk_looks_without_its_session_until_someone_is_called_there(
    client_for, site, desks, officers, django_assert_num_queries
):
    officer = client_for("foreigners_officer")
    officer.post(reverse("hall:desk"), {"desk": desks["2"].pk, "skills": ["residence"]})
    officer.post(reverse("hall:desk_action", args=["next"]))  # nobody waits: the desk is free

    def look_address():
        page = officer.get(reverse("hall:desk")).content.decode()
        found = re.search(r'data-desk-glance hx-get="([^"]+)"', page)
        return found.group(1).replace("&amp;", "&")

    look = look_address()
    # One query: no session, no user, no second factor, no page.
    with django_assert_num_queries(1):
        unchanged = officer.get(look)
    assert unchanged.status_code == 204 and unchanged.content == b""
    assert "HX-Trigger" not in unchanged
    # Its key is the address: a browser without the officer's sign-in hears the same, and a
    # wrong key nothing.
    assert Client().get(look).status_code == 204
    assert Client().get(look.replace("/glance/", "/glance/x")).status_code == 404
    assert officer.post(look).status_code == 405
    # A visitor for residence arrives (registration first): nobody to call here yet, but the
    # count on the page, fetched again every minute, says who waits for its services.
    issue(client_for("reception"), site)
    assert officer.get(look).status_code == 204
    state = officer.get(reverse("hall:desk"), headers={"HX-Request": "true"}).content.decode()
    assert "1 visitor waiting for the services you serve now." in state
    assert 'id="desk-state"' in state and "<html" not in state  # the section alone
    # The registration is done elsewhere: the dispatcher calls this desk, and the look says so;
    # htmx then fetches the section from the signed-in desk page.
    visit = Visit.objects.get()
    from anlaufstelle.hall import services

    reception_desk = services.sign_in(user=_officer(), desk=desks["1"], skills=["registration"])
    services.call_next(reception_desk)
    services.came(reception_desk)
    services.done(reception_desk, "done")
    changed = officer.get(look)
    assert changed.status_code == 200 and changed.content == b""
    assert changed["HX-Trigger"] == "desk-changed"
    called = officer.get(reverse("hall:desk"), headers={"HX-Request": "true"}).content.decode()
    assert f"Ticket {visit.code}" in called and "The visitor is here" in called
    assert "data-desk-glance" not in called  # a desk with a visitor does not look
    # After the end of the shift the look says "changed": the desk page offers to sign in.
    officer.post(reverse("hall:desk_action", args=["sign_off"]))
    assert officer.get(look)["HX-Trigger"] == "desk-changed"
