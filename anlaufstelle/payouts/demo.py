"""The demo's benefit payouts: the paying accounts of the social office and the Jobcenter, a
decision for a dozen demo people, and payouts in every state a desk meets on a morning —
waiting for release (entered by `jobcenter.2` or `sozialamt.2`, so that `jobcenter` and
`sozialamt` can release them), released transfers for the next file, released cheque payouts,
and cheques issued and handed over today."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from schwifty import IBAN

from anlaufstelle.organisation.models import Agency
from anlaufstelle.payouts.models import (
    BenefitDecision,
    Cheque,
    ChequeCounter,
    PayingAccount,
    Payout,
)
from anlaufstelle.people.models import Person

# agency code, regime, amount per month, paying account (name, IBAN, BIC)
PAYERS = [
    ("jobcenter", "sgb2", "563.00", ("Jobcenter Leipzig", "DE89370400440532013000", "COBADEFFXXX")),
    ("sozialamt", "asylblg", "460.00",
     ("Stadt Leipzig Sozialamt", "DE42860555921000000001", "WELADE8LXXX")),
]  # fmt: skip


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def load(*, agencies: dict[str, Agency], today: date) -> int:
    users = get_user_model().objects.in_bulk(
        ["jobcenter", "jobcenter.2", "sozialamt", "sozialamt.2"], field_name="username"
    )
    people = list(Person.objects.filter(merged_into=None).order_by("pk")[:12])
    first = today.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    counter = ChequeCounter.objects.get_or_create(pk=1)[0]
    made = 0
    for n, (code, regime, amount, (name, iban, bic)) in enumerate(PAYERS):
        agency = agencies[code]
        entering, releasing = users[f"{code}.2"], users[code]
        _saved(
            PayingAccount(
                agency=agency, name=name, iban=iban, bic=bic, street="Martin-Luther-Ring",
                building="4-6", postcode="04109", town="Leipzig", country="DE",
            )
        )  # fmt: skip
        for i, person in enumerate(people[n * 6 : n * 6 + 6]):
            decision = _saved(
                BenefitDecision(
                    person=person, agency=agency, regime=regime,
                    amount_per_month=Decimal(amount), period_from=first,
                    period_until=first.replace(year=first.year + 1) - timedelta(days=1),
                    reference=f"{code.upper()}-{2026 + n}-{person.pk:05d}", decided_by=releasing,
                )
            )  # fmt: skip
            method = "cheque" if i % 3 == 2 else "transfer"
            account = {}
            if method == "transfer":
                account = {
                    "account_holder": f"{person.given_names} {person.family_name}"[:70],
                    "iban": str(IBAN.generate("DE", bank_code="86055592",
                                              account_code=str(1_000_000_000 + person.pk))),
                    "holder_postcode": "04315",
                    "holder_town": "Leipzig",
                    "holder_country": "DE",
                }  # fmt: skip
            waiting = i % 3 == 0
            payout = _saved(
                Payout(
                    decision=decision, amount=Decimal(amount), period_from=first,
                    period_until=last, method=method, created_by=entering,
                    status="draft" if waiting else "released",
                    released_by=None if waiting else releasing,
                    released_at=None if waiting else timezone.now(), **account,
                )
            )  # fmt: skip
            made += 1
            if method == "cheque":
                counter.last += 1
                counter.save(update_fields=["last"])
                handed = i == 2
                _saved(
                    Cheque(
                        number=counter.last, payout=payout, amount=payout.amount,
                        issued_by=releasing, status="handed_over" if handed else "issued",
                        handed_over_by=releasing if handed else None,
                        handed_over_at=timezone.now() if handed else None,
                        confirmation="Unterschrift auf der Tagesliste" if handed else "",
                    )
                )  # fmt: skip
                if handed:
                    Payout.objects.filter(pk=payout.pk).update(status="exported")
    return made
