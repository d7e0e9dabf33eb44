"""The paying desks of the payout tests: two desk officers of the Jobcenter (one enters, the
other releases), the Jobcenter's paying account, and a person with a benefit decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from anlaufstelle.core.roles import Role
from anlaufstelle.payouts import services
from anlaufstelle.payouts.models import PayingAccount
from tests.conftest import _staff
from tests.people.conftest import make_person

MONTH = (date(2026, 12, 1), date(2026, 12, 31))
IBAN = "DE02120300000000202051"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def entering(personas):
    return personas["jobcenter_officer"]


@pytest.fixture
def releasing(agencies):
    return _staff(
        "jc.second", agencies["jobcenter"], [Role.DESK_OFFICER], first="Jonas", last="Zweit"
    )


@pytest.fixture
def account(agencies):
    return PayingAccount.objects.create(
        agency=agencies["jobcenter"],
        name="Jobcenter Musterstadt",
        iban="DE89370400440532013000",
        bic="COBADEFFXXX",
        street="Markt",
        building="1",
        postcode="04109",
        town="Leipzig",
        country="DE",
    )


@pytest.fixture
def payee(agencies):
    return make_person(family_name="Koval", given_names="Olena", birth_date=date(1990, 3, 1))


def decision_for(user, person, amount="563.00"):
    decision, _new = services.add_decision(
        user=user,
        person_id=person.pk,
        data={
            "regime": "sgb2",
            "amount_per_month": Decimal(amount),
            "period_from": date(2026, 12, 1),
            "period_until": date(2027, 5, 31),
        },
    )
    return decision


def transfer_data(amount="563.00", iban=IBAN, holder="Olena Koval", **more):
    return {
        "amount": Decimal(amount),
        "period_from": MONTH[0],
        "period_until": MONTH[1],
        "method": "transfer",
        "account_holder": holder,
        "iban": iban,
        "bic": "",
        "holder_postcode": "04315",
        "holder_town": "Leipzig",
        "holder_country": "DE",
        **more,
    }


def cheque_data(amount="120.00"):
    return {
        "amount": Decimal(amount),
        "period_from": MONTH[0],
        "period_until": MONTH[1],
        "method": "cheque",
    }


def released(entering, releasing, decision, data):
    payout, _new = services.add_payout(user=entering, decision_id=decision.pk, data=data)
    return services.release(user=releasing, payout_id=payout.pk, version=payout.version)
