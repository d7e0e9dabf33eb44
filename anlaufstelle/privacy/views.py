"""Staff pages of lawful sharing: a person's consents (record, withdraw, print the form) and the
access report of Art. 15 GDPR. Each view checks the role and calls one service, which decides
access and records the read, write or export in the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import add_service_errors
from anlaufstelle.core.pdf import render_html, render_pdf
from anlaufstelle.core.permissions import has_role, require_roles
from anlaufstelle.core.roles import PERSON_READERS, PERSON_WRITERS, Role
from anlaufstelle.core.submissions import new_key
from anlaufstelle.people.views import not_found_as_404
from anlaufstelle.privacy import consents, record, releases, report, written
from anlaufstelle.privacy.forms import (
    ConsentForm,
    FormLanguageForm,
    ReleaseForm,
    WithdrawForm,
    WrittenRequestForm,
)
from anlaufstelle.privacy.models import Release, TransferRequest

SENT_BEFORE = _("This form was sent before; the consent was recorded then.")
WITHDRAWN = _("The consent is withdrawn. Nothing more is shared under it.")
RELEASED = _("The release is granted; it applies at once and ends by itself.")
RELEASED_BEFORE = _("This form was sent before; the release was granted then.")
REVOKED = _("The release is revoked.")
REVOKED_BEFORE = _("This release had been revoked already.")
REQUEST_RECORDED = _("The written request is recorded. It applies at once.")
REQUEST_SENT_BEFORE = _("This form was sent before; the request was recorded then.")
ANSWERED = _("The request is marked answered; the reading it allowed has ended.")
ANSWERED_BEFORE = _("This request had been marked answered already.")

# Who sees sealed data of their own agency, and so releases it (privacy/decision.py SEALED_ROLES):
# desk officers, and a partner organisation's advisers.
RELEASERS = (Role.DESK_OFFICER, Role.PARTNER)


def _language_asked(request: HttpRequest) -> str | None:
    form = FormLanguageForm(request.GET)
    return str(form.cleaned_data["language"]) if form.is_valid() else None


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_roles(*PERSON_READERS)
@not_found_as_404
def consent_list(request: HttpRequest, person_id: int) -> HttpResponse:
    person, rows = consents.consents_page(user=request.user, person_id=person_id)
    can_write = has_role(request.user, *PERSON_WRITERS)
    context = {
        "person": person,
        "rows": rows,
        "holder": consents.holder_of(person),
        "can_record": can_write and consents.is_holder(request.user, person),
        "can_withdraw": can_write,
        "language_form": FormLanguageForm(initial={"language": report.language_of(person)}),
    }
    return render(request, "privacy/consents.html", context)


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def consent_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = consents.person_to_record_for(user=request.user, person_id=person_id)
    initial = {"language": report.language_of(person), "purposes": ["casework"]}
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        recipients=consents.recipients_for(person),
        staff=consents.named_staff(person),
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        try:
            _consent, new = consents.record_consent(
                user=request.user,
                person_id=person.pk,
                data=form.cleaned_data,
                submission=form.cleaned_data["submission"] or new_key(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if new:
                messages.success(request, _("The consent has been recorded. It applies at once."))
            else:
                messages.info(
                    request, _("This form was sent before; the consent was recorded then.")
                )
            return redirect("privacy:consents", person_id=person.pk)
    return render(request, "privacy/consent_form_page.html", {"person": person, "form": form})


@require_roles(*PERSON_WRITERS)
@not_found_as_404
def consent_withdraw(request: HttpRequest, person_id: int, consent_id: int) -> HttpResponse:
    person, rows = consents.consents_page(user=request.user, person_id=person_id)
    row = next((r for r in rows if r.consent.pk == consent_id), None)
    if row is None:
        raise Http404
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        withdrawn = consents.withdraw_consent(
            user=request.user,
            person_id=person.pk,
            consent_id=consent_id,
            how=form.cleaned_data["how"],
        )
        if withdrawn:
            messages.success(
                request, _("The consent is withdrawn. Nothing more is shared under it.")
            )
        else:
            messages.info(request, _("This consent had been withdrawn already."))
        return redirect("privacy:consents", person_id=person.pk)
    context = {"person": person, "row": row, "form": form}
    return render(request, "privacy/consent_withdraw.html", context)


@require_roles(*PERSON_READERS)
@not_found_as_404
def consent_form_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    """The blank form in the language chosen on the consents page."""
    language = _language_asked(request) or "de"
    content = consents.consent_form(user=request.user, person_id=person_id, language=language)
    return _pdf(content, f"consent-{person_id}-{language}.pdf")


@require_roles(*PERSON_READERS)
@not_found_as_404
def consent_pdf(request: HttpRequest, person_id: int, consent_id: int) -> HttpResponse:
    """A recorded consent as its form, the boxes ticked as recorded."""
    content = consents.consent_form(
        user=request.user, person_id=person_id, language="de", consent_id=consent_id
    )
    return _pdf(content, f"consent-{person_id}-{consent_id}.pdf")


@require_roles(Role.DATA_PROTECTION)
@not_found_as_404
def access_report(request: HttpRequest, person_id: int) -> HttpResponse:
    """Art. 15 GDPR, in the person's language: as a page, or with ?format=pdf as a document."""
    as_pdf = request.GET.get("format") == "pdf"
    found = report.access_report(
        user=request.user,
        person_id=person_id,
        language=_language_asked(request),
        form="pdf" if as_pdf else "html",
    )
    context = {"report": found, "person": found.person}
    if as_pdf:
        content = render_pdf("privacy/access_report.html", context, found.language)
        return _pdf(content, f"access-report-{person_id}-{found.language}.pdf")
    response = HttpResponse(render_html("privacy/access_report.html", context, found.language))
    response["Cache-Control"] = "no-store"
    return response


@require_roles(Role.DATA_PROTECTION, Role.ADMINISTRATOR)
def record_of_processing(request: HttpRequest) -> HttpResponse:
    """Art. 30 GDPR from the configuration as it is now: as a page, or with ?format=pdf."""
    language = translation.get_language() or "de"
    context = {
        "records": record.build(),
        "safeguards": record.SAFEGUARDS,
        "generated_at": timezone.now(),
    }
    if request.GET.get("format") == "pdf":
        return _pdf(render_pdf("privacy/record.html", context, language), "record.pdf")
    return HttpResponse(render_html("privacy/record.html", context, language))


@require_roles(*RELEASERS)
@not_found_as_404
def release_list(request: HttpRequest, person_id: int) -> HttpResponse:
    """The holding agency's releases of the person's sealed data, and a new one."""
    if request.method == "POST":
        person = releases.person_of(person_id)
        form = ReleaseForm(request.POST, categories=releases.held_by(request.user, person))
        if form.is_valid():
            try:
                _release, new = releases.grant_release(
                    user=request.user,
                    person_id=person_id,
                    data=form.cleaned_data,
                    submission=form.cleaned_data["submission"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, RELEASED if new else RELEASED_BEFORE)
                return redirect("privacy:releases", person_id=person_id)
    person, held, found = releases.releases_page(user=request.user, person_id=person_id)
    if request.method != "POST":
        form = ReleaseForm(categories=held)
    context = {"person": person, "releases": found, "form": form, "now": timezone.now()}
    return render(request, "privacy/releases.html", context)


@require_roles(*RELEASERS)
@not_found_as_404
def release_revoke(request: HttpRequest, person_id: int, release_id: int) -> HttpResponse:
    return _end_once(
        request,
        person_id,
        rows=Release.objects.filter(pk=release_id),
        page=releases.releases_page,
        end=partial(releases.revoke_release, release_id=release_id),
        said=(REVOKED, REVOKED_BEFORE),
        back="privacy:releases",
    )


def _end_once(
    request: HttpRequest,
    person_id: int,
    *,
    rows: QuerySet[Any],
    page: Callable[..., Any],
    end: Callable[..., bool],
    said: tuple[Any, Any],
    back: str,
) -> HttpResponse:
    """End a row of the person's (revoke a release, answer a request) by POST: `end` says
    whether this call ended it or it had been ended before. A GET is refused by the page's own
    rule (`page`) before it is told to POST."""
    if not rows.filter(person_id=person_id).exists():
        raise Http404
    if request.method != "POST":
        page(user=request.user, person_id=person_id)
        return HttpResponseNotAllowed(["POST"])
    ended = end(user=request.user, person_id=person_id)
    messages.success(request, said[0] if ended else said[1])
    return redirect(back, person_id=person_id)


@require_roles(Role.DESK_OFFICER)
@not_found_as_404
def request_list(request: HttpRequest, person_id: int) -> HttpResponse:
    """The written requests for the person's data that the user's agency answers, and a new
    one as received."""
    form = None
    if request.method == "POST":
        bases = written.answering_bases(request.user)
        agencies = written.requesting_agencies(request.user, bases) if bases else []
        form = WrittenRequestForm(request.POST, bases=bases, agencies=agencies)
        if form.is_valid():
            try:
                _request, new = written.record_request(
                    user=request.user,
                    person_id=person_id,
                    data=form.cleaned_data,
                    submission=form.cleaned_data["submission"] or new_key(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, REQUEST_RECORDED if new else REQUEST_SENT_BEFORE)
                return redirect("privacy:requests", person_id=person_id)
    person, bases, agencies, found = written.requests_page(user=request.user, person_id=person_id)
    if form is None:
        form = WrittenRequestForm(bases=bases, agencies=agencies)
    context = {"person": person, "requests": found, "form": form}
    return render(request, "privacy/requests.html", context)


@require_roles(Role.DESK_OFFICER)
@not_found_as_404
def request_answer(request: HttpRequest, person_id: int, request_id: int) -> HttpResponse:
    return _end_once(
        request,
        person_id,
        rows=TransferRequest.objects.filter(pk=request_id),
        page=written.requests_page,
        end=partial(written.answer_request, request_id=request_id),
        said=(ANSWERED, ANSWERED_BEFORE),
        back="privacy:requests",
    )
