"""The duplicate report over the whole registry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from anlaufstelle.audit.models import Action
from anlaufstelle.core.categories import Category
from anlaufstelle.core.purposes import Purpose
from anlaufstelle.people import namesearch
from anlaufstelle.people.services.base import audit, checked_purpose


@transaction.atomic
def duplicate_report(
    *, user: Any, after: str = "", max_blocks: int | None = None
) -> namesearch.Report:
    """One page of the duplicate report: the probable duplicate pairs among the people who
    share a key, for a block of keys after `after`. For data-protection review only."""
    checked = checked_purpose(user, Purpose.REVIEW, write=False)
    report = namesearch.duplicate_pairs(after=after, max_blocks=max_blocks)
    audit(
        user=user,
        action=Action.SEARCH,
        purpose=checked,
        person_id=None,
        categories=[Category.IDENTITY],
        detail={
            "report": "duplicates",
            "blocks": report.blocks,
            "pairs_considered": report.considered,
            "pairs_checked": report.checked,
            "results": len(report.pairs),
            # Whose names the page showed, so that an access request finds this review too.
            "shown": sorted(
                {pk for pair in report.pairs for pk in (pair.first.pk, pair.second.pk)}
            ),
        },
    )
    return report


def full_duplicate_report(*, max_blocks: int | None = None) -> namesearch.Report:
    """The whole report in one go, for the operator's command (recorded as the system).

    Not one transaction: at a million people the walk takes a while, and a transaction that
    long would hold back the database's clean-up of old rows. Each page reads on its own."""
    pairs: dict[tuple[int, int], namesearch.Pair] = {}
    checked = blocks = considered = 0
    for page in namesearch.all_duplicate_pairs(max_blocks=max_blocks):
        checked += page.checked
        blocks += page.blocks
        considered += page.considered
        for pair in page.pairs:
            pairs.setdefault((pair.first.pk, pair.second.pk), pair)
    ordered = sorted(pairs.values(), key=lambda p: (-p.match.score, p.first.pk, p.second.pk))
    audit(
        user=None,
        action=Action.SEARCH,
        purpose=Purpose.REVIEW,
        person_id=None,
        categories=[Category.IDENTITY],
        detail={
            "report": "duplicates",
            "blocks": blocks,
            "pairs_considered": considered,
            "pairs_checked": checked,
            "results": len(ordered),
            # The command prints the names of every pair, so they are recorded as shown too.
            "shown": sorted({pk for pair in ordered for pk in (pair.first.pk, pair.second.pk)}),
        },
    )
    return namesearch.Report(
        pairs=ordered, checked=checked, blocks=blocks, next_after=None, considered=considered
    )
