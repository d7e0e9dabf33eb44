"""The outbox against a real SMTP server on loopback: queued in the caller's transaction,
delivered with its text and attachments, retried with backoff and given up, sent again by staff,
and taken again after a sender died holding it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.db import transaction
from django.utils import timezone

from anlaufstelle.audit.models import Action, AuditEntry
from anlaufstelle.outbox import services
from anlaufstelle.outbox.models import Mail
from tests.outbox.mailbox import queue

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def test_a_queued_mail_arrives_with_its_text_subject_and_attachments(db, smtp, settings):
    settings.DEFAULT_FROM_EMAIL = "Anlaufstelle <termine@anlaufstelle.example>"
    mail = queue(
        subject="Ihr Termin am 3. März",
        body="Bitte mitbringen: Pass\nЗапис підтверджено",
        html="<p>Bitte mitbringen: <b>Pass</b></p>",
        attachments=[
            ("termin.ics", ICS, "text/calendar"),
            ("plan.pdf", b"%PDF-1.4\n\x00\xff%%EOF\n", "application/pdf"),
        ],
    )
    assert mail.message_id.endswith("@anlaufstelle.example>")
    assert services.deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    (message,) = smtp.received
    assert message["To"] == "besucherin@example.org"
    assert message["From"] == "Anlaufstelle <termine@anlaufstelle.example>"
    assert message["Subject"] == "Ihr Termin am 3. März"
    assert message["Message-ID"] == mail.message_id
    assert message["Content-Language"] == "de" and message["Auto-Submitted"] == "auto-generated"
    plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain.strip() == "Bitte mitbringen: Pass\nЗапис підтверджено"
    assert "<b>Pass</b>" in message.get_body(("html",)).get_content()
    ics, pdf = message.iter_attachments()
    assert (ics.get_filename(), ics.get_content_type()) == ("termin.ics", "text/calendar")
    assert ics.get_content().replace("\r\n", "\n") == ICS.decode().replace("\r\n", "\n")
    assert (pdf.get_filename(), pdf.get_content_type()) == ("plan.pdf", "application/pdf")
    assert pdf.get_content() == b"%PDF-1.4\n\x00\xff%%EOF\n"
    mail.refresh_from_db()
    assert mail.state == Mail.State.SENT and mail.sent_at is not None and mail.attempts == 1
    assert services.deliver_due()["sent"] == 0  # sent once
    assert len(smtp.received) == 1


def test_a_mail_queued_in_a_rolled_back_change_is_never_sent(db, smtp):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(attachments=[("termin.ics", ICS, "text/calendar")])
        raise RuntimeError("the booking failed")
    assert not Mail.objects.exists()
    assert services.deliver_due()["sent"] == 0 and not smtp.received


@pytest.mark.parametrize(
    ("more", "error", "words"),
    [
        ({"to": "nobody"}, services.BadAddress, "nobody is not an e-mail address"),
        ({"to": "a@example.org\nBcc: b@example.org"}, services.BadAddress, "not an e-mail"),
        ({"subject": "Termin\nBcc: b@example.org"}, services.BadMail, "must be one line"),
        ({"kind": "kein slug!"}, services.BadMail, "slug"),
        ({"attachments": [("x" * 101, b"", "text/plain")]}, services.BadMail, "at most 100"),
    ],
    ids=["address", "address-header", "subject", "kind", "file-name"],
)
def test_a_mail_that_could_never_be_sent_is_refused_and_nothing_queued(db, more, error, words):
    with pytest.raises(error, match=words):
        queue(**more)
    assert not Mail.objects.exists()
    assert issubclass(error, ValueError)


def test_a_refusing_server_means_retries_with_backoff_then_given_up(db, smtp):
    smtp.refuse_data = "451 4.3.0 mailbox busy"
    mail = queue()
    now = timezone.now()
    assert services.deliver_due(now=now) == {"sent": 0, "retry": 1, "failed": 0}
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (Mail.State.QUEUED, 1)
    assert mail.last_error == "451 4.3.0 mailbox busy"
    assert mail.next_attempt_at == now + timedelta(minutes=1)
    # Not due again before its time.
    assert services.deliver_due(now=now + timedelta(seconds=59))["retry"] == 0
    later = now + timedelta(minutes=1)
    assert services.deliver_due(now=later)["retry"] == 1
    mail.refresh_from_db()
    assert mail.next_attempt_at == later + timedelta(minutes=5)
    assert services.deliver_due(now=later + timedelta(minutes=5))["failed"] == 1
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (Mail.State.FAILED, 3)
    assert mail.last_error == "451 4.3.0 mailbox busy"
    # Given up is given up: no sender takes it again by itself.
    smtp.refuse_data = ""
    assert services.deliver_due(now=later + timedelta(days=1))["sent"] == 0
    assert not smtp.received


def test_the_last_wait_is_repeated_up_to_the_attempts_allowed(db, smtp, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 5
    smtp.refuse_data = "421 4.7.0 try again later"
    mail = queue()
    at = timezone.now()
    waits = []
    for _attempt in range(4):
        assert services.deliver_due(now=at)["retry"] == 1
        mail.refresh_from_db()
        waits.append(mail.next_attempt_at - at)
        at = mail.next_attempt_at
    assert waits == [timedelta(minutes=m) for m in (1, 5, 5, 5)]
    assert services.deliver_due(now=at)["failed"] == 1


def test_a_refused_recipient_is_recorded_with_the_servers_words(db, smtp):
    smtp.refuse_rcpt = "550 5.1.1 no such mailbox"
    mail = queue()
    assert services.deliver_due()["retry"] == 1
    mail.refresh_from_db()
    assert mail.last_error == "besucherin@example.org: 550 5.1.1 no such mailbox"


def test_a_server_that_is_down_counts_as_a_failure(db, settings):
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    mail = queue()
    assert services.deliver_due()["retry"] == 1
    mail.refresh_from_db()
    assert mail.state == Mail.State.QUEUED and "refused" in mail.last_error.lower()
    assert "\n" not in mail.last_error and "Traceback" not in mail.last_error


def test_one_failure_does_not_hold_up_the_next_mail(db, smtp):
    smtp.refuse_for["falsch@example.org"] = "550 5.1.1 no such mailbox"
    queue(to="falsch@example.org")
    queue(to="richtig@example.org")
    assert services.deliver_due() == {"sent": 1, "retry": 1, "failed": 0}
    assert [m["To"] for m in smtp.received] == ["richtig@example.org"]


def test_sending_again_queues_a_given_up_mail_and_records_who(db, smtp, personas):
    smtp.refuse_data = "554 5.7.1 rejected"
    mail = queue()
    now = timezone.now()
    for minutes in (0, 1, 6):
        services.deliver_due(now=now + timedelta(minutes=minutes))
    mail.refresh_from_db()
    assert mail.state == Mail.State.FAILED
    coordinator = personas["coordinator"]
    assert services.retry(mail, coordinator) is True
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (Mail.State.QUEUED, 0)
    assert mail.last_error == "554 5.7.1 rejected"  # kept until it is sent
    entry = AuditEntry.objects.get(detail__has_key="sent again")
    assert (entry.action, entry.username) == (Action.UPDATE, coordinator.username)
    assert entry.detail == {"outbox mail": mail.pk, "sent again": "booking"}
    # A second press (another tab) changes and records nothing.
    assert services.retry(mail, coordinator) is False
    assert AuditEntry.objects.filter(detail__has_key="sent again").count() == 1
    smtp.refuse_data = ""
    assert services.deliver_due()["sent"] == 1
    mail.refresh_from_db()
    assert (mail.state, mail.last_error, mail.attempts) == (Mail.State.SENT, "", 1)
    assert smtp.received[0]["Message-ID"] == mail.message_id


def test_a_mail_whose_sender_died_is_taken_again_after_the_lease(db, smtp):
    """A sender that took the mail and died (no outcome recorded) leaves it *sending*: nobody
    takes it before its lease ends; then the next sender does, counting the lost attempt."""
    mail = queue()
    now = timezone.now()
    taken = services._take(now)
    assert taken is not None and taken.pk == mail.pk
    mail.refresh_from_db()
    assert mail.state == Mail.State.SENDING
    assert mail.next_attempt_at == now + timedelta(minutes=10)
    assert services.deliver_due(now=now + timedelta(minutes=9)) == {
        "sent": 0,
        "retry": 0,
        "failed": 0,
    }
    assert services.deliver_due(now=now + timedelta(minutes=10))["sent"] == 1
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.last_error) == (Mail.State.SENT, 2, "")
    assert len(smtp.received) == 1


def test_a_mail_that_kills_every_sender_is_given_up_in_the_end(db, smtp):
    mail = queue()
    at = timezone.now()
    for _death in range(3):  # taken, and its sender dies, three times
        assert services._take(at) is not None
        at += timedelta(minutes=10)
    assert services._take(at) is None  # the fourth sender gives it up instead
    mail.refresh_from_db()
    assert (mail.state, mail.attempts) == (Mail.State.FAILED, 3)
    assert mail.last_error == services.LOST_SENDER
    assert services.deliver_due(now=at + timedelta(days=1))["sent"] == 0


def test_a_slow_sender_whose_lease_ran_out_does_not_overwrite_the_next(db, smtp):
    """Sender A took the mail and overran its lease; B took it again and sent it. A's late
    outcome is dropped: the mail stays as B left it."""
    mail = queue()
    now = timezone.now()
    first = services._take(now)
    assert first is not None
    assert services.deliver_due(now=now + timedelta(minutes=11))["sent"] == 1
    assert services._settle(first, RuntimeError("late"), now + timedelta(minutes=12)) == "lost"
    mail.refresh_from_db()
    assert (mail.state, mail.last_error) == (Mail.State.SENT, "")


def test_no_transaction_is_open_while_the_server_is_talked_to(committed_db, smtp, monkeypatch):
    """The mail is marked *sending* and committed before the SMTP conversation, which runs
    outside any transaction: a slow server holds no lock the web pages would wait for."""
    seen = []
    send = EmailBackend.send_messages

    def watched(backend, messages):
        seen.append(
            (
                transaction.get_connection().in_atomic_block,
                Mail.objects.values_list("state", flat=True).get(),
            )
        )
        return send(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", watched)
    queue()
    assert services.deliver_due()["sent"] == 1
    assert seen == [(False, Mail.State.SENDING)]
