from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import DateInput, KernFormMixin, submission_key_field
from anlaufstelle.core.validators import validate_country_code
from anlaufstelle.payouts.models import BenefitDecision, Payout, Regime


def _period_checked(form: forms.BaseForm, data: dict[str, Any]) -> dict[str, Any]:
    start, end = data.get("period_from"), data.get("period_until")
    if start and end and end < start:
        form.add_error("period_until", _("The period cannot end before it begins."))
    return data


class DecisionForm(KernFormMixin, forms.ModelForm):
    submission = submission_key_field()

    class Meta:
        model = BenefitDecision
        fields = ["regime", "amount_per_month", "period_from", "period_until", "reference"]
        widgets = {"period_from": DateInput(), "period_until": DateInput()}

    def __init__(self, *args: Any, suggested: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if suggested and not self.is_bound:
            self.fields["regime"].initial = suggested
        if suggested:
            self.fields["regime"].help_text = _("By the rules in force: %(regime)s") % {
                "regime": Regime(suggested).label
            }

    def clean(self) -> dict[str, Any]:
        return _period_checked(self, super().clean() or {})


class PayoutForm(KernFormMixin, forms.Form):
    submission = submission_key_field()
    amount = forms.DecimalField(label=_("amount"), max_digits=9, decimal_places=2, min_value=0.01)
    period_from = forms.DateField(label=_("for the period from"), widget=DateInput())
    period_until = forms.DateField(label=_("for the period until"), widget=DateInput())
    method = forms.ChoiceField(
        label=_("method"), choices=Payout.Method.choices, widget=forms.RadioSelect
    )
    account_holder = forms.CharField(label=_("account holder"), max_length=70, required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=42, required=False)
    bic = forms.CharField(
        label=_("BIC"),
        max_length=14,
        required=False,
        help_text=_("May stay empty for an account in the SEPA area."),
    )
    holder_postcode = forms.CharField(label=_("postcode"), max_length=16, required=False)
    holder_town = forms.CharField(label=_("town"), max_length=35, required=False)
    holder_country = forms.CharField(
        label=_("country"),
        max_length=2,
        required=False,
        initial="DE",
        help_text=_("Two letters, e.g. DE."),
    )

    def clean_holder_country(self) -> str:
        # Typed in small letters is the same country.
        country = str(self.cleaned_data.get("holder_country") or "").strip().upper()
        validate_country_code(country)
        return country

    def __init__(self, *args: Any, decision: BenefitDecision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["amount"].initial = decision.amount_per_month
            today = timezone.localdate()
            first = today.replace(day=1)
            self.fields["period_from"].initial = max(first, decision.period_from)
            following = (first + timedelta(days=32)).replace(day=1)
            self.fields["period_until"].initial = min(
                following - timedelta(days=1), decision.period_until
            )

    def clean(self) -> dict[str, Any]:
        return _period_checked(self, super().clean() or {})


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class IssueForm(forms.Form):
    submission = submission_key_field()
    payout = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class HandOverForm(KernFormMixin, forms.Form):
    confirmation = forms.CharField(
        label=_("confirmation of receipt"),
        max_length=200,
        help_text=_("How the recipient confirmed receipt, e.g. signed the list, passport shown."),
    )


class CancelChequeForm(KernFormMixin, forms.Form):
    reason = forms.CharField(label=_("reason for cancelling"), max_length=200)


class RunForm(KernFormMixin, forms.Form):
    execution_date = forms.DateField(label=_("requested execution date"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            day = timezone.localdate() + timedelta(days=1)
            while day.weekday() >= 5:  # the next banking day, give or take a holiday
                day += timedelta(days=1)
            self.fields["execution_date"].initial = day


class DayForm(KernFormMixin, forms.Form):
    day = forms.DateField(label=_("day"), widget=DateInput(), required=False)
