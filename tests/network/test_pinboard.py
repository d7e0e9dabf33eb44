"""The pinboard: a post sent through the guide waits for moderation, is published and shown
in the reader's language (or as written, marked so), rejected with a reason, withdrawn, taken
off by three reports; bad input and scripts are refused and nothing is saved."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.appointments import forms as booking_forms
from anlaufstelle.network import services
from anlaufstelle.network.models import Post, PostText, Report, State
from tests.conftest import in_english

pytestmark = pytest.mark.django_db
english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture(autouse=True)
def quick_people(monkeypatch):
    # People take a few seconds to fill in a form; the tests do not.
    monkeypatch.setattr(booking_forms, "MIN_FILL_SECONDS", 0)
    cache.clear()


def _new_url(lang="uk"):
    return reverse("pinboard:new", kwargs={"lang": lang})


def _board(client, lang="uk", **params):
    return client.get(reverse("pinboard:board", kwargs={"lang": lang}), params).content.decode()


def _form(client, lang="uk", **changes):
    shown = client.get(_new_url(lang)).context["form"]
    data = {
        "submission": str(shown["submission"].value()),
        "shown": shown["shown"].value(),
        "kind": "flat",
        "language": "uk",
        "title": "Кімната в Лейпцигу",
        "body": "Вільна кімната з 1 січня.",
        "contact": "+49 341 555 0123",
        "expires_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "website": "",
    }
    return {**data, **changes}


def _published(**fields):
    data = {
        "kind": "job",
        "language": "de",
        "title": "Küchenhilfe gesucht",
        "body": "Teilzeit, ab sofort.",
        "contact": "Gasthaus Linde, 0341 555 0100",
        "expires_on": timezone.localdate() + timedelta(days=10),
        "state": State.PUBLISHED,
    }
    return Post.objects.create(**{**data, **fields})


def test_a_post_from_the_guide_waits_and_is_made_once(client):
    data = _form(client)
    assert client.post(_new_url(), data).status_code == 200
    assert client.post(_new_url(), data).status_code == 200  # the same form again
    (post,) = Post.objects.all()
    assert (post.state, post.language, post.posted_by) == (State.PENDING, "uk", None)
    assert "Кімната в Лейпцигу" not in _board(client)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"kind": "car"}, "kind", "Select a valid choice."),
        ({"expires_on": "2000-01-01"}, "expires_on", "This date has passed."),
        ({"expires_on": "2099-01-01"}, "expires_on", "at most 90 days"),
        ({"website": "http://spam.example"}, "__all__", "could not be sent"),
        ({"shown": "forged"}, "shown", "open too long"),
    ],
)
def test_bad_input_and_scripts_are_refused_and_nothing_saved(client, changes, field, message):
    response = client.post(_new_url("en"), _form(client, "en", **changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Post.objects.exists()


def test_too_many_posts_from_one_address_are_refused(client):
    for _n in range(10):
        client.post(_new_url(), _form(client))
    response = client.post(_new_url(), _form(client))
    assert response.status_code == 429
    assert Post.objects.count() == 10


def test_published_it_is_shown_in_its_language_and_marked_elsewhere(client, client_for):
    client.post(_new_url(), _form(client))
    post = Post.objects.get()
    moderator = client_for("coordinator")
    decide = reverse("network:decide", kwargs={"post_id": post.pk})
    moderator.post(decide, {"version": post.version, "decision": "publish"})
    assert "Кімната в Лейпцигу" in _board(client, "uk")
    german = _board(client, "de")
    assert 'lang="uk"' in german and "Кімната в Лейпцигу" in german
    assert "in Ukrainian" in _board(client, "en")
    translate = reverse("network:translate")
    moderator.post(
        translate,
        {"post": post.pk, "language": "de", "title": "Zimmer in Leipzig", "body": "Frei ab 1.1."},
    )
    assert "Zimmer in Leipzig" in _board(client, "de")
    assert PostText.objects.get().language == "de"


def test_a_rejection_needs_a_reason_and_a_stale_decision_changes_nothing(client_for):
    post = _published(state=State.PENDING)
    moderator = client_for("coordinator")
    decide = reverse("network:decide", kwargs={"post_id": post.pk})
    page = moderator.post(decide, {"version": 1, "decision": "reject"}, follow=True)
    assert "Say why the post is rejected." in page.content.decode()
    assert Post.objects.get().state == State.PENDING
    moderator.post(decide, {"version": 1, "decision": "reject", "reason": "Werbung"})
    stale = moderator.post(decide, {"version": 1, "decision": "publish"}, follow=True)
    assert "Another moderator decided on this post meanwhile" in stale.content.decode()
    post.refresh_from_db()
    assert (post.state, post.rejection_reason, post.version) == (State.REJECTED, "Werbung", 2)


def test_expired_and_withdrawn_posts_leave_the_board(client, client_for):
    _published(title="Alt", expires_on=timezone.localdate() - timedelta(days=1))
    current = _published(title="Aktuell")
    assert "Aktuell" in _board(client, "de") and "Alt" not in _board(client, "de")
    decide = reverse("network:decide", kwargs={"post_id": current.pk})
    client_for("coordinator").post(decide, {"version": 1, "decision": "withdraw"})
    assert "Aktuell" not in _board(client, "de")


def test_three_reports_take_a_post_off_until_a_moderator_looks(client, client_for):
    post = _published()
    report = reverse("pinboard:report", kwargs={"lang": "de", "post_id": post.pk})
    for n in range(3):
        assert client.post(report, {"reason": f"Betrug {n}"}).status_code == 302
        shown = "Küchenhilfe gesucht" in _board(client, "de")
        assert shown is (n < 2)
    moderator = client_for("coordinator")
    queue = moderator.get(reverse("network:moderation")).content.decode()
    assert "Betrug 2" in queue
    decide = reverse("network:decide", kwargs={"post_id": post.pk})
    moderator.post(decide, {"version": 1, "decision": "publish"})
    assert "Küchenhilfe gesucht" in _board(client, "de")
    assert not Report.objects.filter(handled_at__isnull=True).exists()


def test_a_moderator_posts_straight_to_the_board_once(client, client_for):
    moderator = client_for("coordinator")
    key = str(uuid.uuid4())
    data = {
        "submission": key,
        "kind": "event",
        "language": "de",
        "title": "Sprachcafé",
        "body": "Jeden Dienstag.",
        "contact": "Stadtteilzentrum",
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    moderator.post(reverse("network:moderation"), data)
    moderator.post(reverse("network:moderation"), data)
    (post,) = Post.objects.all()
    assert post.state == State.PUBLISHED and post.posted_by is not None
    assert "Sprachcafé" in _board(client, "de")


@pytest.mark.parametrize("persona", ["reception", "jobcenter_officer", "data_protection"])
def test_only_moderators_moderate(client_for, persona):
    post = _published(state=State.PENDING)
    decide = reverse("network:decide", kwargs={"post_id": post.pk})
    assert (
        client_for(persona).post(decide, {"version": 1, "decision": "publish"}).status_code == 403
    )
    assert Post.objects.get().state == State.PENDING


def test_board_shows_kinds_newest_first_and_nothing_for_an_unknown_language(client):
    _published(kind="job", title="Job A")
    _published(kind="giveaway", title="Sofa")
    assert [s.title for s in services.board("de")] == ["Sofa", "Job A"]
    assert "Sofa" not in _board(client, "de", kind="job")
    assert client.get("/guide/xx/pinboard/").status_code == 404
    assert services.board("de", kind="giveaway")[0].title == "Sofa"


@pytest.mark.parametrize(
    ("form", "field"),
    [("report", "reason"), ("answer", "body")],
)
def test_hidden_characters_are_refused_by_the_form_not_by_a_500(form, field, client_for):
    """Text with a right-to-left override, which the models refuse, is turned away with a
    message, and nothing is saved."""
    from anlaufstelle.network.models import Answer, Topic

    hidden = "Achtung \u202eesrever"
    post = Post.objects.create(
        kind="job", language="de", title="Job", body="Text", contact="Firma",
        expires_on=timezone.localdate() + timedelta(days=5), state="published",
    )  # fmt: skip
    topic = Topic.objects.create(kind="idea", language="de", title="T", body="B", state="open")
    if form == "report":
        answer = Client().post(
            reverse("pinboard:report", kwargs={"lang": "de", "post_id": post.pk}),
            {field: hidden, "website": ""},
        )
        assert answer.status_code == 400 and not Report.objects.exists()
    else:
        answer = client_for("coordinator").post(
            reverse("network:answer", kwargs={"topic_id": topic.pk}),
            {field: hidden, "language": "de"},
        )
        assert answer.status_code == 400 and not Answer.objects.exists()
