"""The staff page of the outbox: given-up mails first with the server's words, the read of
the addresses recorded, *Send again*, and refused to the desks."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from anlaufstelle.audit.models import Action, AuditEntry
from anlaufstelle.outbox import services
from anlaufstelle.outbox.models import Mail
from tests.outbox.mailbox import queue


def _give_up(smtp, mail: Mail) -> None:
    now = timezone.now()
    for minutes in (0, 1, 6):  # three attempts, after the waits of 1 and 5 minutes
        services.deliver_due(now=now + timedelta(minutes=minutes))
    mail.refresh_from_db()
    assert mail.state == Mail.State.FAILED


def test_a_given_up_mail_shows_with_its_error_and_is_sent_again(db, smtp, client_for):
    smtp.refuse_data = "451 4.3.0 mailbox busy"
    mail = queue(to="aufgegeben@example.org", reference="GIVE-NUP1")
    _give_up(smtp, mail)
    smtp.refuse_data = ""
    queue(to="wartend@example.org", reference="WAIT-ING22")
    client = client_for("coordinator")
    response = client.get(reverse("outbox:mails"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 e-mail was given up after its attempts" in page
    assert "1 e-mail is waiting to be sent" in page
    assert "451 4.3.0 mailbox busy" in page and "GIVE-NUP1" in page
    # Given up first, then waiting.
    assert page.index("aufgegeben@example.org") < page.index("wartend@example.org")
    assert page.count('action="' + reverse("outbox:retry", args=[mail.pk]) + '"') == 1
    assert page.count("Send again") == 1
    # The addresses shown are a read of contact data, recorded with the mails shown.
    entry = AuditEntry.objects.get(detail__view="outbox")
    assert entry.action == Action.READ and entry.categories == ["contact"]
    assert entry.username == "koordination"
    assert sorted(entry.detail["mails shown"]) == sorted(Mail.objects.values_list("pk", flat=True))

    response = client.post(reverse("outbox:retry", args=[mail.pk]), follow=True)
    assert "The e-mail is queued again." in response.content.decode()
    mail.refresh_from_db()
    assert mail.state == Mail.State.QUEUED
    assert services.deliver_due() == {"sent": 2, "retry": 0, "failed": 0}
    assert sorted(m["To"] for m in smtp.received) == [
        "aufgegeben@example.org",
        "wartend@example.org",
    ]
    page = client.get(reverse("outbox:mails")).content.decode()
    assert "Send again" not in page and "given up after" not in page


def test_sent_mails_come_after_and_the_list_is_paged(db, client_for, settings):
    sent = queue(to="gesendet@example.org")
    Mail.objects.filter(pk=sent.pk).update(state=Mail.State.SENT, sent_at=timezone.now())
    for n in range(services.PAGE_SIZE):
        queue(to=f"w{n}@example.org")
    client = client_for("administrator")
    first = client.get(reverse("outbox:mails")).content.decode()
    assert "gesendet@example.org" not in first and "Page 1 of 2" in first
    second = client.get(reverse("outbox:mails"), {"page": 2}).content.decode()
    assert "gesendet@example.org" in second
    assert re.search(r"sent \d\d\.\d\d\.\d{4}", second)
    shown = [e.detail["mails shown"] for e in AuditEntry.objects.filter(detail__view="outbox")]
    assert [len(s) for s in shown] == [services.PAGE_SIZE, 1] and shown[1] == [sent.pk]


def test_an_empty_outbox_records_no_read(db, client_for):
    client = client_for("coordinator")
    before = AuditEntry.objects.count()  # the personas' rights, given in the set-up
    assert "No e-mails yet." in client.get(reverse("outbox:mails")).content.decode()
    assert AuditEntry.objects.count() == before


def test_the_outbox_is_refused_to_a_desk_officer(db, client_for):
    """Refused by role like every staff page (403, core/permissions.py): nothing shown, so no
    read to record, and nothing changed."""
    mail = queue()
    Mail.objects.filter(pk=mail.pk).update(state=Mail.State.FAILED)
    officer = client_for("foreigners_officer")
    before = AuditEntry.objects.count()
    response = officer.get(reverse("outbox:mails"))
    assert response.status_code == 403
    assert "besucherin@example.org" not in response.content.decode()
    assert officer.post(reverse("outbox:retry", args=[mail.pk])).status_code == 403
    assert Mail.objects.get().state == Mail.State.FAILED
    assert AuditEntry.objects.count() == before


def test_send_again_takes_only_a_post(db, client_for):
    mail = queue()
    Mail.objects.filter(pk=mail.pk).update(state=Mail.State.FAILED)
    client = client_for("coordinator")
    assert client.get(reverse("outbox:retry", args=[mail.pk])).status_code == 405
    assert client.post(reverse("outbox:mails")).status_code == 405
    assert Mail.objects.get().state == Mail.State.FAILED
