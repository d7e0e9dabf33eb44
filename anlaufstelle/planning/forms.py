"""Forms of the planning page. They check input; reading days and planning are the services'."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from anlaufstelle.planning.services import MAX_DAY_MINUTES, MAX_HEADCOUNT, DayChoice


class _KernForm(forms.Form):
    # Three forms share the page and two of them the field "day": each gets its own ids.
    id_prefix = "plan"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = (
                "kern-form-input__select"
                if isinstance(widget, forms.Select)
                else "kern-form-input__input"
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DayForm(_KernForm):
    """Which day to look at (a GET form: the choice is part of the address)."""

    id_prefix = "choose"

    day = forms.ChoiceField(label=_("Day"), widget=forms.Select(attrs={"data-autosubmit": ""}))

    def __init__(self, *args: Any, choices: list[DayChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["day"])
        field.choices = [(c.key, c.label) for c in choices]


class UploadForm(_KernForm):
    id_prefix = "upload"
    # The day chosen so far: a refused file leaves it chosen.
    day = forms.CharField(required=False, widget=forms.HiddenInput)
    day_file = forms.FileField(
        label=_("Day file (JSON)"),
        help_text=_(
            "Format anlaufstelle-scenario/1, at most 5 MB. The day is kept in your session "
            "only, until you sign out or upload another."
        ),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )


class PlanForm(_KernForm):
    day = forms.CharField(required=False, widget=forms.HiddenInput)
    headcount = forms.IntegerField(
        label=_("Headcount"),
        min_value=1,
        max_value=MAX_HEADCOUNT,
        help_text=_("How many staff to plan for. The day's own staff count is filled in."),
    )
    target_p90 = forms.FloatField(
        label=_("Target for the 90th percentile of time in centre (minutes)"),
        required=False,
        min_value=1,
        max_value=MAX_DAY_MINUTES,
        help_text=_("With a target, the planner also weighs how far a staffing misses it."),
    )
    # Shown only for an uploaded day too large to keep in the session: it comes along again.
    day_file = forms.FileField(
        label=_("Day file (JSON), once more"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
    )
