"""A read or write refused by the access decision or the case file's rules: recorded in the
audit trail with its reasons, and answered with a calm page that says why (403)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from anlaufstelle.privacy.services import Refused, record_refusal


class RecordRefusals:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Refused):
            return None
        # The view's transaction has rolled back: the refusal is recorded on its own.
        record_refusal(request.user, exception, {"path": request.path})
        context = {"reasons": exception.reasons(), "person_id": exception.person_id}
        return render(request, "privacy/refused.html", context, status=403)
