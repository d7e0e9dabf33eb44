"""The guide's public pages ("Wegweiser"): the centre's services in the visitor's language, a
page for each, and the service worker that keeps them readable offline. No account, no person:
the language is in the address (as on the checklist's pages, whose helpers these reuse)."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from anlaufstelle.appointments.models import WEEKDAYS
from anlaufstelle.guide import services
from anlaufstelle.guide.checklist_views import _known, _other_languages, _problem, layout
from anlaufstelle.organisation.models import Service


def _pages(lang: str) -> list[Any]:
    # The staff-written pages come from another part of the guide; until it exists, none.
    if importlib.util.find_spec("anlaufstelle.guide.pages") is None:
        return []
    from anlaufstelle.guide import pages

    listing = getattr(pages, "listing", None)
    try:
        get_template("guide/pages/_list.html")
    except TemplateDoesNotExist:
        return []
    return list(listing(lang)) if listing else []


def index(request: HttpRequest, lang: str) -> HttpResponse:
    if not _known(lang):
        return _problem(request, _("This language is not offered."), 404)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    with override(lang):
        groups: dict[str, list[tuple[str, str]]] = {}
        for service in services.public_services():
            groups.setdefault(service.agency.name, []).append(
                (
                    services.translated(service.names, lang),
                    reverse("guide:service", kwargs={"lang": lang, "code": service.code}),
                )
            )
        context = {
            "lang": lang,
            "layout": layout(),
            "groups": sorted(groups.items()),
            "pages": _pages(lang),
            "other_languages": _other_languages(request, lang),
        }
        return render(request, "guide/index.html", context)


def service(request: HttpRequest, lang: str, code: str) -> HttpResponse:
    if not _known(lang):
        return _problem(request, _("This language is not offered."), 404)
    with override(lang):
        found = Service.objects.filter(code=code, active=True).select_related("agency").first()
        if found is None:
            return _problem(request, _("The guide has no page for this service."), 404, lang)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        page = services.page(found, lang)
        names = dict(WEEKDAYS)
        context = {
            "lang": lang,
            "layout": layout(),
            "page": page,
            "hours": [
                (names[day], ", ".join(f"{h.opens}–{h.closes}" for h in intervals))
                for day, intervals in sorted(page.hours.items())
            ],
            "waits": [(p.site.name, page.waits[p.site.pk]) for p in page.places],
            "other_languages": _other_languages(request, lang),
        }
        return render(request, "guide/service.html", context)


def worker(request: HttpRequest, lang: str) -> HttpResponse:
    """The service worker for one language: served under /guide/<lang>/ so that its scope
    covers the language's pages, which it precaches."""
    if not _known(lang):
        return _problem(request, _("This language is not offered."), 404)
    urls = [reverse("guide:index", kwargs={"lang": lang})] + [
        reverse("guide:service", kwargs={"lang": lang, "code": s.code})
        for s in services.public_services()
    ]
    body = render_to_string("guide/sw.js", {"lang": lang, "urls": urls})
    response = HttpResponse(body, content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    return response
