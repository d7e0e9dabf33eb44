"""Two moderators deciding on the same post or topic at once (on PostgreSQL truly at once):
the decision taken first stands, the other is told and changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from anlaufstelle.network import openmic, services
from anlaufstelle.network.models import Post, State, Topic, TopicState
from anlaufstelle.people.services.base import EditConflict
from tests.at_once import at_once


def _tried(decide):
    def call() -> str:
        try:
            decide()
        except EditConflict:
            return "refused"
        return "decided"

    return call


def test_two_moderators_on_one_post_at_once(committed_db, personas):
    post = Post.objects.create(
        kind="job", language="de", title="Küchenhilfe", body="Teilzeit", contact="Linde",
        expires_on=timezone.localdate() + timedelta(days=5),
    )  # fmt: skip
    admin, coordinator = personas["administrator"], personas["coordinator"]
    outcomes = at_once(
        _tried(lambda: services.decide(user=admin, post_id=post.pk, version=1, decision="publish")),
        _tried(
            lambda: services.decide(
                user=coordinator, post_id=post.pk, version=1, decision="reject", reason="Werbung"
            )
        ),
    )
    assert sorted(outcomes) == ["decided", "refused"]
    post.refresh_from_db()
    assert post.version == 2 and post.state in (State.PUBLISHED, State.REJECTED)
    assert (post.state == State.REJECTED) == (post.rejection_reason == "Werbung")


def test_two_moderators_on_one_topic_at_once(committed_db, personas):
    topic = Topic.objects.create(kind="idea", language="de", title="Spielecke", body="Bitte")
    admin, coordinator = personas["administrator"], personas["coordinator"]
    outcomes = at_once(
        _tried(lambda: openmic.decide(user=admin, topic_id=topic.pk, version=1, decision="open")),
        _tried(
            lambda: openmic.decide(
                user=coordinator, topic_id=topic.pk, version=1, decision="reject"
            )
        ),
    )
    assert sorted(outcomes) == ["decided", "refused"]
    topic.refresh_from_db()
    assert topic.version == 2 and topic.state in (TopicState.OPEN, TopicState.REJECTED)
