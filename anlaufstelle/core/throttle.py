"""What django-axes counts a failed login under."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
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


def too_many_per_hour(request: HttpRequest, what: str, limit: int) -> bool:
    """Counts one more `what` (a booking hold, a pinboard post) from the request's address and
    says whether the address has sent more than `limit` in the last hour. The address is kept
    only as a hash, in the cache."""
    address = request.META.get("REMOTE_ADDR", "")
    key = f"{what}:" + hashlib.sha256(address.encode()).hexdigest()[:24]
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, 3600)
        count = 1
    return count > limit
