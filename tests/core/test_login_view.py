import pytest
from axes.models import AccessAttempt
from django.urls import reverse


@pytest.mark.django_db
def test_staff_signs_in_and_sees_overview(client, personas, password):
    response = client.post(reverse("core:login"), {"username": "rezeption", "password": password})
    assert response.status_code == 302 and response.url == reverse("core:home")
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    assert "Rita Empfang" in page.content.decode()


@pytest.mark.django_db
def test_wrong_password_shows_message_and_keeps_username(client, personas, password):
    response = client.post(reverse("core:login"), {"username": "rezeption", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="rezeption"' in body
    assert "kern-alert--danger" in body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(client, personas, settings, password):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": "rezeption", "password": "wrong"})
    response = client.post(reverse("core:login"), {"username": "rezeption", "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_guesses_spread_over_many_addresses_still_lock_the_account(
    client, personas, settings, password, caplog
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("core:login"),
            {"username": "rezeption", "password": f"guess-{n}"},
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        )
    response = client.post(
        reverse("core:login"),
        {"username": "rezeption", "password": password},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    locked = [r for r in caplog.records if r.name == "anlaufstelle.security"]
    assert locked and "'rezeption'" in locked[0].getMessage()
    # Another account is not affected.
    other = client.post(
        reverse("core:login"),
        {"username": "abh.officer", "password": password},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(personas):
    assert personas["reception"].password.startswith("argon2")


@pytest.mark.django_db
def test_user_without_role_is_refused_with_an_explanation(client_for):
    response = client_for("outsider").get(reverse("core:home"))
    assert response.status_code == 403
    assert "Ihre Rolle berechtigt nicht" in response.content.decode()


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get(reverse("core:login"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_an_overlong_user_name_is_a_failed_login_like_any_other(
    client, personas, settings, compiled_catalogues
):
    # No account has a name this long; django-axes keeps 255 characters of a name, and on
    # PostgreSQL recording this failure used to break the login page (500).
    overlong = "rezeption" + "x" * 300
    response = client.post(
        reverse("core:login"),
        {"username": overlong, "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "kern-alert--danger" in body
    assert "Bitte Benutzername und Passwort eingeben." in body
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get()
    assert attempt.username == overlong[:255]
    assert attempt.failures_since_start == 1
    # Counted like any other failure: the limit locks it out.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(reverse("core:login"), {"username": overlong, "password": "wrong"})
    response = client.post(reverse("core:login"), {"username": overlong, "password": "wrong"})
    assert response.status_code == 429
