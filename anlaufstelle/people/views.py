"""Staff screens of the people registry. Each view checks the role, calls one service (which
records the read or write in the audit trail) and renders. People are found by search only:
there is deliberately no page that lists everyone."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from anlaufstelle.cases.services import cases_of
from anlaufstelle.core.categories import TECHNICAL_FIELDS
from anlaufstelle.core.forms import add_service_errors
from anlaufstelle.core.permissions import has_role, require_roles
from anlaufstelle.core.roles import FILE_READERS, FILE_WRITERS, PERSON_READERS, PERSON_WRITERS, Role
from anlaufstelle.people import services
from anlaufstelle.people.forms import (
    ConfirmForm,
    HouseholdEditForm,
    HouseholdForm,
    JoinHouseholdForm,
    MembershipEditForm,
    MergeChoiceForm,
    MergeForm,
    PersonEditForm,
    RegisterForm,
    SearchForm,
    VersionedEdit,
    entry_add_form,
    entry_edit_form,
)
from anlaufstelle.people.models import Person
from anlaufstelle.people.templatetags.people_tags import country_names, language_name
from anlaufstelle.privacy import services as access
from anlaufstelle.privacy import written

# Two desks at once: the second save of the same version is refused and shows both.
SAVED_MEANWHILE = _(
    "Someone else saved this while you were editing. Nothing of yours was saved and nothing is "
    "lost: your entries are below, with what was saved meanwhile under each field where the two "
    "differ. Check them and save again."
)

# Titles per entry kind, whole sentences so that translations can inflect them.
ENTRY_TITLES = {
    "schooling": {
        "add": _("Add schooling"),
        "edit": _("Edit schooling"),
        "delete": _("Delete schooling"),
    },
    "qualification": {
        "add": _("Add a qualification"),
        "edit": _("Edit qualification"),
        "delete": _("Delete qualification"),
    },
    "work": {
        "add": _("Add work experience"),
        "edit": _("Edit work experience"),
        "delete": _("Delete work experience"),
    },
    "language": {
        "add": _("Add a language skill"),
        "edit": _("Edit language skill"),
        "delete": _("Delete language skill"),
    },
    "document": {
        "add": _("Add a document"),
        "edit": _("Edit document"),
        "delete": _("Delete document"),
    },
}


def not_found_as_404(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except services.PersonMerged as merged:
            # The record lives on in the one it was merged into: go there, and say so.
            messages.info(
                request,
                _("Record no. %(merged)s was merged into this record (no. %(survivor)s).")
                % {"merged": merged.person_id, "survivor": merged.survivor_id},
            )
            return redirect("people:detail", person_id=merged.survivor_id)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc

    return wrapped


def _attempt(form: forms.BaseForm, service: Callable[..., Any], **kwargs: Any) -> tuple[bool, Any]:
    try:
        return True, service(**kwargs)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False, None


def _can_write(request: HttpRequest) -> bool:
    return has_role(request.user, *PERSON_WRITERS)


def _read_purpose(request: HttpRequest) -> services.Purpose:
    return services.purpose_for(request.user)


def _write_purpose(request: HttpRequest) -> services.Purpose:
    return services.purpose_for(request.user, write=True)


def _wants_fragment(request: HttpRequest) -> bool:
    # A history restore needs the whole page back, not the fragment it once pushed.
    htmx = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def _render_maybe_fragment(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any]
) -> HttpResponse:
    response = render(request, fragment if _wants_fragment(request) else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _search_form(request: HttpRequest) -> SearchForm:
    # An empty box is no search: show the form, not a "required" error.
    wanted = any(request.GET.get(name, "").strip() for name in SearchForm.base_fields)
    return SearchForm(request.GET if wanted else None)


def _run_search(
    request: HttpRequest, form: SearchForm, exclude: tuple[int, ...] = ()
) -> services.SearchResult | None:
    if not form.is_valid():
        return None
    _ok, result = _attempt(
        form,
        services.search_people,
        user=request.user,
        query=form.cleaned_data["q"],
        born=form.cleaned_data["born"],
        sex=form.cleaned_data["sex"],
        nationality=form.cleaned_data["nationality"],
        exclude=exclude,
        purpose=_read_purpose(request),
    )
    return result


# --- Search, register, detail, edit ----------------------------------------------------------


@require_roles(*FILE_READERS)
def search(request: HttpRequest) -> HttpResponse:
    form = _search_form(request)
    result = _run_search(request, form)
    context = {"form": form, "result": result, "can_write": _can_write(request)}
    return _render_maybe_fragment(request, "people/search.html", "people/_results.html", context)


@require_roles(*PERSON_WRITERS)
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST if request.method == "POST" else None)
    duplicates: list[Any] = []
    if form.is_bound and form.is_valid():
        try:
            person, new = services.register_person_once(
                user=request.user,
                data=form.person_data(),
                purpose=_write_purpose(request),
                different_person=form.cleaned_data["different_person"],
                submission=form.cleaned_data["submission"],
            )
        except services.ProbableDuplicates as exc:
            # Nothing saved; the form comes back as entered, with the records to check.
            duplicates = exc.hits
            form.add_error("different_person", exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if new:
                messages.success(request, _("The person has been registered."))
            else:
                messages.info(
                    request, _("This form was sent before; the person was registered then.")
                )
            return redirect("people:detail", person_id=person.pk)
    context = {"form": form, "person": None, "duplicates": duplicates}
    return render(request, "people/person_form.html", context)


@require_roles(*FILE_READERS)
@not_found_as_404
def detail(request: HttpRequest, person_id: int) -> HttpResponse:
    purpose = _read_purpose(request)
    person = services.get_person_for_view(user=request.user, person_id=person_id, purpose=purpose)
    context = {
        "person": person,
        "purpose": purpose,
        # Changing a record needs all of it in sight (writes check their own categories too).
        "can_write": _can_write(request) and not person.access.refused,
        "withheld": access.withheld(person.access),
        "cases": cases_of(user=request.user, person=person),
        # A partner adviser opens a case of their own organisation, though they never change
        # the registry.
        "can_open_case": has_role(request.user, *FILE_WRITERS)
        and getattr(request.user, "staff_member", None),
        # The consents name every agency the person has agreed to: the house's to see, not a
        # partner's.
        "reads_consents": has_role(request.user, *PERSON_READERS),
        # Desk officers of an agency that must answer written requests of an authority.
        "answers_requests": has_role(request.user, Role.DESK_OFFICER)
        and bool(written.answering_bases(request.user)),
        # The staff who meet the person in the hall print their checklist (guide/checklist).
        "prints_checklist": has_role(request.user, Role.RECEPTION, Role.DESK_OFFICER),
    }
    return render(request, "people/detail.html", context)


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def edit(request: HttpRequest, person_id: int) -> HttpResponse:
    purpose = _write_purpose(request)
    if request.method != "POST":
        person = services.get_person_for_edit(
            user=request.user, person_id=person_id, purpose=purpose
        )
        form = PersonEditForm(instance=person)
        return render(request, "people/person_form.html", {"form": form, "person": person})
    person = services.person_for_change(person_id=person_id)
    # The form works on a copy, so that the heading keeps the stored name while errors show.
    form = PersonEditForm(request.POST, instance=copy.copy(person))
    if form.is_valid():
        try:
            ok, changed = _attempt(
                form,
                services.update_person,
                user=request.user,
                person=person,
                data=form.person_data(),
                purpose=purpose,
                expected_version=form.cleaned_data["version"],
            )
        except services.EditConflict as conflict:
            stored = cast(Person, conflict.stored)
            messages.error(request, SAVED_MEANWHILE)
            services.record_read(user=request.user, person=stored, purpose=purpose)
            context = {"form": form.showing_conflict(stored), "person": stored}
            return render(request, "people/person_form.html", context, status=409)
        if ok:
            if changed:
                messages.success(request, _("The changes have been saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("people:detail", person_id=person.pk)
    services.record_read(user=request.user, person=person, purpose=purpose)
    return render(request, "people/person_form.html", {"form": form, "person": person})


# --- Household -------------------------------------------------------------------------------


def _household_page(request: HttpRequest, person: Person, **bound: forms.BaseForm) -> HttpResponse:
    membership = getattr(person, "membership", None)
    search_form = _search_form(request)
    context: dict[str, Any] = {
        "person": person,
        "person_id": person.pk,
        "membership": membership,
        "search_form": search_form,
        "candidates": _run_search(request, search_form),
    }
    if membership is None:
        context["create_form"] = bound.get("create_form") or HouseholdForm()
        context["join_form"] = bound.get("join_form") or JoinHouseholdForm(
            initial={"other_person_id": request.GET.get("other")}
        )
    else:
        context["household_form"] = bound.get("household_form") or HouseholdEditForm(
            instance=membership.household
        )
        context["membership_form"] = bound.get("membership_form") or MembershipEditForm(
            instance=membership
        )
    # A form posted from a stale page (say, "create" after someone else already added the
    # person to a household) is not on the page any more; its errors still need saying.
    context["stray_errors"] = [
        error
        for name, form in bound.items()
        if name not in context
        for error in form.non_field_errors()
    ]
    return _render_maybe_fragment(
        request, "people/household.html", "people/_household_candidates.html", context
    )


def _household_again(request: HttpRequest, person_id: int, **bound: forms.BaseForm) -> HttpResponse:
    """The household page again, e.g. with a form's errors, or for a GET of an action's URL
    (a reload after an error shows the page instead of "method not allowed")."""
    person = services.get_household_page(
        user=request.user, person_id=person_id, purpose=_write_purpose(request)
    )
    return _household_page(request, person, **bound)


def _without_version(data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if name != "version"}


def _to_household(person_id: int) -> HttpResponse:
    return redirect("people:household", person_id=person_id)


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def household(request: HttpRequest, person_id: int) -> HttpResponse:
    if _wants_fragment(request):
        # Typing in the search box needs the candidates only, not another read of the household.
        search_form = _search_form(request)
        context = {
            "person_id": person_id,
            "search_form": search_form,
            "candidates": _run_search(request, search_form),
        }
        fragment = "people/_household_candidates.html"
        return _render_maybe_fragment(request, fragment, fragment, context)
    person = services.get_household_page(
        user=request.user, person_id=person_id, purpose=_write_purpose(request)
    )
    return _household_page(request, person)


def _household_action(
    request: HttpRequest,
    person_id: int,
    *,
    form_key: str,
    make_form: Callable[[Any], forms.BaseForm],
    service: Callable[..., Any],
    arguments: Callable[[Any, dict[str, Any]], dict[str, Any]],
    success: str | Promise,
) -> HttpResponse:
    """The four household forms: POST only, one service call, back to the household page with
    a message, or the page again with the form's errors (a GET shows the page)."""
    if request.method != "POST":
        return _household_again(request, person_id)
    person = services.person_for_change(person_id=person_id)
    form = make_form(person)
    if form.is_valid():
        try:
            ok, _result = _attempt(
                form,
                service,
                user=request.user,
                purpose=_write_purpose(request),
                **arguments(person, form.cleaned_data),
            )
        except services.EditConflict as conflict:
            messages.error(request, SAVED_MEANWHILE)
            again = cast(VersionedEdit, form).showing_conflict(conflict.stored)
            response = _household_again(request, person_id, **{form_key: again})
            response.status_code = 409
            return response
        if ok:
            messages.success(request, str(success))
            return _to_household(person_id)
    return _household_again(request, person_id, **{form_key: form})


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def household_create(request: HttpRequest, person_id: int) -> HttpResponse:
    return _household_action(
        request,
        person_id,
        form_key="create_form",
        make_form=lambda person: HouseholdForm(request.POST),
        service=services.create_household,
        arguments=lambda person, data: {"person": person, "data": data},
        success=_("The household has been created."),
    )


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def household_join(request: HttpRequest, person_id: int) -> HttpResponse:
    return _household_action(
        request,
        person_id,
        form_key="join_form",
        make_form=lambda person: JoinHouseholdForm(request.POST),
        service=services.join_household,
        arguments=lambda person, data: {
            "person": person,
            "other_person_id": data["other_person_id"],
            "relation": data["relation"],
        },
        success=_("The person has been added to the household."),
    )


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def household_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    # The form edits a copy so that a failed save leaves the household as stored.
    return _household_action(
        request,
        person_id,
        form_key="household_form",
        make_form=lambda person: HouseholdEditForm(
            request.POST, instance=copy.copy(person.membership.household)
        ),
        service=services.update_household,
        arguments=lambda person, data: {
            "household": person.membership.household,
            "data": _without_version(data),
            "expected_version": data["version"],
        },
        success=_("The household has been saved."),
    )


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def membership_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    return _household_action(
        request,
        person_id,
        form_key="membership_form",
        make_form=lambda person: MembershipEditForm(
            request.POST, instance=copy.copy(person.membership)
        ),
        service=services.update_membership,
        arguments=lambda person, data: {
            "membership": person.membership,
            "relation": data["relation"],
            "expected_version": data["version"],
        },
        success=_("The relation has been saved."),
    )


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def household_leave(request: HttpRequest, person_id: int) -> HttpResponse:
    purpose = _write_purpose(request)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        person = services.person_for_change(person_id=person_id)
        services.leave_household(user=request.user, membership=person.membership, purpose=purpose)
        messages.success(request, _("The person has left the household."))
        return _to_household(person_id)
    person = services.get_household_page(user=request.user, person_id=person_id, purpose=purpose)
    context = {"person": person, "membership": person.membership, "form": ConfirmForm()}
    return render(request, "people/household_leave.html", context)


# --- Biography and documents -----------------------------------------------------------------


def entry_rows(entry: models.Model) -> list[tuple[str, Any]]:
    """Label and display value of each field of an entry, for the confirmation page."""
    rows = []
    for field in entry._meta.concrete_fields:
        if field.name in TECHNICAL_FIELDS:
            continue
        value = getattr(entry, field.name)
        if field.choices and field.name != "language":
            value = getattr(entry, f"get_{field.name}_display")()
        elif field.name == "language":
            value = language_name(value)
        elif hasattr(value, "name") and hasattr(value, "code"):
            value = country_names([value]) if value.code else ""
        rows.append((str(field.verbose_name), value))
    return rows


def _entry_context(person: Person, kind: str, action: str, **extra: Any) -> dict[str, Any]:
    return {
        "person": person,
        "kind": kind,
        "title": ENTRY_TITLES[kind][action],
        "back_url": reverse("people:detail", kwargs={"person_id": person.pk}) + f"#{kind}",
        **extra,
    }


def _to_section(person_id: int, kind: str) -> HttpResponse:
    return redirect(reverse("people:detail", kwargs={"person_id": person_id}) + f"#{kind}")


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def entry_add(request: HttpRequest, person_id: int, kind: str) -> HttpResponse:
    purpose = _write_purpose(request)
    form_class = entry_add_form(kind)
    page = {"page": f"add {kind}"}
    if request.method != "POST":
        person = services.get_person(
            user=request.user, person_id=person_id, purpose=purpose, detail=page
        )
        context = _entry_context(person, kind, "add", form=form_class())
        return render(request, "people/entry_form.html", context)
    person = services.person_for_change(person_id=person_id)
    # The instance knows its person, so that model checks such as "one level per language" run.
    instance = services.ENTRY_MODELS[kind](person=person)
    form = form_class(request.POST, instance=instance)
    if form.is_valid():
        data = dict(form.cleaned_data)
        submission = data.pop("submission")
        ok, added = _attempt(
            form,
            services.add_entry_once,
            user=request.user,
            person=person,
            kind=kind,
            data=data,
            purpose=purpose,
            submission=submission,
        )
        if ok:
            _entry, new = added
            messages.success(
                request,
                _("The entry has been added.")
                if new
                else _("This form had been sent already: the entry was added once."),
            )
            return _to_section(person_id, kind)
    services.record_read(user=request.user, person=person, purpose=purpose, detail=page)
    return render(request, "people/entry_form.html", _entry_context(person, kind, "add", form=form))


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def entry_edit(request: HttpRequest, person_id: int, kind: str, entry_id: int) -> HttpResponse:
    purpose = _write_purpose(request)
    form_class = entry_edit_form(kind)
    key: dict[str, Any] = {"person_id": person_id, "kind": kind, "entry_id": entry_id}
    if request.method != "POST":
        entry = services.get_entry(user=request.user, purpose=purpose, **key)
        context = _entry_context(entry.person, kind, "edit", form=form_class(instance=entry))
        return render(request, "people/entry_form.html", context)
    entry = services.entry_for_change(**key)
    form = cast(VersionedEdit, form_class(request.POST, instance=copy.copy(entry)))
    if form.is_valid():
        try:
            ok, changed = _attempt(
                form,
                services.update_entry,
                user=request.user,
                entry=entry,
                data=form.edit_data(),
                purpose=purpose,
                expected_version=form.cleaned_data["version"],
            )
        except services.EditConflict as conflict:
            messages.error(request, SAVED_MEANWHILE)
            services.record_read(user=request.user, person=entry.person, purpose=purpose)
            again = form.showing_conflict(conflict.stored)
            context = _entry_context(entry.person, kind, "edit", form=again)
            return render(request, "people/entry_form.html", context, status=409)
        if ok:
            messages.success(
                request, _("The changes have been saved.") if changed else _("Nothing was changed.")
            )
            return _to_section(person_id, kind)
    services.record_read(
        user=request.user, person=entry.person, purpose=purpose, detail={"page": f"edit {kind}"}
    )
    context = _entry_context(entry.person, kind, "edit", form=form)
    return render(request, "people/entry_form.html", context)


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def entry_delete(request: HttpRequest, person_id: int, kind: str, entry_id: int) -> HttpResponse:
    purpose = _write_purpose(request)
    key: dict[str, Any] = {"person_id": person_id, "kind": kind, "entry_id": entry_id}
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        entry = services.entry_for_change(**key)
        services.delete_entry(user=request.user, entry=entry, purpose=purpose)
        messages.success(request, _("The entry has been deleted."))
        return _to_section(person_id, kind)
    entry = services.get_entry(user=request.user, purpose=purpose, **key)
    context = _entry_context(
        entry.person, kind, "delete", entry=entry, rows=entry_rows(entry), form=ConfirmForm()
    )
    return render(request, "people/entry_delete.html", context)


# --- Duplicates and merging ------------------------------------------------------------------


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def merge(request: HttpRequest, person_id: int) -> HttpResponse:
    """Choose the record to merge with: a probable duplicate, a search result or a number."""
    search_form = _search_form(request)
    if _wants_fragment(request):
        context = {
            "person_id": person_id,
            "search_form": search_form,
            "candidates": _run_search(request, search_form, exclude=(person_id,)),
        }
        fragment = "people/_merge_candidates.html"
        return _render_maybe_fragment(request, fragment, fragment, context)
    choice = MergeChoiceForm(request.GET if "other" in request.GET else None)
    if choice.is_bound and choice.is_valid():
        return redirect(
            "people:merge_compare", person_id=person_id, other_id=choice.cleaned_data["other"]
        )
    person, duplicates = services.duplicates_of(
        user=request.user, person_id=person_id, purpose=_write_purpose(request)
    )
    context = {
        "person": person,
        "person_id": person.pk,
        "duplicates": duplicates,
        "choice_form": choice,
        "search_form": search_form,
        "candidates": _run_search(request, search_form, exclude=(person_id,)),
    }
    return _render_maybe_fragment(
        request, "people/merge.html", "people/_merge_candidates.html", context
    )


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def merge_compare(request: HttpRequest, person_id: int, other_id: int) -> HttpResponse:
    """Both records side by side; choosing the survivor and confirming merges them."""
    purpose = _write_purpose(request)
    form: MergeForm | None = None
    if request.method == "POST":
        people = (
            services.person_for_change(person_id=person_id),
            services.person_for_change(person_id=other_id),
        )
        form = MergeForm(request.POST, people=people)
        if form.is_valid():
            survivor = form.cleaned_data["survivor"]
            merged = other_id if survivor == person_id else person_id
            ok, _merge = _attempt(
                form,
                services.merge_people,
                user=request.user,
                survivor_id=survivor,
                merged_id=merged,
                purpose=purpose,
            )
            if ok:
                messages.success(
                    request,
                    _("The records have been merged. No. %(merged)s now leads to this record.")
                    % {"merged": merged},
                )
                return redirect("people:detail", person_id=survivor)
    try:
        comparison = services.compare_for_merge(
            user=request.user, person_id=person_id, other_id=other_id, purpose=purpose
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("people:merge", person_id=person_id)
    if form is None:
        form = MergeForm(
            people=(comparison.first, comparison.second), initial={"survivor": person_id}
        )
    context = {"comparison": comparison, "person": comparison.first, "form": form}
    return render(request, "people/merge_compare.html", context)


@require_roles(Role.DATA_PROTECTION)
@not_found_as_404
def merge_undo(request: HttpRequest, merge_id: int) -> HttpResponse:
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        ok, undone = _attempt(form, services.unmerge_people, user=request.user, merge_id=merge_id)
        if ok:
            messages.success(
                request, _("The merge has been undone. Both records are separate again.")
            )
            return redirect("people:detail", person_id=undone.merged_id)
    record = services.get_merge(user=request.user, merge_id=merge_id)
    return render(request, "people/merge_undo.html", {"merge": record, "form": form})


@require_roles(Role.DATA_PROTECTION)
def duplicates(request: HttpRequest) -> HttpResponse:
    """Probable duplicates among everyone registered, a page of key blocks at a time."""
    after = request.GET.get("after", "")[:100]
    report = services.duplicate_report(user=request.user, after=after)
    return render(request, "people/duplicates.html", {"report": report, "after": after})
