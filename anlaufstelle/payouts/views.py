"""A person's payouts, the release queue (four eyes), transfer files, the cheque log and the
day's cheque list. Access and audit are the services' (payouts/services.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from anlaufstelle.core.forms import add_service_errors
from anlaufstelle.core.pdf import render_pdf
from anlaufstelle.core.permissions import require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.core.submissions import new_key
from anlaufstelle.payouts import services
from anlaufstelle.payouts.forms import (
    CancelChequeForm,
    DayForm,
    DecisionForm,
    HandOverForm,
    IssueForm,
    PayoutForm,
    RunForm,
    VersionForm,
)
from anlaufstelle.payouts.models import BenefitDecision, Cheque, Payout, PayoutRun
from anlaufstelle.people.models import Person

View = Callable[..., HttpResponse]


def desks_only(view: View) -> View:
    """Desk officers of a paying agency; anyone else refused (and recorded) before anything is
    looked up or the method checked."""

    @require_roles(Role.DESK_OFFICER)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.desk(request.user, what=view.__name__)
        return view(request, *args, **kwargs)

    return wrapped


def _post_only(request: HttpRequest) -> HttpResponse | None:
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def _refused(request: HttpRequest, exc: services.NotPossible) -> None:
    messages.error(request, str(exc.message))


# --- A person's payouts -------------------------------------------------------------------------


@desks_only
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    get_object_or_404(Person, pk=person_id, merged_into=None)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    page = services.person_payouts(user=request.user, person_id=person_id)
    agency = services.paying_agency(request.user)
    context = {"page": page, "person": page.person, "agency": agency}
    return render(request, "payouts/person.html", context)


@desks_only
def decision_add(request: HttpRequest, person_id: int) -> HttpResponse:
    found = get_object_or_404(Person, pk=person_id, merged_into=None)
    person, suggested = services.decision_form(user=request.user, person_id=found.pk)
    form = DecisionForm(request.POST if request.method == "POST" else None, suggested=suggested)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        submission = data.pop("submission")
        data["regime_by_rules"] = suggested
        try:
            _row, new = services.add_decision(
                user=request.user, person_id=found.pk, data=data, submission=submission
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The benefit decision has been recorded.")
                if new
                else _("This form had been sent already: the decision was recorded once."),
            )
            return redirect("payouts:person", person_id=found.pk)
    context = {"person": person, "form": form, "title": _("Record a benefit decision")}
    status = 400 if request.method == "POST" else 200
    return render(request, "payouts/form.html", context, status=status)


@desks_only
def payout_add(request: HttpRequest, decision_id: int) -> HttpResponse:
    agency = services.paying_agency(request.user)
    get_object_or_404(BenefitDecision, pk=decision_id, agency=agency)
    decision = services.decision_for_payout(user=request.user, decision_id=decision_id)
    form = PayoutForm(request.POST if request.method == "POST" else None, decision=decision)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        submission = data.pop("submission")
        try:
            _row, new = services.add_payout(
                user=request.user, decision_id=decision.pk, data=data, submission=submission
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The payout has been entered. A second person releases it.")
                if new
                else _("This form had been sent already: the payout was entered once."),
            )
            return redirect("payouts:person", person_id=decision.person_id)
    context = {
        "person": decision.person,
        "decision": decision,
        "form": form,
        "title": _("Enter a payout"),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "payouts/form.html", context, status=status)


# --- Release (four eyes) ------------------------------------------------------------------------


@desks_only
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    found = services.release_queue(user=request.user)
    return render(request, "payouts/queue.html", {"queue": found})


def _versioned_step(request: HttpRequest, payout_id: int, step: Callable[..., Any], done: str):
    get_object_or_404(Payout, pk=payout_id)
    if (not_allowed := _post_only(request)) is not None:
        return not_allowed
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
    else:
        try:
            step(user=request.user, payout_id=payout_id, version=form.cleaned_data["version"])
        except services.NotPossible as exc:
            _refused(request, exc)
        except ValidationError as exc:  # the payout as stored no longer passes its checks
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, done)
    if request.POST.get("next") == "person":
        return redirect("payouts:person", person_id=_person_of(payout_id))
    return redirect("payouts:queue")


def _person_of(payout_id: int) -> int:
    return Payout.objects.values_list("decision__person_id", flat=True).get(pk=payout_id)


@desks_only
def release(request: HttpRequest, payout_id: int) -> HttpResponse:
    return _versioned_step(request, payout_id, services.release, _("The payout is released."))


@desks_only
def cancel(request: HttpRequest, payout_id: int) -> HttpResponse:
    return _versioned_step(request, payout_id, services.cancel, _("The payout is cancelled."))


# --- Transfer files and reconciliation ----------------------------------------------------------


@require_roles(Role.DESK_OFFICER, Role.COORDINATOR)
def runs(request: HttpRequest) -> HttpResponse:
    services.refuse_unless_reconciler(request.user)  # before the method is looked at
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    found = services.reconciliation(user=request.user)
    context = {"rec": found, "form": RunForm() if found.agency is not None else None}
    return render(request, "payouts/runs.html", context)


@desks_only
def run_new(request: HttpRequest) -> HttpResponse:
    if (not_allowed := _post_only(request)) is not None:
        return not_allowed
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the requested execution date; no file was made."))
        return redirect("payouts:runs")
    try:
        run = services.build_run(
            user=request.user, execution_date=form.cleaned_data["execution_date"]
        )
    except services.NotPossible as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Transfer file %(number)s made with %(count)s transfers, %(sum)s EUR.")
            % {"number": run.pk, "count": run.count, "sum": run.control_sum},
        )
    return redirect("payouts:runs")


@desks_only
def run_file(request: HttpRequest, run_id: int) -> HttpResponse:
    agency = services.paying_agency(request.user)
    # Not found before not allowed: a file that does not exist is 404 whatever the method.
    get_object_or_404(PayoutRun, pk=run_id, agency=agency)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    run = services.run_file(user=request.user, run_id=run_id)
    response = HttpResponse(run.xml.encode(), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    return response


@desks_only
def run_executed(request: HttpRequest, run_id: int) -> HttpResponse:
    agency = services.paying_agency(request.user)
    get_object_or_404(PayoutRun, pk=run_id, agency=agency)
    if (not_allowed := _post_only(request)) is not None:
        return not_allowed
    if services.mark_executed(user=request.user, run_id=run_id):
        messages.success(request, _("The transfer file is marked executed: its payouts are paid."))
    else:
        messages.info(request, _("This transfer file had been marked executed already."))
    return redirect("payouts:runs")


# --- Cheques ------------------------------------------------------------------------------------


@desks_only
@require_safe
def cheques(request: HttpRequest) -> HttpResponse:
    log = services.cheque_log(user=request.user)
    context = {
        "log": log,
        "agency": services.paying_agency(request.user),
        # A key of its own for each row's form: each issues one cheque, once.
        "new_key": new_key,
        "today": timezone.localdate(),
    }
    return render(request, "payouts/cheques.html", context)


@desks_only
def cheque_pdf(request: HttpRequest, cheque_id: int) -> HttpResponse:
    """The cheque as a PDF for its payee to take to the cash office (in German, the
    language of the cash office); the print is recorded."""
    get_object_or_404(Cheque, pk=cheque_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    try:
        printed = services.cheque_to_print(user=request.user, cheque_id=cheque_id)
    except services.NotPossible as exc:
        _refused(request, exc)
        return redirect("payouts:cheques")
    pdf = render_pdf("payouts/cheque_pdf.html", {"printed": printed}, "de")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="scheck-{printed.cheque.number}.pdf"'
    return response


@desks_only
def cheque_issue(request: HttpRequest, payout_id: int) -> HttpResponse:
    get_object_or_404(Payout, pk=payout_id)
    if (not_allowed := _post_only(request)) is not None:
        return not_allowed
    form = IssueForm(request.POST)
    if not form.is_valid() or form.cleaned_data["payout"] != payout_id:
        messages.error(request, _("The form was incomplete; no cheque was issued."))
        return redirect("payouts:cheques")
    try:
        cheque, new = services.issue_cheque(
            user=request.user, payout_id=payout_id, submission=form.cleaned_data["submission"]
        )
    except services.NotPossible as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Cheque %(number)s issued.") % {"number": cheque}
            if new
            else _("This form had been sent already: cheque %(number)s was issued once.")
            % {"number": cheque},
        )
    return redirect("payouts:cheques")


def _cheque_action(
    request: HttpRequest,
    cheque_id: int,
    form_class: type[Any] | None,
    step: Callable[..., Any],
    done: str,
) -> HttpResponse:
    get_object_or_404(Cheque, pk=cheque_id)
    if (not_allowed := _post_only(request)) is not None:
        return not_allowed
    data: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _("Fill in the field of the step; nothing was changed."))
            return redirect("payouts:cheques")
        data = form.cleaned_data
    try:
        step(user=request.user, cheque_id=cheque_id, **data)
    except services.NotPossible as exc:
        _refused(request, exc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("payouts:cheques")


@desks_only
def cheque_hand_over(request: HttpRequest, cheque_id: int) -> HttpResponse:
    return _cheque_action(
        request, cheque_id, HandOverForm, services.hand_over, _("The cheque is handed over.")
    )


@desks_only
def cheque_cashed(request: HttpRequest, cheque_id: int) -> HttpResponse:
    return _cheque_action(
        request, cheque_id, None, services.mark_cashed, _("The cheque is marked cashed.")
    )


@desks_only
def cheque_cancel(request: HttpRequest, cheque_id: int) -> HttpResponse:
    return _cheque_action(
        request, cheque_id, CancelChequeForm, services.cancel_cheque, _("The cheque is cancelled.")
    )


@desks_only
@require_safe
def cheque_day(request: HttpRequest) -> HttpResponse:
    form = DayForm(request.GET or None)
    day = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data.get("day"):
        day = form.cleaned_data["day"]
    listed = services.day_list(user=request.user, day=day)
    figures = [listed.issued, listed.handed_over, listed.cancelled, listed.still_open]
    context = {"form": form, "list": listed, "figures": figures}
    return render(request, "payouts/day.html", context)
