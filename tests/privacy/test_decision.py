"""The access decision as a table of cases: each legal basis, each state of a consent, sealed
data and releases. Pure: no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from anlaufstelle.privacy import decision as d

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
RECEPTION = ("lotsen", "guides")
JOBCENTER = ("jobcenter", "jobcenter")
SOCIAL = ("sozialamt", "social_office")
YOUTH = ("jugendamt", "youth_office")


def viewer(agency: tuple[str, str] | None, *roles: str, user_id: int = 7) -> d.Viewer:
    return d.Viewer(
        user_id=user_id,
        agency=agency[0] if agency else None,
        agency_kind=agency[1] if agency else None,
        roles=frozenset(roles or ("desk_officer",)),
    )


IDENTITY = d.Basis(
    code="centre-identity",
    citation="Art. 26 DSGVO",
    from_kinds=frozenset({d.ANY}),
    to_kinds=frozenset({"jobcenter", "social_office", "foreigners_authority"}),
    categories=frozenset({"identity"}),
    purposes=frozenset({"casework"}),
)
SGB_X_69 = d.Basis(
    code="sgb-x-69",
    citation="§ 69 Abs. 1 Nr. 1 SGB X",
    from_kinds=frozenset({"social_office", "jobcenter"}),
    to_kinds=frozenset({"social_office", "jobcenter"}),
    categories=frozenset({"identity", "benefits", "residence"}),
    purposes=frozenset({"casework"}),
)
ON_REQUEST = d.Basis(
    code="aufenthg-87-1",
    citation="§ 87 Abs. 1 AufenthG",
    from_kinds=frozenset({"social_office"}),
    to_kinds=frozenset({"foreigners_authority"}),
    categories=frozenset({"benefits"}),
    purposes=frozenset({"casework"}),
    on_request=True,
)


def grant(**changes: object) -> d.Grant:
    values: dict[str, object] = {
        "id": 3,
        "categories": frozenset({"residence"}),
        "recipients": frozenset({"jobcenter"}),
        "purposes": frozenset({"casework"}),
        "valid_from": NOW - timedelta(days=1),
    }
    values.update(changes)
    return d.Grant(**values)  # type: ignore[arg-type]


def one(
    who: d.Viewer,
    category: str,
    holder: tuple[str | None, str | None],
    purpose: str = "casework",
    **inputs: object,
) -> d.Answer:
    decided = d.decide(who, {category: holder}, purpose, NOW, **inputs)  # type: ignore[arg-type]
    return decided.answer(category)


def test_an_agency_reads_what_it_holds_itself_for_its_own_task():
    answer = one(viewer(RECEPTION, "reception"), "contact", RECEPTION, "registration")
    assert (answer.allowed, answer.basis, answer.transfer) == (True, "own", False)


def test_nothing_configured_means_refused():
    answer = one(viewer(JOBCENTER), "contact", RECEPTION)
    assert (answer.allowed, answer.reason) == (False, d.NO_BASIS)


def test_staff_without_an_agency_see_nothing_not_even_their_own_kind():
    answer = one(viewer(None), "identity", RECEPTION, bases=[IDENTITY])
    assert (answer.allowed, answer.reason) == (False, d.NO_AGENCY)


def test_a_basis_opens_exactly_its_categories_kinds_and_purposes():
    jobcenter = viewer(JOBCENTER)
    allowed = one(jobcenter, "benefits", SOCIAL, bases=[SGB_X_69])
    assert (allowed.allowed, allowed.basis, allowed.citation, allowed.transfer) == (
        True,
        "sgb-x-69",
        "§ 69 Abs. 1 Nr. 1 SGB X",
        True,
    )
    # Another category, another holder, another reader, another purpose: each refused.
    assert not one(jobcenter, "contact", SOCIAL, bases=[SGB_X_69]).allowed
    assert not one(jobcenter, "benefits", RECEPTION, bases=[SGB_X_69]).allowed
    bank = viewer(("sparkasse", "bank"))
    assert not one(bank, "benefits", SOCIAL, bases=[SGB_X_69]).allowed
    assert not one(
        jobcenter, "benefits", SOCIAL, "data_protection_review", bases=[SGB_X_69]
    ).allowed


def test_a_basis_for_any_holder_also_covers_data_whose_holder_is_unknown():
    assert one(viewer(JOBCENTER), "identity", (None, None), bases=[IDENTITY]).allowed
    assert not one(viewer(JOBCENTER), "benefits", (None, None), bases=[SGB_X_69]).allowed


def test_a_basis_applies_only_while_in_force():
    old = d.Basis(**{**SGB_X_69.__dict__, "valid_until": date(2026, 12, 3)})
    later = d.Basis(**{**SGB_X_69.__dict__, "valid_from": date(2026, 12, 5)})
    assert not one(viewer(JOBCENTER), "benefits", SOCIAL, bases=[old, later]).allowed
    today = d.Basis(**{**SGB_X_69.__dict__, "valid_from": date(2026, 12, 4)})
    assert one(viewer(JOBCENTER), "benefits", SOCIAL, bases=[today]).allowed


def test_a_basis_on_request_needs_the_written_request_on_record():
    authority = viewer(("abh", "foreigners_authority"))
    refused = one(authority, "benefits", SOCIAL, bases=[ON_REQUEST])
    assert (refused.allowed, refused.reason) == (False, d.REQUEST_MISSING)
    allowed = one(authority, "benefits", SOCIAL, bases=[ON_REQUEST], requests=["aufenthg-87-1"])
    assert (allowed.allowed, allowed.basis) == (True, "aufenthg-87-1")


def test_a_consent_opens_what_it_names_for_whom_it_names():
    answer = one(viewer(JOBCENTER), "residence", RECEPTION, grants=[grant()])
    assert (answer.allowed, answer.basis, answer.transfer) == (True, "consent:3", True)
    social = viewer(SOCIAL)
    assert one(social, "residence", RECEPTION, grants=[grant()]).reason == d.NO_BASIS


def test_a_consent_naming_a_person_opens_to_that_person_and_not_their_colleagues():
    named = grant(recipients=frozenset(), persons=frozenset({7}))
    answer = one(viewer(SOCIAL, user_id=7), "residence", RECEPTION, grants=[named])
    assert (answer.allowed, answer.basis, answer.transfer) == (True, "consent:3", True)
    colleague = one(viewer(SOCIAL, user_id=8), "residence", RECEPTION, grants=[named])
    assert (colleague.allowed, colleague.reason) == (False, d.NO_BASIS)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"withdrawn_at": NOW - timedelta(minutes=1)}, d.CONSENT_WITHDRAWN),
        ({"valid_until": NOW}, d.CONSENT_EXPIRED),
        ({"valid_from": NOW + timedelta(hours=1)}, d.CONSENT_NOT_YET),
        ({"categories": frozenset({"contact"})}, d.CONSENT_NARROWER),
        ({"purposes": frozenset({"registration"})}, d.CONSENT_NARROWER),
    ],
)
def test_a_consent_that_does_not_hold_refuses_and_says_why(changes, reason):
    answer = one(viewer(JOBCENTER), "residence", RECEPTION, grants=[grant(**changes)])
    assert (answer.allowed, answer.reason) == (False, reason)


def test_a_withdrawal_planned_for_later_still_lets_the_read_through_until_then():
    answer = one(
        viewer(JOBCENTER), "residence", RECEPTION, grants=[grant(withdrawn_at=NOW + timedelta(1))]
    )
    assert answer.allowed


def test_a_new_consent_after_a_withdrawn_one_holds():
    old = grant(id=1, withdrawn_at=NOW - timedelta(hours=2), valid_from=NOW - timedelta(days=9))
    answer = one(viewer(JOBCENTER), "residence", RECEPTION, grants=[old, grant(id=2)])
    assert (answer.allowed, answer.basis) == (True, "consent:2")


def test_sealed_data_stay_with_the_caseworkers_of_the_agency_that_holds_them():
    caseworker = one(viewer(YOUTH), "youth_office", YOUTH)
    assert (caseworker.allowed, caseworker.basis) == (True, "own")
    # Its reception, another agency with a basis and a consent, the review: all refused.
    assert one(viewer(YOUTH, "reception"), "youth_office", YOUTH).reason == d.SEALED_DATA
    everything = d.Basis(**{**IDENTITY.__dict__, "categories": frozenset({"health"})})
    consent = grant(categories=frozenset({"health"}))
    refused = one(viewer(JOBCENTER), "health", YOUTH, bases=[everything], grants=[consent])
    assert (refused.allowed, refused.reason) == (False, d.SEALED_DATA)


def test_a_partners_adviser_sees_its_own_organisations_sealed_notes_and_no_one_elses():
    counselling = ("mbe", "partner")
    own = one(viewer(counselling, "partner"), "health", counselling)
    assert (own.allowed, own.basis) == (True, "own")
    # The youth office's sealed note stays there, even with a consent naming the partner.
    consent = grant(categories=frozenset({"youth_office"}), recipients=frozenset({"mbe"}))
    theirs = one(viewer(counselling, "partner"), "youth_office", YOUTH, grants=[consent])
    assert (theirs.allowed, theirs.reason) == (False, d.SEALED_DATA)
    # Identity held by reception: no basis of the house reaches a partner, only a consent.
    reception = ("lotsen", "guides")
    assert one(viewer(counselling, "partner"), "identity", reception, bases=[IDENTITY]).reason == (
        d.NO_BASIS
    )
    named = grant(categories=frozenset({"identity"}), recipients=frozenset({"mbe"}))
    allowed = one(viewer(counselling, "partner"), "identity", reception, grants=[named])
    assert allowed.allowed and allowed.basis == f"consent:{named.id}"


def test_a_release_opens_sealed_data_to_the_named_user_for_its_time_only():
    release = d.Release(
        id=5,
        category="youth_office",
        user_id=7,
        granted_at=NOW - timedelta(hours=1),
        until=NOW + timedelta(hours=1),
    )
    opened = one(viewer(JOBCENTER, user_id=7), "youth_office", YOUTH, releases=[release])
    assert (opened.allowed, opened.basis, opened.transfer) == (True, "release:5", True)
    assert not one(viewer(JOBCENTER, user_id=8), "youth_office", YOUTH, releases=[release]).allowed
    assert not one(viewer(JOBCENTER, user_id=7), "health", YOUTH, releases=[release]).allowed
    ended = d.Release(**{**release.__dict__, "until": NOW})
    revoked = d.Release(**{**release.__dict__, "revoked_at": NOW - timedelta(minutes=1)})
    for gone in (ended, revoked):
        assert not one(viewer(JOBCENTER, user_id=7), "youth_office", YOUTH, releases=[gone]).allowed


def test_the_decision_names_each_category_and_what_the_audit_trail_keeps():
    decided = d.decide(
        viewer(JOBCENTER),
        {"identity": RECEPTION, "contact": RECEPTION, "residence": RECEPTION},
        "casework",
        NOW,
        bases=[IDENTITY],
        grants=[grant()],
    )
    assert decided.allowed == {"identity", "residence"}
    assert decided.refused == {"contact"}
    assert decided.record() == {
        "contact": {"refused": d.CONSENT_NARROWER},
        "identity": {"basis": "centre-identity", "citation": "Art. 26 DSGVO", "transfer": True},
        "residence": {"basis": "consent:3", "citation": "", "transfer": True},
    }
