"""The outbox against a real SMTP server on loopback (aiosmtpd): queued in the caller's
transaction, delivered, retried, given up and shown to staff, sent again; two senders at once."""

from __future__ import annotations

import asyncio
import email
import io
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.outbox import services
from anlaufstelle.outbox.models import Mail
from tests.at_once import at_once
from tests.conftest import in_english
from tests.hall.test_kill import _database_back, _database_for_server

english = pytest.fixture(autouse=True)(in_english)


class Server:
    """Keeps what it received; answers ``refuse`` (an SMTP reply) while that is set."""

    def __init__(self) -> None:
        self.received: list[email.message.EmailMessage] = []
        self.refuse = ""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.refuse:
            return self.refuse
        self.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture(autouse=True)
def real_smtp(settings):
    """Django's test set-up swaps in a mailbox in memory; these tests use the real backend."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def smtp(settings):
    handler = Server()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5
    settings.OUTBOX_RETRY_MINUTES = [1, 5]
    yield handler
    controller.stop()


def queue(**more) -> Mail:
    data = {
        "to": "besucherin@example.org",
        "subject": "Ihr Termin",
        "body": "Bitte mitbringen: Pass",
        "language": "de",
        "kind": "booking",
        "reference": "ACDE-FGHJ",
    }
    return services.enqueue(**(data | more))


def test_a_queued_mail_arrives_with_its_attachment(db, smtp):
    queue(attachments=[("termin.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")])
    assert services.deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    (message,) = smtp.received
    assert message["To"] == "besucherin@example.org" and message["Subject"] == "Ihr Termin"
    assert message["Content-Language"] == "de"
    assert "Bitte mitbringen: Pass" in message.get_body(("plain",)).get_content()
    (ics,) = list(message.iter_attachments())
    assert ics.get_filename() == "termin.ics" and ics.get_content_type() == "text/calendar"
    mail = Mail.objects.get()
    assert mail.state == Mail.State.SENT and mail.sent_at is not None and mail.attempts == 1
    assert services.deliver_due()["sent"] == 0  # sent once


def test_a_mail_queued_in_a_rolled_back_change_is_never_sent(db, smtp):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("the booking failed")
    assert services.deliver_due()["sent"] == 0 and not smtp.received


def test_a_bad_address_is_refused_and_nothing_queued(db):
    with pytest.raises(services.BadAddress, match="not an e-mail address"):
        queue(to="nobody")
    assert not Mail.objects.exists()


def test_failures_are_retried_then_given_up_and_shown_to_staff(db, smtp, client_for):
    smtp.refuse = "451 4.3.0 mailbox busy"
    mail = queue()
    now = timezone.now()
    assert services.deliver_due(now=now)["retry"] == 1
    mail.refresh_from_db()
    assert mail.state == Mail.State.QUEUED and mail.attempts == 1
    assert "451" in mail.last_error and mail.next_attempt_at == now + timedelta(minutes=1)
    # Not due again before its time.
    assert services.deliver_due(now=now)["retry"] == 0
    assert services.deliver_due(now=now + timedelta(minutes=2))["retry"] == 1
    assert services.deliver_due(now=now + timedelta(minutes=10))["failed"] == 1
    mail.refresh_from_db()
    assert mail.state == Mail.State.FAILED and mail.attempts == 3
    # The coordinator sees it, with the server's words, and sends it again.
    client = client_for("coordinator")
    page = client.get(reverse("outbox:mails")).content.decode()
    assert "given up" in page and "451 4.3.0 mailbox busy" in page
    assert "besucherin@example.org" in page
    assert AuditEntry.objects.filter(detail__has_key="outbox page").exists()
    smtp.refuse = ""
    client.post(reverse("outbox:retry", args=[mail.pk]))
    assert services.deliver_due()["sent"] == 1
    assert len(smtp.received) == 1


def test_a_server_that_is_down_counts_as_a_failure(db, settings):
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    mail = queue()
    assert services.deliver_due()["retry"] == 1
    mail.refresh_from_db()
    assert mail.state == Mail.State.QUEUED and "refused" in mail.last_error.lower()


def test_the_command_prints_its_counts_and_refuses_bad_options(db, smtp):
    queue()
    out = io.StringIO()
    call_command("send_mail", stdout=out)
    assert out.getvalue().strip() == "sent 1, to try again 0, given up 0"
    with pytest.raises(SystemExit) as exit_info:
        call_command("send_mail", "--every", "0", stderr=io.StringIO())
    assert exit_info.value.code == 2


def test_the_outbox_is_refused_to_a_desk_officer(db, client_for):
    assert client_for("foreigners_officer").get(reverse("outbox:mails")).status_code == 403


def test_two_senders_at_once_send_each_mail_once(committed_db, smtp):
    for n in range(6):
        queue(reference=f"M{n}")
    results = at_once(services.deliver_due, services.deliver_due)
    assert sum(r["sent"] for r in results) == 6
    assert sorted(m["X-Ref"] or "" for m in smtp.received) == [""] * 6
    assert len(smtp.received) == 6
    assert Mail.objects.filter(state=Mail.State.SENT).count() == 6


class SlowServer(Server):
    """Takes a while over each mail, so that a sender can be killed in the middle."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(0.2)
        return await super().handle_DATA(server, session, envelope)


def test_a_sender_killed_mid_way_loses_no_mail(committed_db, settings, tmp_path):
    """SIGKILL to `anlaufstelle send_mail --loop` while it sends: every mail is still sent
    (by the next sender), none is lost, at most the one in flight goes out twice."""
    handler = SlowServer()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        for n in range(12):
            queue(reference=f"K{n:02d}", body=f"Mail K{n:02d}")
        env = {
            **os.environ,
            "DATABASE_URL": _database_for_server(tmp_path),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "k" * 40,
            "AUDIT_KEY": os.environ.get("AUDIT_KEY") or "a" * 40,
            "ALLOWED_HOSTS": "localhost",
        }
        sender = subprocess.Popen(
            [sys.executable, "-m", "anlaufstelle.cli", "send_mail", "--loop", "--every", "1"],
            env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while len(handler.received) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(sender.pid, signal.SIGKILL)
        sender.wait(timeout=10)
        assert 3 <= len(handler.received) < 12, "killed in the middle"
        _database_back(tmp_path)
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        services.deliver_due()
    finally:
        controller.stop()
    assert set(Mail.objects.values_list("state", flat=True)) == {Mail.State.SENT}
    received = Counter(m.get_body(("plain",)).get_content().strip() for m in handler.received)
    assert set(received) == {f"Mail K{n:02d}" for n in range(12)}
    # At least once: only the mail in flight when the sender died may have gone out twice.
    assert sum(received.values()) - 12 <= 1
