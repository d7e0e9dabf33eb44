"""A durable outbox: the product queues an e-mail in its own transaction, a sender delivers it
through SMTP and retries, and staff see what failed.

Nothing acknowledged is lost. A mail exists once the transaction that queued it committed (and
not at all if it rolled back). The sender takes due mails one at a time under a row lock
(``skip_locked``: two senders never take the same mail), sends it, and marks it sent in the same
transaction; a sender killed at any point leaves the mail queued, to be sent by the next. That is
*at least once*: a sender killed after the SMTP server accepted the mail but before its commit
sends it again — a second copy of a confirmation is better than none.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.outbox.models import Attachment, Mail

log = logging.getLogger("anlaufstelle.outbox")


class BadAddress(ValueError):
    """The address cannot take mail; nothing was queued."""


def retry_minutes() -> list[int]:
    """Minutes to wait before each further attempt; after the last one the mail is given up."""
    return list(settings.OUTBOX_RETRY_MINUTES)


def enqueue(
    *,
    to: str,
    subject: str,
    body: str,
    language: str,
    kind: str,
    reference: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> Mail:
    """Queue a mail in the caller's transaction: it exists exactly when the caller's change
    was committed. ``attachments`` are (file name, content, MIME type)."""
    try:
        validate_email(to)
    except ValidationError:
        raise BadAddress(_("%(address)s is not an e-mail address.") % {"address": to}) from None
    mail = Mail.objects.create(
        to=to,
        subject=subject[:300],
        body=body,
        language=language,
        kind=kind,
        reference=reference[:100],
    )
    Attachment.objects.bulk_create(
        Attachment(mail=mail, filename=name, mimetype=mimetype, content=content)
        for name, content, mimetype in attachments
    )
    return mail


def _message(mail: Mail, connection: Any) -> EmailMessage:
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        connection=connection,
        headers={"Content-Language": mail.language},
    )
    for attachment in mail.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return message


def error_text(error: Exception) -> str:
    """The server's words, one line, without the traceback: what staff can act on."""
    if isinstance(error, smtplib.SMTPResponseException):
        words = error.smtp_error
        text = words.decode(errors="replace") if isinstance(words, bytes) else str(words)
        line = f"{error.smtp_code} {text}"
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        line = "; ".join(
            f"{to}: {code} {words.decode(errors='replace')}"
            for to, (code, words) in error.recipients.items()
        )
    else:
        line = f"{type(error).__name__}: {error}"
    return " ".join(line.split())[:300]


def _failed(mail: Mail, error: Exception, now: datetime) -> None:
    mail.attempts += 1
    mail.last_error = error_text(error)
    waits = retry_minutes()
    if mail.attempts > len(waits):
        mail.state = Mail.State.FAILED
        log.warning("mail %s to %s given up: %s", mail.pk, mail.to, mail.last_error)
    else:
        mail.next_attempt_at = now + timedelta(minutes=waits[mail.attempts - 1])


def deliver_due(*, limit: int = 50, now: datetime | None = None) -> dict[str, int]:
    """Send the mails that are due, one per transaction; how many were sent, failed for now,
    and given up."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    try:
        for _n in range(limit):
            at = now or timezone.now()
            with transaction.atomic():
                mail = (
                    Mail.objects.select_for_update(skip_locked=True)
                    .filter(state=Mail.State.QUEUED, next_attempt_at__lte=at)
                    .order_by("next_attempt_at", "pk")
                    .first()
                )
                if mail is None:
                    break
                try:
                    _message(mail, connection).send()
                except Exception as error:  # any failure of the server or the network
                    _failed(mail, error, at)
                    counts["failed" if mail.state == Mail.State.FAILED else "retry"] += 1
                    connection.close()  # a broken connection is opened afresh
                else:
                    mail.state = Mail.State.SENT
                    mail.sent_at = at
                    mail.attempts += 1
                    mail.last_error = ""
                    counts["sent"] += 1
                mail.save()
    finally:
        connection.close()
    return counts


def retry(mail: Mail) -> Mail:
    """Staff send a given-up mail again: it is queued now, with its attempts counted afresh."""
    with transaction.atomic():
        current = Mail.objects.select_for_update().get(pk=mail.pk)
        if current.state == Mail.State.FAILED:
            current.state = Mail.State.QUEUED
            current.attempts = 0
            current.next_attempt_at = timezone.now()
            current.save(update_fields=["state", "attempts", "next_attempt_at"])
    return current
