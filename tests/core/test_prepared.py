"""A query compiled once gives what the queryset gives, for every value in its place."""

from __future__ import annotations

import pytest
from django.db.models import Q

from anlaufstelle.core.prepared import Prepared
from anlaufstelle.organisation.models import Agency

pytestmark = pytest.mark.django_db


def _agencies(code: str, kind: str):
    return (
        Agency.objects.filter(Q(code=code) | Q(kind=kind), name__startswith="Prepared")
        .order_by("code")
        .values_list("code", "name")
    )


def test_a_prepared_query_answers_as_its_queryset_for_other_values():
    for n, kind in enumerate(["municipal", "federal", "municipal"]):
        Agency.objects.create(
            code=f"prep-{n}", name=f"Prepared {n}", kind=kind, controller_name="Test"
        )
    prepared = Prepared(_agencies, "\x00code", "\x00kind")
    for code, kind in [("prep-1", "none"), ("none", "municipal"), ("prep-0", "federal")]:
        assert prepared.rows(code, kind) == list(_agencies(code, kind))
    assert prepared.rows("prep-1", "none") == [("prep-1", "Prepared 1")]
    assert prepared.rows("nobody", "none") == []


def test_a_stand_in_the_query_does_not_hold_is_refused():
    prepared = Prepared(lambda code: Agency.objects.filter(code="fixed").values_list("pk"), "x")
    with pytest.raises(ValueError, match="stand-in"):
        prepared.rows("x")
