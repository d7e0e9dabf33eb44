"""validate_prerequisites: no service may wait for itself, directly or round a cycle."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from anlaufstelle.organisation.models import Service, document_label
from anlaufstelle.organisation.services import validate_prerequisites
from anlaufstelle.people.models import Document


@pytest.fixture
def chain(services, agencies):
    """registration ← residence ← benefits ← payout (each needs the one before)."""
    benefits = Service.objects.create(
        code="benefits",
        leika_key="99008001000000",
        agency=agencies["city"],
        names={"de": "Leistungen", "en": "Benefits"},
        typical_minutes=8,
    )
    benefits.prerequisites.add(services["residence"])
    payout = Service.objects.create(
        code="payout",
        leika_key="99008002000000",
        agency=agencies["city"],
        names={"de": "Auszahlung", "en": "Payout"},
        typical_minutes=2,
    )
    payout.prerequisites.add(benefits)
    return {**services, "benefits": benefits, "payout": payout}


def test_acyclic_prerequisites_pass(chain):
    validate_prerequisites(chain["payout"], [chain["benefits"], chain["registration"]])
    validate_prerequisites(chain["registration"], [])


def test_a_service_cannot_require_itself(chain):
    with pytest.raises(ValidationError) as exc:
        validate_prerequisites(chain["benefits"], [chain["benefits"]])
    assert exc.value.code == "self_prerequisite"


def test_a_direct_cycle_is_refused(chain):
    with pytest.raises(ValidationError) as exc:
        validate_prerequisites(chain["benefits"], [chain["payout"]])
    assert exc.value.code == "prerequisite_cycle"
    assert "Leistungen → Auszahlung → Leistungen" in exc.value.messages[0]


def test_a_long_cycle_is_refused(chain):
    with pytest.raises(ValidationError, match="Anmeldung → Auszahlung"):
        validate_prerequisites(chain["registration"], [chain["payout"]])


def test_the_proposed_edges_replace_the_stored_ones(chain):
    # benefits no longer needing residence: residence may now need benefits.
    validate_prerequisites(chain["benefits"], [])
    chain["benefits"].prerequisites.clear()
    validate_prerequisites(chain["residence"], [chain["benefits"]])


def test_a_new_service_cannot_close_a_cycle(chain):
    new = Service(code="new", agency=chain["payout"].agency, names={"de": "Neu"})
    validate_prerequisites(new, [chain["payout"]])


def test_document_labels():
    assert document_label("passport") == str(Document.Kind.PASSPORT.label)
    assert "Meldebescheinigung" in document_label("registration_certificate")
    assert document_label("something else") == "something else"
