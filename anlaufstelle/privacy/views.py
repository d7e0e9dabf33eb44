"""Staff pages of lawful sharing: a person's consents (record, withdraw, print the form) and the
access report of Art. 15 GDPR. Each view checks the role and calls one service, which decides
access and records the read, write or export in the audit trail."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
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
from anlaufstelle.privacy import consents, record, releases, report
from anlaufstelle.privacy.forms import ConsentForm, FormLanguageForm, ReleaseForm, WithdrawForm
from anlaufstelle.privacy.models import Release

SENT_BEFORE = _("This form was sent before; the consent was recorded then.")
WITHDRAWN = _("The consent is withdrawn. Nothing more is shared under it.")
RELEASED = _("The release is granted; it applies at once and ends by itself.")
REVOKED = _("The release is revoked.")
REVOKED_BEFORE = _("This release had been revoked already.")


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
    recipients = consents.recipients_for(person)
    initial = {"language": report.language_of(person), "purposes": ["casework"]}
    form = ConsentForm(
        request.POST if request.method == "POST" else None, recipients=recipients, initial=initial
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


@require_roles(Role.DESK_OFFICER)
@not_found_as_404
def release_list(request: HttpRequest, person_id: int) -> HttpResponse:
    """The holding agency's releases of the person's sealed data, and a new one."""
    if request.method == "POST":
        person = releases.person_of(person_id)
        form = ReleaseForm(request.POST, categories=releases.held_by(request.user, person))
        if form.is_valid():
            try:
                releases.grant_release(
                    user=request.user, person_id=person_id, data=form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, RELEASED)
                return redirect("privacy:releases", person_id=person_id)
    person, held, found = releases.releases_page(user=request.user, person_id=person_id)
    if request.method != "POST":
        form = ReleaseForm(categories=held)
    context = {"person": person, "releases": found, "form": form, "now": timezone.now()}
    return render(request, "privacy/releases.html", context)


@require_roles(Role.DESK_OFFICER)
@not_found_as_404
def release_revoke(request: HttpRequest, person_id: int, release_id: int) -> HttpResponse:
    if not Release.objects.filter(pk=release_id, person_id=person_id).exists():
        raise Http404
    if request.method != "POST":
        releases.releases_page(user=request.user, person_id=person_id)  # refused unless holder
        return HttpResponseNotAllowed(["POST"])
    revoked = releases.revoke_release(user=request.user, person_id=person_id, release_id=release_id)
    messages.success(request, REVOKED if revoked else REVOKED_BEFORE)
    return redirect("privacy:releases", person_id=person_id)
