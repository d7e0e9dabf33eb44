import pytest
from django.urls import reverse

from anlaufstelle.audit.services import Actor, record


@pytest.mark.django_db
def test_data_protection_officer_sees_and_filters_the_log(client_for):
    actor = Actor(1, "rezeption", "Lotsendienst", "reception")
    record(
        actor=actor, action="read", purpose="registration", person_id=41, categories=["identity"]
    )
    record(actor=actor, action="update", purpose="casework", person_id=42, categories=["contact"])
    client = client_for("data_protection")
    response = client.get(reverse("audit:log"))
    assert response.status_code == 200
    # Purposes and categories read as words in the officer's language, not as codes.
    body = response.content.decode()
    assert "Erfassung am Empfang" in body and "Sachbearbeitung am Schalter" in body
    assert "registration" not in body
    response = client.get(reverse("audit:log"), {"person": 42})
    body = response.content.decode()
    assert "Sachbearbeitung am Schalter" in body and "Erfassung am Empfang" not in body


@pytest.mark.django_db
def test_bad_filter_shows_message_not_error(client_for):
    response = client_for("data_protection").get(reverse("audit:log"), {"person": "abc"})
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
