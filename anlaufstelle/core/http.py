"""POST-only URLs and where a user goes from them.

A form posts to its own URL; a reload, a bookmark or a language switch after a rejected form
later opens that URL with GET. `post_only` refuses the GET (405, as `require_POST` does) and
names the page that holds the form, so that the 405 page (rendered by `MethodNotAllowedPage`
for every 405, whichever view gave it) and the language switcher can lead back to it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
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
    if _form_page(request) is not None or getattr(request, "method_not_allowed", False):
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
        request.method_not_allowed = True  # type: ignore[attr-defined]
        page = render(
            request,
            "405.html",
            {"back_url": page_to_return_to(request), "form_page": _form_page(request)},
            status=405,
        )
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
