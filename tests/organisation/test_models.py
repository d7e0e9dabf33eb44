"""Validation of organisation models."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from anlaufstelle.organisation.models import Agency, Service, Site, StaffMember


@pytest.mark.parametrize("key", ["9901000300000", "990100030000001", "99O10003000000", ""])
def test_a_leika_key_has_exactly_14_digits(services, key):
    service = services["residence"]
    service.leika_key = key
    with pytest.raises(ValidationError) as exc:
        service.full_clean()
    assert "leika_key" in exc.value.error_dict


def test_a_valid_leika_key_passes(services):
    services["residence"].full_clean()


def test_a_site_cannot_close_before_it_opens(db):
    site = Site(
        name="Pop-up", is_popup=True, open_from=date(2022, 3, 10), open_until=date(2022, 3, 1)
    )
    with pytest.raises(ValidationError) as exc:
        site.full_clean()
    assert "open_until" in exc.value.error_dict
    site.open_until = date(2022, 6, 30)
    site.full_clean()


def test_service_names_need_german(agencies):
    service = Service(
        code="x",
        leika_key="99000000000000",
        agency=agencies["city"],
        names={"en": "X"},
        typical_minutes=1,
    )
    with pytest.raises(ValidationError) as exc:
        service.full_clean()
    assert "names" in exc.value.error_dict


def test_legal_basis_needs_german(agencies):
    agency = agencies["city"]
    agency.legal_basis = {"en": "Art. 6 GDPR"}
    with pytest.raises(ValidationError) as exc:
        agency.full_clean()
    assert "legal_basis" in exc.value.error_dict


def test_staff_roles_must_be_known(personas):
    member: StaffMember = personas["coordinator"].staff_member
    member.roles = ["pope"]
    with pytest.raises(ValidationError):
        member.full_clean()
    member.roles = []
    with pytest.raises(ValidationError):
        member.full_clean()


def test_agency_kind_choices_cover_the_story():
    assert {"foreigners_authority", "jobcenter", "bank", "guides"} <= set(Agency.Kind.values)
