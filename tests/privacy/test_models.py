"""A consent never covers more than its form; a legal basis never opens sealed data."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from anlaufstelle.privacy.models import Consent, LegalBasis
from tests.consents import consent


def errors_of(row) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    return refused.value.message_dict


def test_health_data_need_their_own_explicit_box(agencies, olena):
    given = consent(olena, categories=["health"])
    assert "explicit_health" in errors_of(given)
    given.explicit_health = True
    given.full_clean()


def test_youth_office_data_are_never_opened_by_a_consent(agencies, olena):
    assert "categories" in errors_of(consent(olena, categories=["youth_office"]))


def test_an_oral_consent_needs_its_protocol_and_a_guardian_their_authority(agencies, olena):
    oral = consent(olena, how=Consent.How.ORAL)
    assert "evidence" in errors_of(oral)
    guardian = consent(olena, given_by=Consent.GivenBy.GUARDIAN, guardian_name="Iryna Koval")
    assert "guardian_authority" in errors_of(guardian)


def test_unknown_codes_are_named(agencies, olena):
    given = consent(olena, categories=["identity", "shoe_size"], purposes=["curiosity"])
    found = errors_of(given)
    assert "shoe_size" in found["categories"][0] and "curiosity" in found["purposes"][0]


def test_a_basis_never_covers_sealed_data(db):
    basis = LegalBasis(
        code="x", title="x", citation="x", from_kinds=["*"], to_kinds=["jobcenter"],
        categories=["identity", "health"], purposes=["casework"],
    )  # fmt: skip
    assert "categories" in errors_of(basis)
    basis.categories = ["identity"]
    basis.to_kinds = ["dragons"]
    assert "to_kinds" in errors_of(basis)
