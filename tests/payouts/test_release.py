"""Decisions and payouts entered at a paying desk, released by a second person (four eyes)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from anlaufstelle.audit.models import Action
from anlaufstelle.payouts import services
from anlaufstelle.payouts.models import BenefitDecision, Payout
from tests.payouts.conftest import cheque_data, decision_for, released, transfer_data
from tests.trail import person_trail


def test_a_payout_entered_waits_for_release_and_is_recorded(entering, payee):
    decision = decision_for(entering, payee)
    payout, new = services.add_payout(
        user=entering,
        decision_id=decision.pk,
        data=transfer_data(iban="de02 1203 0000 0000 2020 51"),
    )
    assert new and payout.status == Payout.Status.DRAFT
    assert payout.iban == "DE02120300000000202051"  # stored compact
    entry = person_trail().filter(action=Action.CREATE, person_ref=payee.pk).last()
    assert entry.categories == ["benefits"] and entry.detail["payout"] == payout.pk


def test_the_creator_cannot_release_and_the_refusal_is_recorded(entering, payee):
    decision = decision_for(entering, payee)
    payout, _new = services.add_payout(user=entering, decision_id=decision.pk, data=cheque_data())
    with pytest.raises(services.NotPossible) as refused:
        services.release(user=entering, payout_id=payout.pk, version=payout.version)
    assert "a second person must release it" in str(refused.value.message)
    payout.refresh_from_db()
    assert payout.status == Payout.Status.DRAFT and payout.released_by is None
    entry = person_trail().filter(action=Action.REFUSED).last()
    assert entry.detail == {"payouts": "release", "rule": "four eyes"}
    assert entry.person_ref == payee.pk


def test_the_database_refuses_a_release_by_the_creator(entering, payee):
    """Behind the service's check: the constraint, for any path that skips it."""
    decision = decision_for(entering, payee)
    payout, _new = services.add_payout(user=entering, decision_id=decision.pk, data=cheque_data())
    with pytest.raises(IntegrityError), transaction.atomic():
        Payout.objects.filter(pk=payout.pk).update(released_by=entering)


def test_a_second_desk_of_the_same_kind_releases(entering, releasing, payee):
    decision = decision_for(entering, payee)
    payout = released(entering, releasing, decision, transfer_data())
    assert payout.status == Payout.Status.RELEASED
    assert payout.released_by == releasing and payout.version == 2
    entry = person_trail().filter(action=Action.UPDATE, person_ref=payee.pk).last()
    assert entry.username == "jc.second" and entry.detail["status"] == "released"


def test_a_release_at_an_old_version_changes_nothing(entering, releasing, payee):
    decision = decision_for(entering, payee)
    payout, _new = services.add_payout(user=entering, decision_id=decision.pk, data=cheque_data())
    with pytest.raises(services.NotPossible):
        services.release(user=releasing, payout_id=payout.pk, version=payout.version + 1)
    payout.refresh_from_db()
    assert payout.status == Payout.Status.DRAFT


def test_a_released_payout_is_not_released_again(entering, releasing, payee):
    decision = decision_for(entering, payee)
    payout = released(entering, releasing, decision, cheque_data())
    with pytest.raises(services.NotPossible):
        services.release(user=releasing, payout_id=payout.pk, version=payout.version)


def test_another_kind_of_agency_cannot_release(entering, payee, personas):
    decision = decision_for(entering, payee)
    payout, _new = services.add_payout(user=entering, decision_id=decision.pk, data=cheque_data())
    with pytest.raises(PermissionDenied):
        services.release(
            user=personas["foreigners_officer"], payout_id=payout.pk, version=payout.version
        )
    payout.refresh_from_db()
    assert payout.status == Payout.Status.DRAFT
    assert person_trail().filter(action=Action.REFUSED, username="abh.officer").exists()


@pytest.mark.parametrize(
    "iban, field, message",
    [
        ("DE02120300000000202052", "iban", "the IBAN is not valid"),
        ("UA213223130000026007233566001", "iban", "the IBAN is of a country outside the SEPA area"),
    ],
)
def test_a_bad_account_is_refused_at_entry_and_nothing_is_written(
    entering, payee, iban, field, message
):
    decision = decision_for(entering, payee)
    before = person_trail().count()
    with pytest.raises(ValidationError) as refused:
        services.add_payout(user=entering, decision_id=decision.pk, data=transfer_data(iban=iban))
    assert refused.value.message_dict[field] == [message]
    assert not Payout.objects.exists()
    assert person_trail().count() == before


def test_a_transfer_without_a_holder_or_town_is_refused(entering, payee):
    decision = decision_for(entering, payee)
    with pytest.raises(ValidationError) as refused:
        services.add_payout(
            user=entering,
            decision_id=decision.pk,
            data=transfer_data(holder="", holder_town=""),
        )
    assert set(refused.value.message_dict) >= {"account_holder", "holder_town"}
    assert not Payout.objects.exists()


def test_a_payout_outside_the_decisions_period_is_refused(entering, payee):
    decision = decision_for(entering, payee)
    data = {**cheque_data(), "period_from": date(2027, 6, 1), "period_until": date(2027, 6, 30)}
    with pytest.raises(ValidationError):
        services.add_payout(user=entering, decision_id=decision.pk, data=data)
    assert not Payout.objects.exists()


def test_the_regime_must_be_the_agencys(entering, payee):
    with pytest.raises(ValidationError) as refused:
        services.add_decision(
            user=entering,
            person_id=payee.pk,
            data={
                "regime": "asylblg",
                "amount_per_month": Decimal("460"),
                "period_from": date(2026, 12, 1),
                "period_until": date(2027, 5, 31),
            },
        )
    assert "regime" in refused.value.message_dict
    assert not BenefitDecision.objects.exists()


def test_a_cancelled_payout_leaves_the_queue(entering, releasing, payee):
    decision = decision_for(entering, payee)
    payout, _new = services.add_payout(user=entering, decision_id=decision.pk, data=cheque_data())
    assert [p.pk for p in services.release_queue(user=releasing).rows] == [payout.pk]
    services.cancel(user=entering, payout_id=payout.pk, version=payout.version)
    assert services.release_queue(user=releasing).rows == []
    payout.refresh_from_db()
    assert payout.status == Payout.Status.CANCELLED


def test_the_persons_page_reads_as_decided_and_recorded(entering, payee):
    decision = decision_for(entering, payee)
    page = services.person_payouts(user=entering, person_id=payee.pk)
    assert page.decisions == [decision] and page.withheld == 0
    reads = person_trail().filter(action=Action.READ, person_ref=payee.pk)
    entry = next(e for e in reads if e.detail.get("payouts") == "person")
    assert entry.purpose == "casework" and entry.detail["decisions"] == [decision.pk]
    assert entry.categories == ["benefits", "identity"]


def test_another_jobcenters_payout_is_listed_only_where_its_data_may_be_seen(entering, agencies):
    from anlaufstelle.core.roles import Role
    from anlaufstelle.organisation.models import Agency
    from anlaufstelle.privacy.models import LegalBasis
    from tests.conftest import _staff
    from tests.people.conftest import make_person

    county = Agency.objects.create(
        code="jc-kreis", name="Jobcenter Landkreis", kind="jobcenter", controller_name="Kreis"
    )
    theirs = _staff("jc.kreis", county, [Role.DESK_OFFICER])
    # Registered by the county, with no consent: only a basis can open it to the Jobcenter.
    payee = make_person(family_name="Koval", given_names="Olena", consented=False)
    payee.registered_by = county
    payee.save()
    decision = decision_for(theirs, payee)
    services.add_payout(user=theirs, decision_id=decision.pk, data=cheque_data())
    # Between social-law bodies the configured basis lets the Jobcenter see it …
    assert len(services.release_queue(user=entering).rows) == 1
    # … without that basis, the county's benefit data stay the county's: withheld, counted.
    LegalBasis.objects.filter(code="sgb-x-69-1-1").delete()
    queue = services.release_queue(user=entering)
    assert queue.rows == [] and queue.withheld == 1
