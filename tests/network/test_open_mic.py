"""The open mic: a topic from the guide waits for moderation, staff's are open at once; anyone
of the house answers, once per form; the coordination takes it up saying what came of it."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from anlaufstelle.appointments import forms as booking_forms
from anlaufstelle.network.models import Answer, Topic, TopicState
from tests.conftest import in_english

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)
STAFF_URL = reverse("network:open_mic")


@pytest.fixture(autouse=True)
def quick_people(monkeypatch):
    monkeypatch.setattr(booking_forms, "MIN_FILL_SECONDS", 0)
    cache.clear()


def _public(client, lang="ar", **changes):
    url = reverse("pinboard:open_mic_new", kwargs={"lang": lang})
    shown = client.get(url).context["form"]
    data = {
        "submission": str(shown["submission"].value()),
        "shown": shown["shown"].value(),
        "kind": "problem",
        "language": "ar",
        "title": "لا توجد حافلة مسائية",
        "body": "آخر حافلة إلى المركز تغادر الساعة 18:00.",
        "website": "",
    }
    return client.post(url, {**data, **changes})


def _board(client, lang="ar"):
    return client.get(reverse("pinboard:open_mic", kwargs={"lang": lang})).content.decode()


def test_a_topic_from_the_guide_waits_then_is_answered_and_taken_up(client, client_for):
    assert _public(client).status_code == 200
    topic = Topic.objects.get()
    assert topic.state == TopicState.PENDING and topic.raised_by is None
    assert "لا توجد حافلة مسائية" not in _board(client)
    coordinator = client_for("coordinator")
    decide = reverse("network:decide_topic", kwargs={"topic_id": topic.pk})
    coordinator.post(decide, {"version": 1, "decision": "open"})
    assert "لا توجد حافلة مسائية" in _board(client)
    officer = client_for("jobcenter_officer")
    answer = reverse("network:answer", kwargs={"topic_id": topic.pk})
    key = str(uuid.uuid4())
    data = {"submission": key, "language": "de", "body": "Wir fragen die Verkehrsbetriebe."}
    officer.post(answer, data)
    officer.post(answer, data)  # the same form again
    (saved,) = Answer.objects.all()
    assert saved.agency == "Jobcenter Leipzig" or saved.agency  # the answering agency named
    page = coordinator.post(decide, {"version": 2, "decision": "take_up"}, follow=True)
    assert "Say what came of it." in page.content.decode()
    coordinator.post(
        decide, {"version": 2, "decision": "take_up", "outcome": "Neue Linie ab Januar."}
    )
    board = _board(client)
    assert "Wir fragen die Verkehrsbetriebe." in board and "Neue Linie ab Januar." in board
    assert Topic.objects.get().state == TopicState.TAKEN_UP


def test_staff_raise_topics_open_at_once(client, client_for):
    data = {
        "submission": str(uuid.uuid4()),
        "kind": "idea",
        "language": "de",
        "title": "Spielecke im Wartebereich",
        "body": "Kinder warten oft lange.",
    }
    client_for("reception").post(STAFF_URL, data)
    assert Topic.objects.get().state == TopicState.OPEN
    assert "Spielecke im Wartebereich" in _board(client, "de")


def test_bad_input_and_scripts_are_refused(client):
    assert _public(client, "en", title="").status_code == 400
    assert _public(client, "en", website="x").status_code == 400
    assert not Topic.objects.exists()


def test_a_stale_decision_changes_nothing(client_for):
    topic = Topic.objects.create(kind="idea", language="de", title="T", body="B")
    coordinator = client_for("coordinator")
    decide = reverse("network:decide_topic", kwargs={"topic_id": topic.pk})
    coordinator.post(decide, {"version": 1, "decision": "reject"})
    page = coordinator.post(decide, {"version": 1, "decision": "open"}, follow=True)
    assert "Another moderator decided on this topic meanwhile" in page.content.decode()
    assert Topic.objects.get().state == TopicState.REJECTED


@pytest.mark.parametrize("persona", ["reception", "jobcenter_officer"])
def test_only_the_coordination_decides(client_for, persona):
    topic = Topic.objects.create(kind="idea", language="de", title="T", body="B")
    decide = reverse("network:decide_topic", kwargs={"topic_id": topic.pk})
    assert client_for(persona).post(decide, {"version": 1, "decision": "open"}).status_code == 403
    assert Topic.objects.get().state == TopicState.PENDING


def test_a_refused_answer_comes_back_as_typed_with_its_key(client_for):
    topic = Topic.objects.create(kind="idea", language="de", title="T", body="B", state="open")
    key = str(uuid.uuid4())
    typed = "Wir haben dafür einen Raum \u202e"
    page = client_for("coordinator").post(
        reverse("network:answer", kwargs={"topic_id": topic.pk}),
        {"submission": key, "language": "uk", "body": typed},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert typed in html and f'value="{key}"' in html
    assert '<option value="uk" selected>' in html
    assert not Answer.objects.exists()


def test_an_answer_to_a_topic_taken_off_meanwhile_is_not_saved(client_for):
    from anlaufstelle.network import openmic

    topic = Topic.objects.create(kind="idea", language="de", title="T", body="B", state="open")
    Topic.objects.filter(pk=topic.pk).update(state=TopicState.REJECTED)
    saved = openmic.answer(
        user=None, topic_id=topic.pk, data={"language": "de", "body": "x"}, key=uuid.uuid4()
    )
    assert saved is None and not Answer.objects.exists()
