"""Staff pages of the case file: each checks the role, calls one service (which decides access
and records it) and renders. Every form has a page of its own, so that it works without
JavaScript and a rejected form comes back with what was typed."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from anlaufstelle.cases import files, services
from anlaufstelle.cases.forms import (
    CaseForm,
    ConferenceForm,
    DocumentForm,
    NoteForm,
    ReasonForm,
    ReferralForm,
    TaskEditForm,
    TaskForm,
)
from anlaufstelle.cases.models import Case
from anlaufstelle.core.forms import add_service_errors
from anlaufstelle.core.permissions import has_role, require_roles
from anlaufstelle.core.roles import FILE_READERS, FILE_WRITERS
from anlaufstelle.core.submissions import new_key
from anlaufstelle.people.services import get_person
from anlaufstelle.people.views import not_found_as_404

MOVE_TITLES = {
    "accept": _("Accept the referral"),
    "reject": _("Reject the referral"),
    "complete": _("Complete the referral"),
    "revoke": _("Revoke the referral"),
}
MOVE_DONE = {
    "accept": _("The referral is accepted: your agency takes part in the case."),
    "reject": _("The referral is rejected."),
    "complete": _("The referral is completed."),
    "revoke": _("The referral is revoked: the agency no longer takes part through it."),
}


def _form_page(request: HttpRequest, case: Case, form: Any, **context: Any) -> HttpResponse:
    return render(
        request,
        "cases/form.html",
        {"case": case, "person": case.person, "form": form, **context},
    )


def _saved(request: HttpRequest, text: Any, case_id: int) -> HttpResponse:
    messages.success(request, text)
    return redirect("cases:detail", case_id=case_id)


def _post(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@require_roles(*FILE_WRITERS)
@not_found_as_404
def case_open(request: HttpRequest, person_id: int) -> HttpResponse:
    form = CaseForm(_post(request))
    if form.is_bound and form.is_valid():
        case, new = services.open_case(
            user=request.user,
            person_id=person_id,
            data=form.cleaned_data,
            submission=form.cleaned_data["submission"] or new_key(),
        )
        text = _("The case is open; your agency leads it.") if new else _("Opened before.")
        return _saved(request, text, case.pk)
    person = get_person(user=request.user, person_id=person_id, detail={"page": "case_open"})
    context = {"person": person, "form": form, "title": _("Open a case")}
    return render(request, "cases/form.html", context)


@require_roles(*FILE_READERS)
@not_found_as_404
def detail(request: HttpRequest, case_id: int) -> HttpResponse:
    page = services.case_page(user=request.user, case_id=case_id)
    agency = services.agency_of(request.user)
    context = {
        "page": page,
        "case": page.case,
        "person": page.case.person,
        "agency": agency,
        "can_write": has_role(request.user, *FILE_WRITERS) and agency is not None,
    }
    return render(request, "cases/detail.html", context)


@require_roles(*FILE_WRITERS)
@not_found_as_404
def note_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = services.case_for_form(user=request.user, case_id=case_id, page="note_add")
    form = NoteForm(_post(request), agency=services.agency_of(request.user))
    if form.is_bound and form.is_valid():
        try:
            services.add_note(user=request.user, case_id=case_id, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("The note is saved."), case_id)
    return _form_page(request, case, form, title=_("Add a note"))


@require_roles(*FILE_WRITERS)
@not_found_as_404
def document_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = services.case_for_form(user=request.user, case_id=case_id, page="document_add")
    agency = services.agency_of(request.user)
    form = DocumentForm(_post(request), request.FILES or None, agency=agency)
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.upload_document(
                user=request.user,
                case_id=case_id,
                upload=upload,
                size=upload.size,
                title=form.cleaned_data["title"],
                category=form.cleaned_data["category"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("The document is kept with the case."), case_id)
    return _form_page(request, case, form, title=_("Add a document"), upload=True)


@require_roles(*FILE_READERS)
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        document = services.document_to_download(user=request.user, document_id=document_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    extension = files.ALLOWED[document.content_type]
    response = FileResponse(
        files.path_of(document.stored_as).open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=f"document-{document.pk}.{extension}",
    )
    response["Cache-Control"] = "no-store"
    # A streamed file, which the role check passes on like any response.
    return cast(HttpResponse, response)


@require_roles(*FILE_WRITERS)
@not_found_as_404
def task_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = services.case_for_form(user=request.user, case_id=case_id, page="task_add")
    conference = next(
        (c for c in case.conferences.all() if str(c.pk) == request.GET.get("conference")), None
    )
    agencies = services.agencies_in(case)
    form = TaskForm(_post(request), agencies=agencies, initial=_own_agency(request))
    if form.is_bound and form.is_valid():
        try:
            services.add_task(
                user=request.user, case_id=case_id, data=form.cleaned_data, conference=conference
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("The task is added."), case_id)
    title = _("A decision of the conference as a task") if conference else _("Add a task")
    return _form_page(request, case, form, title=title)


def _own_agency(request: HttpRequest) -> dict[str, Any]:
    agency = services.agency_of(request.user)
    return {"agency": agency.pk} if agency is not None else {}


@require_roles(*FILE_WRITERS)
@not_found_as_404
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    task = services.task_for_form(user=request.user, task_id=task_id)
    case = task.case
    form = TaskEditForm(_post(request), instance=task, initial={"version": task.version})
    if form.is_bound and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("status", "due", "remind_on")}
        try:
            services.update_task(
                user=request.user,
                task_id=task.pk,
                version=form.cleaned_data["version"],
                data=data,
            )
        except services.TaskChanged as changed:
            # The form again with what was typed, over the version now stored.
            data = request.POST.copy()
            data["version"] = str(changed.task.version)
            form = TaskEditForm(data, instance=task)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone changed this task meanwhile (now: %(status)s). Nothing of yours "
                    "was saved; your entries are below. Check them and save again."
                )
                % {"status": changed.task.get_status_display()},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("The task is saved."), task.case_id)
    return _form_page(request, case, form, title=_("Edit the task"), task=task)


@require_roles(*FILE_WRITERS)
@not_found_as_404
def referral_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = services.case_for_form(user=request.user, case_id=case_id, page="referral_add")
    form = ReferralForm(_post(request), own=services.agency_of(request.user))
    if form.is_bound and form.is_valid():
        try:
            services.refer(
                user=request.user,
                case_id=case_id,
                data=form.cleaned_data,
                submission=form.cleaned_data["submission"] or new_key(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, _("The referral is sent."), case_id)
    return _form_page(request, case, form, title=_("Refer to another agency"), offers=True)


@require_roles(*FILE_WRITERS)
@not_found_as_404
def referral_move(request: HttpRequest, referral_id: int, move: str) -> HttpResponse:
    referral = services.referral_for_form(user=request.user, referral_id=referral_id, move=move)
    case = referral.case
    form = ReasonForm(_post(request))
    if form.is_bound and form.is_valid():
        try:
            services.move_referral(
                user=request.user,
                referral_id=referral.pk,
                move=move,
                reason=form.cleaned_data["reason"],
            )
        except services.ReferralMoved as moved:
            messages.warning(
                request,
                _("Nothing changed: the referral is %(status)s now.")
                % {"status": moved.referral.get_status_display()},
            )
            return redirect("cases:detail", case_id=referral.case_id)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, MOVE_DONE[move], referral.case_id)
    return _form_page(request, case, form, title=MOVE_TITLES[move], referral=referral, move=move)


@require_roles(*FILE_WRITERS)
@not_found_as_404
def conference_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = services.case_for_form(user=request.user, case_id=case_id, page="conference_add")
    own = services.agency_of(request.user)
    form = ConferenceForm(_post(request), agencies=services.agencies_in(case), own=own)
    if form.is_bound and form.is_valid():
        try:
            conference = services.hold_conference(
                user=request.user, case_id=case_id, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conference is recorded. Add its decisions as tasks."))
            url = reverse("cases:task_add", kwargs={"case_id": case_id})
            return redirect(f"{url}?conference={conference.pk}")
    return _form_page(request, case, form, title=_("Record a case conference"))
