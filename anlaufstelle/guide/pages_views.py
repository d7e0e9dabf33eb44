"""The staff-written pages: read by anyone in the language of the address, written by
coordinators and administrators in the staff editor."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_http_methods, require_safe

from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.guide import pages
from anlaufstelle.guide.checklist_views import _known, _other_languages, _problem, layout
from anlaufstelle.guide.models import SOURCE_LANGUAGE, GuidePage, Status
from anlaufstelle.guide.pages_forms import PageForm, TranslationForm
from anlaufstelle.people.services.base import EditConflict
from anlaufstelle.people.views import SAVED_MEANWHILE

EDITORS = (Role.COORDINATOR, Role.ADMINISTRATOR)


def page(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    if not _known(lang):
        return _problem(request, _("This language is not offered."), 404)
    with override(lang):
        found = pages.all_pages().filter(slug=slug).first()
        if found is None:
            return _problem(request, _("The guide has no such page."), 404, lang)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        shown = pages.reading(found, lang)
        context = {
            "lang": lang,
            "layout": layout(),
            "reading": shown,
            "paragraphs": pages.paragraphs(shown.body),
            "missing": shown.status == Status.MISSING,
            "outdated": shown.status == Status.OUTDATED,
            "other_languages": _other_languages(request, lang),
            "guide_head": _guide_head(),
        }
        return render(request, "guide/pages/page.html", context)


def _guide_head() -> str:
    """The guide's pages' shared head (style sheet, service worker) where it exists."""
    try:
        get_template("guide/_head.html")
    except TemplateDoesNotExist:
        return ""
    return "guide/_head.html"


def _translation_languages() -> list[tuple[str, str]]:
    return [(c, n) for c, n in settings.LANGUAGES if c != SOURCE_LANGUAGE]


@require_roles(*EDITORS)
@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    """Every page with its translations' status per language; ``?lang=`` lists one language."""
    languages = _translation_languages()
    wanted = request.GET.get("lang", "")
    if wanted:
        languages = [(c, n) for c, n in languages if c == wanted]
        if not languages:
            raise Http404
    rows = [(p, [(c, p.status(c)) for c, _n in languages]) for p in pages.all_pages()]
    context = {
        "rows": rows,
        "languages": languages,
        "wanted": wanted,
        "all": _translation_languages(),
    }
    return render(request, "guide/pages/staff_list.html", context)


@require_roles(*EDITORS)
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    form = PageForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                created = pages.create_page(
                    user=request.user, key=form.cleaned_data.get("key"), data=form.page_data()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The page has been saved."))
                return redirect("guide:pages_edit", page_id=created.pk)
        return render(request, "guide/pages/staff_edit.html", {"form": form}, status=400)
    return render(request, "guide/pages/staff_edit.html", {"form": form})


def _kept(form: Any, version: int, saved: dict[str, str]) -> Any:
    """The form as typed, over the version saved meanwhile, each field that differs showing
    what was saved: nothing typed is lost, and saving again goes over the new version."""
    data = form.data.copy()
    data["version"] = str(version)
    kwargs = {"instance": form.instance} if isinstance(form, forms.ModelForm) else {}
    again = type(form)(data, **kwargs)
    again.is_valid()
    for name, value in saved.items():
        if str(form.data.get(name, "")).strip() != str(value).strip():
            again.add_error(
                name,
                forms.ValidationError(
                    _("Saved meanwhile by someone else: %(value)s"),
                    code="edited_meanwhile",
                    params={"value": value},
                ),
            )
    return again


@require_roles(*EDITORS)
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, page_id: int) -> HttpResponse:
    stored = get_object_or_404(GuidePage, pk=page_id)
    form = PageForm(request.POST or None, instance=stored)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                pages.edit_page(
                    page_id=stored.pk,
                    data=form.page_data(),
                    expected_version=form.cleaned_data["version"] or 0,
                )
            except EditConflict:
                messages.error(request, SAVED_MEANWHILE)
                saved = GuidePage.objects.get(pk=page_id)
                form = _kept(form, saved.version, {"title": saved.title, "body": saved.body})
                status = 409
            else:
                messages.success(request, _("The page has been saved."))
                return redirect("guide:pages_edit", page_id=stored.pk)
        else:
            status = 400
    stored.refresh_from_db()
    statuses = [(c, n, stored.status(c)) for c, n in _translation_languages()]
    context = {"form": form, "page": stored, "statuses": statuses}
    return render(request, "guide/pages/staff_edit.html", context, status=status)


@require_roles(*EDITORS)
@require_http_methods(["GET", "POST"])
def staff_translate(request: HttpRequest, page_id: int, lang: str) -> HttpResponse:
    stored = get_object_or_404(GuidePage, pk=page_id)
    if lang not in dict(_translation_languages()):
        raise Http404
    found = stored.translation(lang)
    initial = {
        "title": found.title if found else "",
        "body": found.body if found else "",
        "version": found.version if found else 0,
    }
    form = TranslationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                pages.save_translation(
                    page=stored,
                    language=lang,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    expected_version=form.cleaned_data["version"],
                )
            except EditConflict:
                messages.error(request, SAVED_MEANWHILE)
                saved = stored.translation(lang)
                form = _kept(
                    form,
                    saved.version if saved else 0,
                    {"title": saved.title, "body": saved.body} if saved else {},
                )
                status = 409
            else:
                messages.success(request, _("The translation has been saved."))
                return redirect("guide:pages_list")
        else:
            status = 400
    context = {
        "form": form,
        "page": stored,
        "lang": lang,
        "language": dict(settings.LANGUAGES)[lang],
        "status": stored.status(lang),
        "paragraphs": pages.paragraphs(stored.body),
        "changes": pages.german_changes(stored, found),
    }
    return render(request, "guide/pages/staff_translate.html", context, status=status)
