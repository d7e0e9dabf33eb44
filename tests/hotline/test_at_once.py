"""Two phones marking the same call back done at once (on PostgreSQL truly at once): it is done
once, its number deleted once, and the second is told it was done already."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from anlaufstelle.hotline import services
from anlaufstelle.hotline.models import Call, Line
from tests.at_once import at_once


def test_a_call_back_marked_done_from_two_phones_at_once(committed_db, personas):
    line = Line.objects.create(code="ua", name="UA", languages=["uk"])
    call = Call.objects.create(
        line=line, minutes=4, language="uk", topic="benefits", outcome="follow_up",
        follow_up="callback", callback_number="+49 341 555 0101",
        callback_due=timezone.now() + timedelta(hours=1), taken_by=personas["reception"],
    )  # fmt: skip
    outcomes = at_once(
        lambda: services.callback_done(call_id=call.pk),
        lambda: services.callback_done(call_id=call.pk),
    )
    assert sorted(outcomes) == [False, True]
    call.refresh_from_db()
    assert call.callback_number == "" and call.follow_up_done_at is not None
