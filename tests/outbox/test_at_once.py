"""Two senders at once, in threads with their own connections on PostgreSQL (on SQLite, whose
test database has one connection, one after the other, as tests/at_once.py does for every
such test): each mail is taken by one of them and sent exactly once."""

from __future__ import annotations

from collections import Counter

from anlaufstelle.outbox import services
from anlaufstelle.outbox.models import Mail
from tests.at_once import at_once
from tests.outbox.mailbox import queue

MAILS = 20


def test_two_senders_at_once_send_each_mail_once(committed_db, smtp):
    smtp.delay = 0.02  # so that the two senders overlap on PostgreSQL
    for n in range(MAILS):
        queue(reference=f"M{n:02d}", body=f"Mail M{n:02d}")
    results = at_once(services.deliver_due, services.deliver_due)
    assert sum(r["sent"] for r in results) == MAILS
    assert all(r["retry"] == r["failed"] == 0 for r in results)
    assert Counter(smtp.texts()) == {f"Mail M{n:02d}": 1 for n in range(MAILS)}
    assert len({m["Message-ID"] for m in smtp.received}) == MAILS
    assert set(Mail.objects.values_list("state", "attempts")) == {(Mail.State.SENT, 1)}
