"""E-mails waiting to be sent, being sent, sent or given up; never deleted by the sender."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Mail(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        # Taken by a sender until `next_attempt_at` (its lease): a sender that dies leaves the
        # mail here, and once the lease has run out the next sender takes it again.
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("given up")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    # Sent beside the plain text as its HTML alternative, where the product has one.
    html = models.TextField(_("HTML text"), blank=True)
    language = models.CharField(_("language"), max_length=8)
    kind = models.SlugField(_("kind"), max_length=32)
    # What staff look the mail up by (a booking code, say).
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Given when the mail is queued and kept over every attempt, so that a copy sent twice (a
    # sender that died after the server took the mail) carries the same Message-ID, which mail
    # programs show once.
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} → {self.to}"


class Attachment(models.Model):
    mail = models.ForeignKey(
        Mail, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("e-mail")
    )
    filename = models.CharField(_("file name"), max_length=100)
    mimetype = models.CharField(_("MIME type"), max_length=100)
    content = models.BinaryField(_("content"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename
