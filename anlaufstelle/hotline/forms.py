from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import DateInput, KernFormMixin, submission_key_field
from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.hotline.models import Call, Line


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CallForm(KernFormMixin, forms.ModelForm):
    submission = submission_key_field()
    language = forms.ChoiceField(label=_("language of the call"))

    class Meta:
        model = Call
        fields = [
            "line",
            "started_at",
            "minutes",
            "language",
            "topic",
            "outcome",
            "follow_up",
            "callback_number",
            "callback_due",
            "booking_code",
            "note",
        ]
        widgets = {
            "started_at": DateTimeInput(),
            "callback_due": DateTimeInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.NumberInput(attrs={"min": 0, "max": 240}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lines = Line.objects.filter(active=True)
        line_field = cast(forms.ModelChoiceField, self.fields["line"])
        line_field.queryset = lines
        # The languages the lines are for come first, the rest of the spoken ones after.
        active = list(lines)  # read once for the languages and the one-line default
        first = [code for line in active for code in line.languages]
        ordered = list(dict.fromkeys(first + list(SPOKEN_LANGUAGES)))
        language = cast(forms.ChoiceField, self.fields["language"])
        language.choices = [("", "---------")] + [
            (code, str(SPOKEN_LANGUAGES[code])) for code in ordered
        ]
        if not self.is_bound:
            self.initial.setdefault("started_at", timezone.localtime().replace(second=0))
            if len(active) == 1:
                self.initial.setdefault("line", active[0])

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if minutes > 240:
            raise forms.ValidationError(_("Enter at most 240 minutes."))
        return minutes

    def clean_started_at(self) -> Any:
        started = self.cleaned_data["started_at"]
        if started > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("A call cannot begin in the future."))
        return started


class LinkForm(KernFormMixin, forms.Form):
    person = forms.IntegerField(
        label=_("Record number of the person"),
        min_value=1,
        help_text=_("Only when the follow-up needs the person's record, and you may see it."),
    )


class TaskForm(KernFormMixin, forms.Form):
    case = forms.TypedChoiceField(label=_("Case"), coerce=int)
    title = forms.CharField(label=_("Task"), max_length=200)
    due = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(self, *args: Any, cases: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["case"])
        field.choices = [(c.pk, c.title) for c in cases]


class FiguresForm(KernFormMixin, forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    line = forms.ModelChoiceField(
        label=_("Hotline"), queryset=Line.objects.all(), required=False, empty_label=_("all")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=6)
        if start > end:
            self.add_error("end", _("The end cannot be before the start."))
        elif (end - start).days > 366:
            self.add_error("start", _("Choose at most a year."))
        data["start"], data["end"] = start, end
        return data
