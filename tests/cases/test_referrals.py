"""Referrals between agencies: asked with what is passed, why and on which basis; answered by
the receiving agency, revoked by the referring one; a referral of the lead moves the case."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from anlaufstelle.audit.models import AuditEntry
from anlaufstelle.cases import services
from anlaufstelle.cases.models import Referral
from anlaufstelle.core.roles import Role
from tests.conftest import _staff
from tests.consents import consent


@pytest.fixture
def referral(personas, case, agencies):
    consent(case.person, agencies["foreigners"], categories=["identity", "residence"])
    made, _new = services.refer(
        user=personas["jobcenter_officer"],
        case_id=case.pk,
        data={
            "to_agency": agencies["foreigners"],
            "categories": ["identity", "residence"],
            "kind": "lead",
            "note": "Zuständigkeit Aufenthalt",
        },
    )
    return made


def move_url(referral: Referral, move: str) -> str:
    return reverse("cases:referral_move", kwargs={"referral_id": referral.pk, "move": move})


def test_the_receiving_agency_sees_the_request_and_accepting_the_lead_moves_the_case(
    client_for, referral, case
):
    foreigners = client_for("foreigners_officer")
    home = foreigners.get(reverse("core:home")).content.decode()
    assert "Referrals waiting for your agency" in home and "Grundsicherung" in home
    page = foreigners.get(move_url(referral, "accept")).content.decode()
    assert "Zuständigkeit Aufenthalt" in page and "the person&#x27;s consent no." in page
    assert foreigners.post(move_url(referral, "accept"), {"reason": ""}).status_code == 302
    referral.refresh_from_db()
    case.refresh_from_db()
    assert referral.status == "accepted" and referral.decided_by.username == "abh.officer"
    assert case.lead.code == "abh"
    entry = AuditEntry.objects.filter(person_ref=case.person_id, action="update").latest("seq")
    assert entry.detail["status"] == "accepted" and entry.detail["referral"] == referral.pk


def test_only_the_receiving_agency_answers_and_the_referring_one_revokes(client_for, referral):
    jobcenter = client_for("jobcenter_officer")
    assert jobcenter.post(move_url(referral, "accept"), {"reason": ""}).status_code == 403
    assert (
        client_for("foreigners_officer")
        .post(move_url(referral, "revoke"), {"reason": "x"})
        .status_code
        == 403
    )
    referral.refresh_from_db()
    assert referral.status == "requested"
    refused = AuditEntry.objects.filter(action="refused").latest("seq")
    assert refused.detail["rule"] == "not_in_case"


def test_a_rejection_needs_its_reason(client_for, referral):
    foreigners = client_for("foreigners_officer")
    response = foreigners.post(move_url(referral, "reject"), {"reason": ""})
    assert "Give the reason." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "requested"
    foreigners.post(move_url(referral, "reject"), {"reason": "nicht zuständig"})
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == ("rejected", "nicht zuständig")
    # Rejected: the foreigners authority takes no part any more.
    case_url = reverse("cases:detail", kwargs={"case_id": referral.case_id})
    assert foreigners.get(case_url).status_code == 403


def test_a_revoked_referral_ends_the_receiving_agencys_part(client_for, referral):
    jobcenter = client_for("jobcenter_officer")
    jobcenter.post(move_url(referral, "revoke"), {"reason": "Fehler"})
    referral.refresh_from_db()
    assert referral.status == "revoked"
    case_url = reverse("cases:detail", kwargs={"case_id": referral.case_id})
    assert client_for("foreigners_officer").get(case_url).status_code == 403
    # Moving it again says so and changes nothing.
    again = jobcenter.post(move_url(referral, "revoke"), {"reason": "noch einmal"}, follow=True)
    assert "Nothing changed: the referral is revoked now." in again.content.decode()


def test_sealed_data_are_never_referred(client_for, case, agencies):
    consent(case.person, agencies["foreigners"], categories=["identity"])
    response = client_for("jobcenter_officer").post(
        reverse("cases:referral_add", kwargs={"case_id": case.pk}),
        {
            "to_agency": agencies["foreigners"].pk,
            "kind": "share",
            "categories": ["identity", "health"],
            "purpose": "casework",
        },
    )
    assert "Health: sealed data of another agency" in response.content.decode()
    assert not Referral.objects.exists()


def test_two_officers_answering_at_once_answer_once(committed_db, personas, case, agencies):
    consent(case.person, agencies["foreigners"], categories=["identity"])
    referral, _new = services.refer(
        user=personas["jobcenter_officer"],
        case_id=case.pk,
        data={"to_agency": agencies["foreigners"], "categories": ["identity"]},
    )
    second = _staff("abh.2", agencies["foreigners"], [Role.DESK_OFFICER])
    outcomes: list[str] = []
    concurrent = connection.vendor != "sqlite"
    start = threading.Barrier(2 if concurrent else 1)

    def answer(user, move: str) -> None:
        try:
            start.wait()
            services.move_referral(user=user, referral_id=referral.pk, move=move, reason="r")
            outcomes.append(move)
        except services.ReferralMoved:
            outcomes.append("moved meanwhile")
        finally:
            if concurrent:
                connection.close()

    users = [(personas["foreigners_officer"], "accept"), (second, "reject")]
    threads = [threading.Thread(target=answer, args=pair) for pair in users]
    for thread in threads:
        thread.start() if concurrent else thread.run()
    for thread in threads:
        if concurrent:
            thread.join()
    assert "moved meanwhile" in outcomes and len(outcomes) == 2
    referral.refresh_from_db()
    assert referral.status in ("accepted", "rejected") and referral.version == 2


def test_the_referral_form_points_to_the_partners_offers(client_for, case):
    page = client_for("jobcenter_officer").get(
        reverse("cases:referral_add", kwargs={"case_id": case.pk})
    )
    assert reverse("network:offers") in page.content.decode()
