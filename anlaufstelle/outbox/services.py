"""A durable outbox: the product queues an e-mail in its own transaction, a sender delivers it
through SMTP and retries, and staff see what failed.

Nothing acknowledged is lost. A mail exists once the transaction that queued it committed (and
not at all if it rolled back). A sender takes one due mail at a time: in a short transaction it
locks the row (``skip_locked``: two senders never take the same mail; on SQLite the immediate
transactions take their turns) and marks it *sending* with a lease; it talks to the SMTP server
outside any transaction, so a slow server holds no lock that the web pages wait for; then, in a
second short transaction, it marks the mail sent, or records the error and when to try again.

A sender killed at any point leaves the mail queued (killed before it took it) or *sending*
until its lease runs out, when the next sender takes it again. That is *at least once*: a sender
killed after the SMTP server accepted the mail but before it recorded that sends it again
(with the same Message-ID, which mail programs show once) — a second copy of a confirmation is
better than none, and the other choice, marking it sent before sending, would lose mails.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.paginator import Page, Paginator
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.outbox.models import Attachment, Mail

log = logging.getLogger("anlaufstelle.outbox")

PAGE_SIZE = 50
# What the last attempt of a mail says when its sender died holding it: nobody knows whether
# the server took the mail.
LOST_SENDER = "the sender stopped while sending it; it may have gone out"


class BadMail(ValueError):
    """The mail cannot be sent as given; nothing was queued."""


class BadAddress(BadMail):
    """The address cannot take mail; nothing was queued."""


def retry_minutes() -> list[int]:
    """Minutes to wait before each further attempt; the last is repeated."""
    return list(settings.OUTBOX_RETRY_MINUTES)


def max_attempts() -> int:
    return int(settings.OUTBOX_MAX_ATTEMPTS)


def _wait_after(attempts: int) -> timedelta:
    waits = retry_minutes()
    return timedelta(minutes=waits[min(attempts, len(waits)) - 1])


def _message_id() -> str:
    # The sender's own domain: the host's name may be "localhost" or unknown to DNS.
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)


@transaction.atomic
def enqueue(
    *,
    to: str,
    subject: str,
    body: str,
    language: str,
    kind: str,
    reference: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
    html: str | None = None,
) -> Mail:
    """Queue a mail in the caller's transaction: it exists exactly when the caller's change
    was committed, so call it inside that transaction, never after it. ``attachments`` are
    (file name, content, MIME type). Raises `BadAddress` for an address that cannot take mail
    and `BadMail` for anything else that could never be sent (a subject of several lines)."""
    try:
        validate_email(to)
    except ValidationError:
        raise BadAddress(_("%(address)s is not an e-mail address.") % {"address": to}) from None
    if "\n" in subject or "\r" in subject:
        # The SMTP library would refuse it at every attempt (a header cannot span lines).
        raise BadMail(_("The subject of an e-mail must be one line."))
    mail = Mail(
        to=to,
        subject=subject[:300],
        body=body,
        html=html or "",
        language=language,
        kind=kind,
        reference=reference[:100],
        message_id=_message_id(),
    )
    files = [
        Attachment(mail=mail, filename=name, mimetype=mimetype, content=bytes(content))
        for name, content, mimetype in attachments
    ]
    try:
        mail.full_clean()
        for file in files:
            file.full_clean(exclude=["mail"])
    except ValidationError as exc:
        raise BadMail("; ".join(exc.messages)) from None
    mail.save()
    Attachment.objects.bulk_create(files)
    return mail


def _message(mail: Mail, connection: Any) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        connection=connection,
        headers={
            "Message-ID": mail.message_id,
            "Content-Language": mail.language,
            # No out-of-office replies to a machine's mail (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
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


def _due(at: datetime) -> Any:
    # Queued mails whose time has come, and mails whose sender's lease ran out (it died).
    return Mail.objects.filter(
        state__in=[Mail.State.QUEUED, Mail.State.SENDING], next_attempt_at__lte=at
    )


def _take(at: datetime) -> Mail | None:
    """The next due mail, marked *sending* until the lease ends, in a transaction of its own
    that commits before the SMTP conversation begins. None when nothing is due."""
    while True:
        with transaction.atomic():
            mail = (
                _due(at)
                .select_for_update(skip_locked=True)
                .order_by("next_attempt_at", "pk")
                .first()
            )
            if mail is None:
                return None
            if mail.state == Mail.State.SENDING:
                # Its sender died holding it: that counts as an attempt, so that a mail that
                # kills every sender (far too large, say) is given up in the end.
                mail.attempts += 1
                mail.last_error = LOST_SENDER
                log.warning("mail %s: its sender stopped while sending it", mail.pk)
                if mail.attempts >= max_attempts():
                    mail.state = Mail.State.FAILED
                    mail.save(update_fields=["attempts", "last_error", "state"])
                    log.warning("mail %s given up: its senders stopped with it", mail.pk)
                    continue
            mail.state = Mail.State.SENDING
            # The lease is also the claim's token: the outcome is written only while it holds.
            mail.next_attempt_at = at + timedelta(minutes=settings.OUTBOX_LEASE_MINUTES)
            mail.message_id = mail.message_id or _message_id()
            mail.save(
                update_fields=["state", "next_attempt_at", "attempts", "last_error", "message_id"]
            )
            return mail


def _settle(mail: Mail, error: Exception | None, at: datetime) -> str:
    """Record how the attempt went: "sent", "retry" or "failed" ("lost" if the lease ran out
    and another sender took the mail meanwhile: its outcome counts, not this one)."""
    attempts = mail.attempts + 1
    said = "" if error is None else error_text(error)
    if error is None:
        outcome = "sent"
        fields: dict[str, Any] = {"state": Mail.State.SENT, "sent_at": at, "last_error": ""}
    elif attempts >= max_attempts():
        outcome = "failed"
        fields = {"state": Mail.State.FAILED, "last_error": said}
    else:
        outcome = "retry"
        fields = {
            "state": Mail.State.QUEUED,
            "last_error": said,
            "next_attempt_at": at + _wait_after(attempts),
        }
    # One statement, and only while this sender's claim holds.
    updated = Mail.objects.filter(
        pk=mail.pk, state=Mail.State.SENDING, next_attempt_at=mail.next_attempt_at
    ).update(attempts=attempts, **fields)
    if not updated:
        log.warning("mail %s: taken by another sender after its lease ran out", mail.pk)
        return "lost"
    if outcome == "failed":
        log.warning("mail %s given up after %s attempts: %s", mail.pk, attempts, said)
    return outcome


def deliver_due(
    *,
    limit: int = 50,
    now: datetime | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> dict[str, int]:
    """Send up to ``limit`` mails that are due, each taken, sent and recorded on its own; how
    many were sent, failed for now ("retry"), and given up ("failed"). ``stop`` is asked
    before each mail (a sender told to end finishes the mail in hand, then stops).

    Call it outside any transaction (the sender's command does): only then is a mail marked
    as taken before the server is talked to, and its outcome recorded at once."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    try:
        for _n in range(limit):
            if stop():
                break
            mail = _take(now or timezone.now())
            if mail is None:
                break
            error: Exception | None = None
            try:
                _message(mail, connection).send()
            except (smtplib.SMTPException, OSError) as failure:  # the server or the network
                error = failure
            except Exception as failure:  # a fault of ours: its traceback belongs in the log
                log.exception("mail %s could not be sent", mail.pk)
                error = failure
            if error is not None:
                connection.close()  # a broken connection is opened afresh for the next mail
            outcome = _settle(mail, error, now or timezone.now())
            if outcome in counts:
                counts[outcome] += 1
    finally:
        connection.close()
    return counts


def retry(mail: Mail, user: Any, *, now: datetime | None = None) -> bool:
    """Staff send a given-up mail again: it is queued now, with its attempts counted afresh
    and its last error kept until it is sent. False if it was not given up (any more)."""
    with transaction.atomic():
        current = Mail.objects.select_for_update().get(pk=mail.pk)
        if current.state != Mail.State.FAILED:
            return False
        current.state = Mail.State.QUEUED
        current.attempts = 0
        current.next_attempt_at = now or timezone.now()
        current.save(update_fields=["state", "attempts", "next_attempt_at"])
        # Sending again hands the address to the mail server once more: on whose word.
        record(
            actor=Actor.from_user(user),
            action=Action.UPDATE,
            purpose=Purpose.ADMINISTRATION.value,
            categories=[Category.CONTACT],
            detail={"outbox mail": current.pk, "sent again": current.kind},
        )
    return True


@dataclass(frozen=True)
class Listing:
    page: Page[Any]
    failed: int
    queued: int


@transaction.atomic
def listing(*, user: Any, page_number: Any = 1) -> Listing:
    """The staff page's mails: given up first, then waiting and being sent, then sent, newest
    first within each. The addresses it shows are contact data: the read is recorded, with the
    mails shown, in the same transaction."""
    order = Case(
        When(state=Mail.State.FAILED, then=Value(0)),
        When(state__in=[Mail.State.QUEUED, Mail.State.SENDING], then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    rows = Mail.objects.annotate(order=order).order_by("order", "-created", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    if page.object_list:
        record(
            actor=Actor.from_user(user),
            action=Action.READ,
            purpose=Purpose.ADMINISTRATION.value,
            categories=[Category.CONTACT],
            detail={
                "view": "outbox",
                "page": page.number,
                "mails shown": [mail.pk for mail in page.object_list],
            },
        )
    return Listing(
        page=page,
        failed=Mail.objects.filter(state=Mail.State.FAILED).count(),
        queued=Mail.objects.filter(state__in=[Mail.State.QUEUED, Mail.State.SENDING]).count(),
    )
