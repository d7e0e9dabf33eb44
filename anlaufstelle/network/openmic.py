"""The open mic's workflows: a topic raised through the guide waits for moderation, one raised
by staff is open at once; staff answer; the coordination takes a topic up, saying what came of
it, or rejects it. Like the pinboard, it holds no visitor's data and is not audited."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from anlaufstelle.network.models import Answer, Topic, TopicState
from anlaufstelle.network.services import saved_once
from anlaufstelle.people.services.base import EditConflict

SHOWN = (TopicState.OPEN, TopicState.TAKEN_UP)
DECISIONS = {"open": TopicState.OPEN, "take_up": TopicState.TAKEN_UP, "reject": TopicState.REJECTED}


def raise_topic(
    *, data: dict[str, Any], key: uuid.UUID | None, user: Any = None
) -> tuple[Topic, bool]:
    """Through the guide (no user) it waits for moderation; staff's topics are open at once."""
    state = TopicState.OPEN if user is not None else TopicState.PENDING
    return saved_once(Topic(**data, state=state, raised_by=user), key)


def answer(
    *, user: Any, topic_id: int, data: dict[str, Any], key: uuid.UUID | None
) -> Answer | None:
    """The answer saved, or None where the topic was taken off meanwhile (rejected)."""
    topic = Topic.objects.filter(pk=topic_id, state__in=SHOWN).first()
    if topic is None:
        return None
    staff = getattr(user, "staff_member", None)
    agency = staff.agency.name if staff is not None else ""
    found, _new = saved_once(Answer(topic=topic, author=user, agency=agency, **data), key)
    return found


@transaction.atomic
def decide(*, user: Any, topic_id: int, version: int, decision: str, outcome: str = "") -> Topic:
    topic = Topic.objects.select_for_update().get(pk=topic_id)
    if topic.version != version:
        raise EditConflict(topic)
    topic.state = DECISIONS[decision]
    if decision == "take_up":
        topic.outcome = outcome
    topic.decided_by = user
    topic.version += 1
    topic.save()
    return topic


def _with_answers(topics: Any) -> list[Topic]:
    return list(topics.prefetch_related(Prefetch("answers", Answer.objects.order_by("created"))))


def shown() -> list[Topic]:
    return _with_answers(Topic.objects.filter(state__in=SHOWN))


def waiting() -> list[Topic]:
    return _with_answers(Topic.objects.filter(state=TopicState.PENDING).order_by("created"))
