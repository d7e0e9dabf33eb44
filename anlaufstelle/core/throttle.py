"""What django-axes counts a failed login under."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

# The column django-axes keeps a user name in. No account has a longer name (Django's end at
# 150 characters), but a login form can be sent one; PostgreSQL would refuse to record that
# failure, and the login page would break instead of saying the name or password is wrong.
AXES_USERNAME_LENGTH = 255


def username_for_throttling(
    request: HttpRequest, credentials: dict[str, Any] | None = None
) -> str | None:
    """The user name as sent (from the credentials, else the form, as django-axes reads it),
    cut to what django-axes can store: an overlong name is a failed attempt like any other,
    counted under its first 255 characters."""
    source = credentials or getattr(request, "data", request.POST)
    username = source.get("username")
    return username[:AXES_USERNAME_LENGTH] if isinstance(username, str) else username
