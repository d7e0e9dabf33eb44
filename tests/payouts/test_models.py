"""Every field of a person's payout data has a data category and a translated name."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.functional import Promise

from anlaufstelle.core.categories import TECHNICAL_FIELDS, Category
from anlaufstelle.payouts.models import BOOKKEEPING, BenefitDecision, Cheque, PayingAccount, Payout


def test_every_field_of_a_persons_payout_data_has_a_category():
    for model in (BenefitDecision, Payout, Cheque):
        declared = model.FIELD_CATEGORIES
        fields = {f.name for f in model._meta.concrete_fields} - TECHNICAL_FIELDS - BOOKKEEPING
        assert fields == set(declared), model.__name__
        assert set(declared.values()) == {Category.BENEFITS}, model.__name__


def test_every_field_has_a_translated_verbose_name():
    for model in apps.get_app_config("payouts").get_models():
        for f in model._meta.concrete_fields:
            if f.name != "id":
                # Django fills in the bare field name (a str) where none is given.
                assert isinstance(f.verbose_name, Promise), (model.__name__, f.name)


def test_a_paying_account_with_a_bad_iban_is_refused(agencies):
    account = PayingAccount(
        agency=agencies["jobcenter"], name="Jobcenter", iban="DE89370400440532013001",
        bic="COBADEFFXXX", town="Leipzig", country="DE",
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        account.full_clean()
    assert set(refused.value.message_dict) == {"iban"}
    account.iban = "de89 3704 0044 0532 0130 00"
    account.full_clean()
    assert account.iban == "DE89370400440532013000"
