"""The staff-written pages: reading them in a language (the German with a note where the
translation is missing or outdated), and writing them. Writing is for coordinators and
administrators; edits start from a version and are refused if someone saved meanwhile."""

from __future__ import annotations

import difflib
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from anlaufstelle.core import submissions
from anlaufstelle.guide.models import SOURCE_LANGUAGE, GuidePage, GuidePageTranslation, Status
from anlaufstelle.people.services.base import EditConflict


@dataclass(frozen=True)
class Reading:
    """A page as a visitor reads it in ``language``: the translation if it is up to date, else
    the German (``shown_language`` says which) with ``status`` saying why."""

    page: GuidePage
    title: str
    body: str
    shown_language: str
    status: Status


def all_pages() -> QuerySet[GuidePage]:
    return GuidePage.objects.prefetch_related("translations")


def reading(page: GuidePage, language: str) -> Reading:
    status = page.status(language)
    found = page.translation(language)
    if status == Status.CURRENT and found is not None:
        return Reading(page, found.title, found.body, language, status)
    return Reading(page, page.title, page.body, SOURCE_LANGUAGE, status)


def listing(language: str) -> list[Reading]:
    """The pages in their order, each as read in ``language``."""
    return [reading(p, language) for p in all_pages()]


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


# --- Writing ------------------------------------------------------------------------------------


@transaction.atomic
def create_page(*, user: Any, key: uuid.UUID | None, data: dict[str, Any]) -> GuidePage:
    """A new page in German; sent twice with the same form key it is made once."""

    def make() -> GuidePage:
        page = GuidePage(**data)
        page.full_clean()
        page.save()
        return page

    page, _created = submissions.created_once(user, key, make)
    return page


@transaction.atomic
def edit_page(*, page_id: int, data: dict[str, Any], expected_version: int) -> GuidePage:
    """Change the German; a changed title or text makes a new version, which marks every
    translation made from an older one outdated."""
    page = GuidePage.objects.select_for_update().get(pk=page_id)
    if page.version != expected_version:
        raise EditConflict(page)
    changed = data["title"] != page.title or data["body"] != page.body
    for name, value in data.items():
        setattr(page, name, value)
    if changed:
        page.version += 1
    page.full_clean()
    page.save()
    return page


@transaction.atomic
def save_translation(
    *, page: GuidePage, language: str, title: str, body: str, expected_version: int
) -> GuidePageTranslation:
    """Write the translation as made from the German as it is now (``expected_version`` 0 for
    a new one)."""
    if language == SOURCE_LANGUAGE:
        raise ValueError("German is the source text, not a translation")
    found = (
        GuidePageTranslation.objects.select_for_update()
        .filter(page=page, language=language)
        .first()
    )
    current = found.version if found else 0
    if current != expected_version:
        raise EditConflict(found or page)
    row = found or GuidePageTranslation(page=page, language=language, version=0)
    row.title, row.body = title, body
    source = GuidePage.objects.get(pk=page.pk)
    row.source_version = source.version
    row.source_title, row.source_body = source.title, source.body
    row.version += 1
    row.full_clean()
    row.save()
    return row


@dataclass(frozen=True)
class Change:
    """A run of words of the German text: kept, removed or added since the translation."""

    kind: str  # "same", "removed", "added"
    text: str


def changes(before: str, now: str) -> list[Change]:
    """What changed in a German text, word by word (line breaks kept as words, so that a
    changed paragraph shows where it is)."""
    old, new = re.findall(r"\S+|\n", before), re.findall(r"\S+|\n", now)
    out: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Change("same", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            out.append(Change("removed", " ".join(old[a1:a2])))
        if b2 > b1:
            out.append(Change("added", " ".join(new[b1:b2])))
    return out


def german_changes(page: GuidePage, translation: GuidePageTranslation | None) -> list[Change]:
    """The German changes since an outdated translation was made; none when it is up to date
    or was made before the German was kept with it."""
    if translation is None or translation.source_version >= page.version:
        return []
    if not translation.source_body:
        return []
    return changes(
        f"{translation.source_title}\n\n{translation.source_body}", f"{page.title}\n\n{page.body}"
    )
