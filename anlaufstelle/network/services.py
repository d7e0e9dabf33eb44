"""The pinboard's workflows: what the board shows in a language, a post sent through the guide
(waits for moderation) or by staff (shown at once), moderation with versions, translations and
reports of abuse. A post holds no visitor's data, so nothing here goes to the audit trail."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from anlaufstelle.network.models import Offer, PartnerProfile, Post, PostText, Report, State
from anlaufstelle.people.services.base import EditConflict

M = TypeVar("M", bound=models.Model)

# Open reports that take a post off the board until a moderator has looked at it: one report
# alone could silence any post.
HIDE_AFTER_REPORTS = 3
DECISIONS = {"publish": State.PUBLISHED, "reject": State.REJECTED, "withdraw": State.WITHDRAWN}


@dataclass(frozen=True)
class Shown:
    post: Post
    title: str
    body: str
    language: str  # the language of the text shown
    translated: bool  # in the reader's language (or written in it)


def _open_reports() -> Count:
    return Count("reports", filter=Q(reports__handled_at__isnull=True))


def _on_board(today: date | None) -> Any:
    """The published posts not yet expired nor held back by reports, newest first."""
    return (
        Post.objects.filter(state=State.PUBLISHED, expires_on__gte=today or timezone.localdate())
        .annotate(open_reports=_open_reports())
        .filter(open_reports__lt=HIDE_AFTER_REPORTS)
        .prefetch_related("texts")
        .order_by("-created", "-pk")  # a query that counts keeps no default order
    )


def board(language: str, *, today: date | None = None, kind: str = "") -> list[Shown]:
    """The posts on the board, each in the reader's language where it exists, else as
    written (the page says so)."""
    posts = _on_board(today)
    if kind:
        posts = posts.filter(kind=kind)
    return [shown(post, language) for post in posts]


def on_board(post_id: int, language: str) -> Shown | None:
    """One post, if it is on the board (to be reported), as the board shows it."""
    post = _on_board(None).filter(pk=post_id).first()
    return shown(post, language) if post is not None else None


def shown(post: Post, language: str) -> Shown:
    if post.language == language:
        return Shown(post, post.title, post.body, language, True)
    for text in post.texts.all():
        if text.language == language:
            return Shown(post, text.title, text.body, language, True)
    return Shown(post, post.title, post.body, post.language, False)


def saved_once(row: M, key: uuid.UUID | None) -> tuple[M, bool]:
    """Saves a new row of a form anyone may send (the guide's, without a user to key a
    `core.submissions.once` by): its key's uniqueness is the database's to check, so a second
    sending finds what the first made."""
    row.request_key = key  # type: ignore[attr-defined]
    row.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same form sent again: what its first sending made
        return type(row)._default_manager.get(request_key=key), False
    return row, True


def _create(data: dict[str, Any], key: uuid.UUID | None, **fields: Any) -> tuple[Post, bool]:
    return saved_once(Post(**data, **fields), key)


def submit(*, data: dict[str, Any], key: uuid.UUID | None) -> tuple[Post, bool]:
    """A post sent through the guide: it waits for moderation."""
    return _create(data, key, state=State.PENDING)


def post_as_staff(*, user: Any, data: dict[str, Any], key: uuid.UUID | None) -> tuple[Post, bool]:
    """A post of someone of the house (staff or a partner's adviser): on the board at once, since
    the poster is known; readers may still report it."""
    now = timezone.now()
    return _create(
        data, key, state=State.PUBLISHED, posted_by=user, moderated_by=user, moderated_at=now
    )


def queue() -> list[Post]:
    """What waits for a moderator: posts sent through the guide, and posts with open reports."""
    return list(
        Post.objects.annotate(open_reports=_open_reports())
        .filter(Q(state=State.PENDING) | Q(open_reports__gt=0))
        .prefetch_related("texts", "reports")
        .order_by("created", "pk")
    )


def recent(*, today: date | None = None) -> list[Post]:
    today = today or timezone.localdate()
    return list(
        Post.objects.filter(state=State.PUBLISHED, expires_on__gte=today)
        .annotate(open_reports=_open_reports())
        .prefetch_related("texts")
        .order_by("-created", "-pk")
    )


@transaction.atomic
def decide(*, user: Any, post_id: int, version: int, decision: str, reason: str = "") -> Post:
    """Publish, reject or withdraw a post as of the version the moderator saw; a decision
    taken meanwhile by another moderator wins (`EditConflict`). The reports are looked at."""
    post = Post.objects.select_for_update().get(pk=post_id)
    if post.version != version:
        raise EditConflict(post)
    post.state = DECISIONS[decision]
    post.rejection_reason = reason if decision != "publish" else ""
    post.moderated_by, post.moderated_at = user, timezone.now()
    post.version += 1
    post.save()
    post.reports.filter(handled_at__isnull=True).update(handled_at=timezone.now())
    return post


@transaction.atomic
def translate(*, post_id: int, language: str, title: str, body: str) -> PostText:
    """The post's text in another language (replacing an earlier one)."""
    post = Post.objects.select_for_update().get(pk=post_id)
    text, _new = PostText.objects.update_or_create(
        post=post, language=language, defaults={"title": title, "body": body}
    )
    text.full_clean()
    return text


def report(*, post_id: int, reason: str) -> Report:
    found = Report(post_id=post_id, reason=reason)
    found.full_clean()
    found.save()
    return found


# --- Offers of the partners -----------------------------------------------------------------


@dataclass(frozen=True)
class ShownOffer:
    offer: Offer
    title: str
    description: str
    language: str  # the language of the text shown


def offers(language: str, *, kind: str = "") -> list[ShownOffer]:
    """The offers shown, in the language where they have it, else in German."""
    found = Offer.objects.filter(active=True).select_related("agency")
    if kind:
        found = found.filter(kind=kind)
    out = []
    for offer in found:
        own = language in offer.title and language in offer.description
        lang = language if own else "de"
        out.append(ShownOffer(offer, offer.title[lang], offer.description[lang], lang))
    return out


def partners() -> list[PartnerProfile]:
    return list(PartnerProfile.objects.select_related("agency").order_by("agency__name"))
