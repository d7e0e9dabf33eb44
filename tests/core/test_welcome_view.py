import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_welcome_page_is_public_and_translated(client):
    german = client.get(reverse("core:welcome"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    arabic = client.get(reverse("core:welcome"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in arabic
    assert "Willkommen" in german
    # The visitor's own language, not German: no sentence of the German page reappears.
    assert "Willkommen" not in arabic and "Welcome to the Anlaufstelle" not in arabic
