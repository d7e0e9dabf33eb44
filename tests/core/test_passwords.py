"""Staff passwords: the obvious ones are refused, and everyone can change their own."""

import pytest
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

User = get_user_model()


@pytest.mark.parametrize(
    "password",
    [
        "Sommer2024!",
        "sommer-2024",
        "Frühling2025#",
        "Dezember.2023!!",
        "Anlaufstelle-2022",
        "Passwort12345",
        "Willkommen2024!",
        "abh-abh-abh",
        "abcabcabcabc",
        "xxxxxxxxxxxxx",
        "ab12ab12ab12",
    ],
)
def test_obvious_passwords_are_refused(password):
    user = User(username="abh")
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, user)


def test_a_password_holding_the_user_name_is_refused():
    user = User(username="jc.officer")
    # In German whatever language an earlier request of this worker left active.
    with translation.override("de"), pytest.raises(ValidationError, match="Benutzernamen"):
        password_validation.validate_password("Mein-officer-Zugang-77", user)


@pytest.mark.parametrize(
    "password",
    ["Wintergarten am Elbufer 7", "kaffee-löffel-tür-42", "Drei Katzen mögen Tee", "x7#Lq9vR2mTz"],
)
def test_ordinary_good_passwords_pass(password):
    password_validation.validate_password(password, User(username="abh"))


@pytest.mark.django_db
def test_staff_change_their_own_password_and_stay_signed_in(client_for, personas, password):
    client = client_for("reception")
    page = client.get(reverse("core:password_change"))
    assert page.status_code == 200
    assert "Passwort ändern" in page.content.decode()
    new = "Drei Katzen mögen Tee"
    response = client.post(
        reverse("core:password_change"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert "Ihr Passwort wurde geändert." in client.get(reverse("core:home")).content.decode()
    personas["reception"].refresh_from_db()
    assert personas["reception"].check_password(new)


@pytest.mark.django_db
def test_a_guessable_new_password_is_refused_with_the_reason(client_for, personas, password):
    client = client_for("reception")
    response = client.post(
        reverse("core:password_change"),
        {"old_password": password, "new_password1": "Sommer2024!", "new_password2": "Sommer2024!"},
    )
    assert response.status_code == 200
    assert "mit angehängter Zahl oder angehängtem Zeichen" in response.content.decode()
    personas["reception"].refresh_from_db()
    assert personas["reception"].check_password(password)
