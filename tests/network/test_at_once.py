"""Two moderators deciding on the same post or topic at once, and two advisers of a partner
saving its offer or its first profile at once (on PostgreSQL truly at once): what is saved
first stands, the other is told and changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from anlaufstelle.network import openmic, partner, services
from anlaufstelle.network.models import Offer, PartnerProfile, Post, State, Topic, TopicState
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


def test_two_advisers_saving_one_offer_at_once(committed_db, personas):
    agency = personas["partner"].staff_member.agency
    offer = Offer.objects.create(
        agency=agency, kind="debt", title={"de": "Schuldnerberatung"},
        description={"de": "Dienstags."}, where="Musterstraße 1", languages=["de"],
    )  # fmt: skip

    def saving(when: str):
        data = {"when": when, "title": {"de": "Schuldnerberatung"}}
        return _tried(lambda: partner.edit_offer(offer=offer, data=data, version=1))

    outcomes = at_once(saving("Di 10–12 Uhr"), saving("Do 14–16 Uhr"))
    assert sorted(outcomes) == ["decided", "refused"]
    offer.refresh_from_db()
    assert offer.version == 2 and offer.when in ("Di 10–12 Uhr", "Do 14–16 Uhr")


def test_two_advisers_writing_the_first_profile_at_once(committed_db, personas):
    agency = personas["partner"].staff_member.agency
    fields = {"kind": "Verein", "contact": "0341 1", "locations": "Musterstraße 1"}
    fields["languages"] = ["de", "uk"]

    def saving(hours: str):
        data = {**fields, "opening_hours": hours}
        return _tried(lambda: partner.save_profile(agency=agency, data=data, version=None))

    outcomes = at_once(saving("Mo 9–12 Uhr"), saving("Fr 9–12 Uhr"))
    assert sorted(outcomes) == ["decided", "refused"]
    saved = PartnerProfile.objects.get(agency=agency)
    assert saved.version == 1 and saved.opening_hours in ("Mo 9–12 Uhr", "Fr 9–12 Uhr")
