"""Every outbox test talks to a real SMTP server on loopback, never to Django's mailbox in
memory; the retries are short (two waits, three attempts) so that a test reaches the end."""

from __future__ import annotations

import pytest

from tests.conftest import in_english
from tests.outbox.mailbox import Mailbox, serving

english = pytest.fixture(autouse=True)(in_english)


@pytest.fixture(autouse=True)
def real_smtp(settings):
    """Django's test set-up swaps in a mailbox in memory; these tests use the real backend."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 5
    settings.OUTBOX_RETRY_MINUTES = [1, 5]
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_LEASE_MINUTES = 10


@pytest.fixture
def smtp(settings):
    box = Mailbox()
    with serving(box) as port:
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        yield box
