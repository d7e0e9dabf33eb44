"""Requests a page cannot serve as asked: POST-only URLs, and input no field may hold.

POST-only URLs and where a user goes from them.

A form posts to its own URL; a reload, a bookmark or a language switch after a rejected form
later opens that URL with GET. `post_only` refuses the GET (405, as `require_POST` does) and
names the page that holds the form, so that the 405 page (rendered by `MethodNotAllowedPage`
for every 405, whichever view gave it) and the language switcher can lead back to it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import BadRequest
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.views.decorators.http import require_POST

from anlaufstelle.core.permissions import roles_of

View = Callable[..., HttpResponse]


def post_only(*, form: str) -> Callable[[View], View]:
    """`require_POST`, plus the URL name of the page whose form posts here."""

    def decorator(view: View) -> View:
        wrapped = require_POST(view)
        # functools.wraps in outer decorators (require_roles) copies this attribute along.
        wrapped.form_page = form  # type: ignore[attr-defined]
        return wrapped

    return decorator


def start_page(request: HttpRequest) -> str:
    """The staff overview for staff, the visitors' welcome page for everyone else."""
    return reverse("core:home") if roles_of(request.user) else reverse("core:welcome")


def _form_page(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    name = getattr(match.func, "form_page", None) if match is not None else None
    return reverse(name) if name else None


def page_to_return_to(request: HttpRequest) -> str:
    """A page that opens with GET, for a request to a URL that may not: the form the URL
    belongs to, else the start page."""
    return _form_page(request) or start_page(request)


def current_page_for_get(request: HttpRequest) -> str:
    """Where the language switcher sends the user: this page again, unless this URL is one
    that only answers POST (a form shown again with its errors after a rejected upload)."""
    if _form_page(request) is not None or getattr(request, "not_to_reopen", False):
        return page_to_return_to(request)
    return request.get_full_path()


class MethodNotAllowedPage:
    """Every 405 becomes a page in the user's language with the normal layout, a short
    explanation and a link back; the status and the Allow header stay."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False):
            return response
        request.not_to_reopen = True  # type: ignore[attr-defined]
        page = render(
            request,
            "405.html",
            {"back_url": page_to_return_to(request), "form_page": _form_page(request)},
            status=405,
        )
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info:
        return True
    # Headers too: django-axes records the User-Agent of a failed login, and no header may
    # hold a NUL (RFC 9110), so a server that passes one on passes on a probe.
    if any(
        "\x00" in value
        for key, value in request.META.items()
        if key.startswith("HTTP_") and isinstance(value, str)
    ):
        return True
    for data in (request.GET, request.POST):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return any(
        "\x00" in key or any("\x00" in (upload.name or "") for upload in uploads)
        for key, uploads in request.FILES.lists()
    )


class RefuseNulBytes:
    """A NUL character in the path, a header or any parameter is refused with a 400 before any
    view sees it. No one types it; it arrives from a probe or a broken client, and PostgreSQL
    refuses it in every text value, so a view that passes a parameter on to a query would fail
    with a 500 (SQLite would store it, and the record would differ from what it shows). Form
    fields refuse it as well (Django's CharField does); this covers the parameters views read
    themselves, and every future one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            # Answered by the 400 handler (core.views.bad_request) in the user's language.
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


def sessionless(view: View) -> View:
    """Marks a view that `Sessionless` answers before the session and the user are read."""
    view.sessionless = True  # type: ignore[attr-defined]
    return view


class Sessionless:
    """Middleware right after the security headers and the static files: a view marked
    `sessionless` is answered here, before the session, the user and the second factor are read
    (four queries, more than such a view's own work) and without the middleware after this one.
    It is for what browsers ask every few seconds, e.g. a free desk's look whether it was
    called. Such a view carries its own key in its address, reads nothing personal and does not
    count as activity of a sign-in (core/sessions.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = _sessionless_match(request.path_info)
        if match is None:
            return self.get_response(request)
        request.resolver_match = match
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        return response


# Resolving a path costs more than some whole answers; the same few thousand are asked again and
# again (the status pages, the desks' looks).
@functools.lru_cache(maxsize=4096)
def _sessionless_match(path: str) -> ResolverMatch | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match if getattr(match.func, "sessionless", False) else None


def _forget_paths(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":  # a test with URLs of its own
        _sessionless_match.cache_clear()


setting_changed.connect(_forget_paths)
