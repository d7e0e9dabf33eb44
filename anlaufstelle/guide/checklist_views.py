"""The checklist's pages. The public ones take no account and store nothing: the language is in
the address, and so is what the checklist lists (a signed token, or the ticket's or booking's
own token). ``?format=pdf`` gives the same checklist as an A4 PDF. The staff page reads a
person's open concerns through the access decision and the audit trail, and hands out the
public address, which names no one."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from anlaufstelle.core.pdf import render_pdf
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.guide import checklist
from anlaufstelle.guide.checklist_forms import QuestionnaireForm, StaffChecklistForm
from anlaufstelle.people.models import Person
from anlaufstelle.people.views import not_found_as_404

# Who prints a checklist for a person: those who meet them (reception, the desks).
CHECKLIST_STAFF = (Role.RECEPTION, Role.DESK_OFFICER)


def _problem(
    request: HttpRequest, message: str, status: int, lang: str | None = None
) -> HttpResponse:
    # Without a language of the address: the one the request negotiated, which the message is in.
    lang = lang or get_language() or settings.LANGUAGE_CODE
    with override(lang):
        return render(
            request,
            "guide/checklist/problem.html",
            {"message": message, "lang": lang, "layout": layout()},
            status=status,
        )


def layout() -> str:
    """The guide's public layout once the guide has one, else the visitors' pages' layout."""
    return select_template(["guide/base.html", "core/public_base.html"]).template.name


def _known(lang: str) -> bool:
    return lang in dict(settings.LANGUAGES)


def _unknown_language(request: HttpRequest) -> HttpResponse:
    return _problem(request, _("This language is not offered."), 404)


def _other_languages(request: HttpRequest, lang: str) -> list[tuple[str, str, str]]:
    """The same checklist in each other language: the address with another language in it."""
    match = resolve(request.path)
    return [
        (code, name, reverse(match.view_name, kwargs={**match.kwargs, "lang": code}))
        for code, name in settings.LANGUAGES
        if code != lang
    ]


def _show(request: HttpRequest, lang: str, found: checklist.Checklist | None) -> HttpResponse:
    """The checklist as a page (with a QR code of its own address) or, asked so, as a PDF."""
    with override(lang):
        if found is None or not found.steps:
            return _problem(request, _("There is no checklist at this address."), 404, lang)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        url = request.build_absolute_uri(request.path)
        context: dict[str, Any] = {
            "checklist": found,
            "lang": lang,
            "url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=3, title=""),
            "layout": layout(),
            "other_languages": _other_languages(request, lang),
        }
        if request.GET.get("format") == "pdf":
            response = HttpResponse(
                render_pdf("guide/checklist/pdf.html", context, lang),
                content_type="application/pdf",
            )
            response["Content-Disposition"] = 'inline; filename="checklist.pdf"'
            return response
        return render(request, "guide/checklist/checklist.html", context)


def questionnaire(request: HttpRequest, lang: str) -> HttpResponse:
    """A few questions (GET, nothing stored); the answers lead to the checklist's address."""
    if not _known(lang):
        return _unknown_language(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    with override(lang):
        form = QuestionnaireForm(request.GET if "arrived" in request.GET else None)
        if form.is_bound and form.is_valid():
            codes = checklist.codes_for_answers(form.answers())
            site = checklist.best_site(codes)
            if site is not None:
                token = checklist.make_token(
                    site=site, codes=codes, party_size=form.answers().party_size
                )
                return redirect("guide:checklist", lang=lang, signed=token)
            form.add_error(
                None, _("This centre offers none of these services. Please ask at reception.")
            )
        status = 400 if form.is_bound else 200
        return render(
            request,
            "guide/checklist/questionnaire.html",
            {"form": form, "lang": lang, "layout": layout()},
            status=status,
        )


def signed(request: HttpRequest, lang: str, signed: str) -> HttpResponse:
    if not _known(lang):
        return _unknown_language(request)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        asked = checklist.read_token(signed)
    except checklist.BadToken:
        with override(lang):
            message = _(
                "This checklist address is not valid. It may have been copied incompletely. "
                "Please fill in the questions again."
            )
        return _problem(request, message, 400, lang)
    found = checklist.build(
        site=asked.site, codes=asked.codes, language=lang, party_size=asked.party_size
    )
    return _show(request, lang, found)


def ticket(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """The visit plan of a hall ticket, by the ticket's own token."""
    if not _known(lang):
        return _unknown_language(request)
    return _show(request, lang, checklist.for_ticket(token=token, language=lang))


def booking(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """A booking's visit with its times, by the booking's token."""
    if not _known(lang):
        return _unknown_language(request)
    return _show(request, lang, checklist.for_booking(token=token, language=lang))


@require_roles(*CHECKLIST_STAFF)
@not_found_as_404
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person's checklist for staff: their open concerns chosen, in their language; printed
    from the public address, which carries the concerns but not the person."""
    if not Person.objects.filter(pk=person_id).exists():
        raise Http404
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    concerns = checklist.person_concerns(user=request.user, person_id=person_id, now=timezone.now())
    initial = {
        "site": concerns.site,
        "services": concerns.codes,
        "lang": concerns.language,
    }
    form = StaffChecklistForm(request.GET if "site" in request.GET else None, initial=initial)
    context: dict[str, Any] = {"form": form, "person": concerns.person, "concerns": concerns}
    site, codes, lang = concerns.site, concerns.codes, concerns.language
    if form.is_bound:
        if form.is_valid():
            site = form.cleaned_data["site"]
            codes = form.cleaned_data["services"]
            lang = form.cleaned_data["lang"]
        else:
            site = None
    if site is not None and codes:
        found = checklist.build(
            site=site, codes=codes, language=lang, party_size=concerns.party_size
        )
        token = checklist.make_token(site=site, codes=codes, party_size=concerns.party_size)
        url = request.build_absolute_uri(reverse("guide:checklist", args=[lang, token]))
        context.update(
            checklist=found,
            lang=lang,
            url=url,
            qr=segno.make(url, error="m").svg_inline(scale=3, title=""),
        )
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "guide/checklist/person.html", context, status=status)
