"""A partner organisation's own page (its profile and offers, kept by its advisers) and the
pinboard page for everyone of the house. Workflows are in network/partner.py."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from anlaufstelle.core.forms import add_service_errors
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.network import partner, services
from anlaufstelle.network.forms import OfferForm, PostForm, ProfileForm, WithdrawForm
from anlaufstelle.network.models import Offer, Post
from anlaufstelle.network.views import put_up
from anlaufstelle.people.services.base import EditConflict

# Everyone of the house puts posts up; the public sends theirs through the guide.
POSTERS = tuple(Role)
SAVED_MEANWHILE = gettext_lazy(
    "Someone of your organisation saved this meanwhile. Nothing was saved: the fields marked "
    "show what is saved now; check them and save again."
)


@require_roles(Role.PARTNER)
@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    agency = partner.organisation(request.user)
    context = {
        "agency": agency,
        "profile": partner.profile(agency),
        "offers": partner.offers_of(agency),
    }
    return render(request, "network/partner.html", context)


@require_roles(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    agency = partner.organisation(request.user)
    form = ProfileForm(request.POST or None, instance=partner.profile(agency))
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                partner.save_profile(
                    agency=agency,
                    data=form.edit_data(),
                    version=form.cleaned_data.get("version"),
                )
            except EditConflict as conflict:
                messages.error(request, SAVED_MEANWHILE)
                form, status = form.showing_conflict(conflict.stored), 409
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The profile has been saved."))
                return redirect("network:partner")
    context = {"agency": agency, "form": form}
    return render(request, "network/partner_profile.html", context, status=status)


def _offer_page(request: HttpRequest, form: OfferForm, status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "offer": form.instance if form.instance.pk else None}
    return render(request, "network/partner_offer.html", context, status=status)


@require_roles(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def offer_new(request: HttpRequest) -> HttpResponse:
    agency = partner.organisation(request.user)
    form = OfferForm(request.POST or None)
    if not form.is_bound:
        return _offer_page(request, form)
    if not form.is_valid():
        return _offer_page(request, form, 400)
    try:
        _offer, new = partner.add_offer(
            user=request.user,
            agency=agency,
            data=form.edit_data(),
            key=form.cleaned_data["submission"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _offer_page(request, form, 400)
    messages.success(
        request,
        _("The offer has been added.")
        if new
        else _("This form had been sent already: the offer was added once."),
    )
    return redirect("network:partner")


@require_roles(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, offer_id: int) -> HttpResponse:
    agency = partner.organisation(request.user)
    # Not found before not allowed: an offer that does not exist is 404 for everyone.
    offer = partner.own_offer(agency, get_object_or_404(Offer, pk=offer_id))
    form = OfferForm(request.POST or None, instance=offer)
    if not form.is_bound:
        return _offer_page(request, form)
    if not form.is_valid():
        return _offer_page(request, form, 400)
    try:
        partner.edit_offer(offer=offer, data=form.edit_data(), version=form.cleaned_data["version"])
    except EditConflict as conflict:
        messages.error(request, SAVED_MEANWHILE)
        return _offer_page(request, form.showing_conflict(conflict.stored), 409)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _offer_page(request, form, 400)
    messages.success(request, _("The offer has been saved."))
    return redirect("network:partner")


# --- The pinboard, for everyone of the house --------------------------------------------------


def _posts_page(request: HttpRequest, form: PostForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "ours": partner.agency_posts(request.user)}
    return render(request, "network/posts.html", context, status=status)


@require_roles(*POSTERS)
@require_http_methods(["GET", "POST"])
def posts(request: HttpRequest) -> HttpResponse:
    """Put a post up (on the board at once: the poster is known and named by their
    organisation) and see the organisation's posts, to take one off."""
    form = PostForm(request.POST or None, language=settings.LANGUAGE_CODE)
    if not form.is_bound:
        return _posts_page(request, form)
    if not form.is_valid():
        return _posts_page(request, form, 400)
    return put_up(request, form, back="network:posts")


@require_roles(*POSTERS)
def withdraw(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=post_id)
    if not partner.may_withdraw(request.user, post):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The post could not be taken off. Please try again."))
        return redirect("network:posts")
    try:
        services.decide(
            user=request.user,
            post_id=post.pk,
            version=form.cleaned_data["version"],
            decision="withdraw",
        )
    except EditConflict:
        messages.error(request, _("The post was changed meanwhile. Nothing was changed."))
    else:
        messages.success(request, _("The post is off the board."))
    return redirect("network:posts")
