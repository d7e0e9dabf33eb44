"""A pattern that lists the registry is answered with a calm page, recorded and logged."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from anlaufstelle.audit.models import Action
from anlaufstelle.audit.services import Actor, record
from anlaufstelle.people.services import purpose_for
from anlaufstelle.people.services.pace import TooFast, log


class RefuseTooFast:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, TooFast):
            return None
        # The view's transaction has rolled back: the refusal is recorded on its own.
        kwargs = getattr(request.resolver_match, "kwargs", {}) or {}
        record(
            actor=Actor.from_user(request.user),
            action=Action.REFUSED,
            purpose=purpose_for(request.user),
            detail={
                "refused": exception.kind,
                "limit per hour": exception.limit,
                "asked for": kwargs.get("person_id"),
                "path": request.path,
            },
        )
        log.warning(
            "registry listing refused: user %s, %s over %s per hour, %s",
            request.user.get_username(),
            exception.kind,
            exception.limit,
            request.path,
        )
        context = {"kind": exception.kind, "limit": exception.limit}
        return render(request, "people/too_fast.html", context, status=429)
