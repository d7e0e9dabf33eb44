"""The pinboard: the board and its form in the guide (no login), and the moderators' page.
Workflows are the services' (network/services.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.core.throttle import too_many_per_hour
from anlaufstelle.network import services
from anlaufstelle.network.forms import DecisionForm, PostForm, PublicPostForm, ReportForm, TextForm
from anlaufstelle.network.models import Kind, OfferKind, Post
from anlaufstelle.people.services.base import EditConflict

MODERATORS = (Role.COORDINATOR, Role.ADMINISTRATOR)
# Posts and reports one address may send through the guide in an hour.
SENDS_PER_HOUR = 10


def in_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A guide page in the language its address names (404 for one the product does not
    speak), rendered in it without leaving it active for the next request of the thread."""

    @wraps(view)
    def wrapped(request: HttpRequest, lang: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if lang not in dict(settings.LANGUAGES):
            raise Http404
        with translation.override(lang):
            return view(request, lang, *args, **kwargs)

    return wrapped


def _too_many(request: HttpRequest) -> bool:
    return too_many_per_hour(request, "network:sends", SENDS_PER_HOUR)


# --- In the guide -------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@in_language
def board(request: HttpRequest, lang: str) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    context = {
        "lang": lang,
        "posts": services.board(lang, kind=kind),
        "kinds": Kind.choices,
        "kind": kind,
        "languages": dict(settings.LANGUAGES),
    }
    return render(request, "network/board.html", context)


@require_http_methods(["GET", "POST"])
@in_language
def new(request: HttpRequest, lang: str) -> HttpResponse:
    form = PublicPostForm(request.POST if request.method == "POST" else None, language=lang)
    status = 200
    if form.is_bound:
        if _too_many(request):
            form.add_error(None, _("Too many posts from here for now. Please try again later."))
            status = 429
        elif form.is_valid():
            _post, _new = services.submit(
                data=form.post_data(), key=form.cleaned_data["submission"]
            )
            return render(request, "network/sent.html", {"lang": lang})
        else:
            status = 400
    return render(request, "network/new.html", {"lang": lang, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@in_language
def report(request: HttpRequest, lang: str, post_id: int) -> HttpResponse:
    found = services.on_board(post_id, lang)
    if found is None:
        raise Http404
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if _too_many(request):
            form.add_error(None, _("Too many reports from here for now. Please try again later."))
            status = 429
        elif form.is_valid():
            services.report(post_id=post_id, reason=form.cleaned_data["reason"])
            messages.success(request, _("Thank you. A moderator will look at the post."))
            return redirect("pinboard:board", lang=lang)
        else:
            status = 400
    context = {"lang": lang, "shown": found, "form": form}
    return render(request, "network/report.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
@in_language
def offers(request: HttpRequest, lang: str) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in OfferKind.values else ""
    context = {
        "lang": lang,
        "offers": services.offers(lang, kind=kind),
        "partners": services.partners(),
        "kinds": OfferKind.choices,
        "kind": kind,
    }
    return render(request, "network/offers.html", context)


@require_roles(*tuple(Role))
@require_http_methods(["GET", "HEAD"])
def staff_offers(request: HttpRequest) -> HttpResponse:
    """The partners' offers for the desks: where to refer someone (a referral to the offering
    agency goes through the case file, as any referral)."""
    # In the staff member's language where the partner wrote it, else in German.
    language = translation.get_language() or settings.LANGUAGE_CODE
    context = {"offers": services.offers(language), "partners": services.partners()}
    return render(request, "network/staff_offers.html", context)


# --- For the moderators -------------------------------------------------------------------


@require_roles(*MODERATORS)
@require_http_methods(["GET", "POST"])
def moderation(request: HttpRequest) -> HttpResponse:
    form = PostForm(
        request.POST if request.method == "POST" else None, language=settings.LANGUAGE_CODE
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            return put_up(request, form, back="network:moderation")
        status = 400
    recent = services.recent()
    context = {
        "form": form,
        "queue": services.queue(),
        "recent": recent,
        "text_form": TextForm(posts=recent),
    }
    return render(request, "network/moderation.html", context, status=status)


def put_up(request: HttpRequest, form: PostForm, *, back: str) -> HttpResponse:
    """A post of someone of the house, from a valid form: on the board, and said so."""
    data = {k: v for k, v in form.cleaned_data.items() if k != "submission"}
    _post, new = services.post_as_staff(
        user=request.user, data=data, key=form.cleaned_data["submission"]
    )
    messages.success(
        request,
        _("The post is on the board.")
        if new
        else _("This form had been sent already: the post was made once."),
    )
    return redirect(back)


def decided(
    request: HttpRequest,
    form: forms.Form,
    *,
    back: str,
    needs_text: tuple[str, str, str],
    decide: Callable[[dict[str, Any]], object],
    conflict: str,
) -> HttpResponse:
    """A moderator's decision sent: read, checked for the text it needs (`needs_text`: the
    decision, the field, the message), taken as of the version seen, and said so."""
    if not form.is_valid():
        messages.error(request, _("The decision could not be read. Please choose again."))
        return redirect(back)
    data = form.cleaned_data
    decision, field, missing = needs_text
    if data["decision"] == decision and not data[field].strip():
        messages.error(request, missing)
        return redirect(back)
    try:
        decide(data)
    except EditConflict:
        messages.error(request, conflict)
    else:
        messages.success(request, _("The decision has been saved."))
    return redirect(back)


@require_roles(*MODERATORS)
def decide(request: HttpRequest, post_id: int) -> HttpResponse:
    # Not found before not allowed: a post that does not exist is 404 whatever the method.
    post = get_object_or_404(Post, pk=post_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return decided(
        request,
        DecisionForm(request.POST),
        back="network:moderation",
        needs_text=("reject", "reason", _("Say why the post is rejected.")),
        decide=lambda data: services.decide(
            user=request.user,
            post_id=post.pk,
            version=data["version"],
            decision=data["decision"],
            reason=data["reason"],
        ),
        conflict=_(
            "Another moderator decided on this post meanwhile. Nothing was changed: see it "
            "as it is now."
        ),
    )


@require_roles(*MODERATORS)
@require_http_methods(["POST"])
def translate(request: HttpRequest) -> HttpResponse:
    recent = services.recent()
    form = TextForm(request.POST, posts=recent)
    if form.is_valid():
        data = form.cleaned_data
        services.translate(
            post_id=data["post"], language=data["language"], title=data["title"], body=data["body"]
        )
        messages.success(request, _("The translation has been saved."))
        return redirect("network:moderation")
    context = {
        "form": PostForm(language=settings.LANGUAGE_CODE),
        "queue": services.queue(),
        "recent": recent,
        "text_form": form,
    }
    return render(request, "network/moderation.html", context, status=400)
