"""Who is acting in this request, for records written far from the view (signals on users and
staff members, whichever path changed them: a screen, the Django admin, a command)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_current: ContextVar[Any] = ContextVar("anlaufstelle_acting_user", default=None)


def acting_user() -> Any:
    """The signed-in user of the current request, or None (a command, the system)."""
    user = _current.get()
    return user if user is not None and user.is_authenticated else None


class ActingUser:
    """Middleware, after authentication: makes the request's user the acting user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
