"""Forms of the hall's screens; they check input, the services do the rest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from anlaufstelle.core.categories import Category
from anlaufstelle.core.forms import CheckboxGrid, submission_key_field
from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.core.validators import validate_text_characters
from anlaufstelle.hall.models import Outcome, Visit
from anlaufstelle.hall.services import OUT_OF_ORDER_REASONS, PENDING_MINUTES, PRIORITY_REASONS
from anlaufstelle.organisation.models import Desk, Service, Site

PRIORITY_LABELS = {
    "disability": _("disability"),
    "pregnancy": _("pregnancy"),
    "small_children": _("small children"),
    "old_age": _("old age"),
    "appointment": _("appointment"),
}


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        css = (
            "kern-form-input__select"
            if isinstance(widget, forms.Select)
            else "kern-form-input__input"
        )
        widget.attrs["class"] = css


class TicketForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)
    concerns = forms.MultipleChoiceField(
        label=_("Concerns"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    language = forms.ChoiceField(label=_("Visitor's language"), choices=())
    needs_interpreter = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    party_size = forms.IntegerField(
        label=_("People served together"), min_value=1, max_value=50, initial=1
    )
    priority_reason = forms.ChoiceField(label=_("Priority"), required=False, choices=())
    submission = submission_key_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = Site.objects.with_desks()
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
        services = Service.objects.filter(active=True, agency__desks__site__in=sites).distinct()
        self.fields["concerns"].choices = [  # type: ignore[attr-defined]
            (s.code, s.name) for s in services.order_by("pk")
        ]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, name) for code, name in SPOKEN_LANGUAGES.items()
        ]
        self.fields["priority_reason"].choices = [  # type: ignore[attr-defined]
            ("", _("none")),
            *((r, PRIORITY_LABELS[r]) for r in PRIORITY_REASONS),
        ]
        _style(self)


class AttachForm(forms.Form):
    """A ticket of today, by its site and number, to attach to the person reception found."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)
    number = forms.IntegerField(
        label=_("Ticket number"), min_value=1, max_value=99_999, help_text=_("e.g. 47 for A-047")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "attach-%s")
        super().__init__(*args, **kwargs)
        sites = Site.objects.with_desks()
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "site" in data and "number" in data:
            visit = Visit.objects.filter(
                day__site=data["site"], day__date=timezone.localdate(), number=data["number"]
            ).first()
            if visit is None:
                raise forms.ValidationError(_("There is no such ticket at this site today."))
            data["visit"] = visit
        return data


class SignInForm(forms.Form):
    desk = forms.ModelChoiceField(label=_("Desk"), queryset=Desk.objects.none(), empty_label=None)
    skills = forms.MultipleChoiceField(
        label=_("Serve now"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = getattr(user, "staff_member", None)
        desks = Desk.objects.none()
        skills: list[tuple[str, str]] = []
        if member is not None:
            # The agency's desks, and anyone's desks (those of no agency in particular).
            desks = (
                Desk.objects.filter(Q(agencies=member.agency) | Q(agencies__isnull=True))
                .distinct()
                .select_related("site")
            )
            skills = [(s.code, s.name) for s in member.skills.filter(active=True).order_by("pk")]
        self.fields["desk"].queryset = desks.order_by("site__name", "number")  # type: ignore[attr-defined]
        self.fields["skills"].choices = skills  # type: ignore[attr-defined]
        self.fields["skills"].initial = [code for code, _name in skills]
        _style(self)


class PictogramChoices(forms.CheckboxSelectMultiple):
    """Concerns as large touch tiles: the service's pictogram above its name, a real checkbox
    in each (the tick shows the choice, not a colour alone)."""

    template_name = "hall/widgets/pictogram_choices.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pictograms: dict[str, str] = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["pictogram"] = self.pictograms.get(str(option["value"]), "")
        return option


class KioskForm(forms.Form):
    """The kiosk's questions: concerns (in the visitor's language) and whether they need an
    interpreter; nothing about the person."""

    concerns = forms.MultipleChoiceField(
        label=_("What is your concern?"), widget=PictogramChoices, choices=()
    )
    needs_interpreter = forms.BooleanField(label=_("I need an interpreter"), required=False)
    submission = submission_key_field()

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_concerns(self.fields["concerns"], site)


def offer_concerns(field: forms.Field, site: Site) -> None:
    """The site's services as the choices of a concerns field with pictograms, in the current
    language (the kiosk, the public booking page)."""
    services = list(
        Service.objects.filter(active=True, agency__desks__site=site).distinct().order_by("pk")
    )
    field.choices = [(s.code, s.name) for s in services]  # type: ignore[attr-defined]
    assert isinstance(field.widget, PictogramChoices)
    field.widget.pictograms = {s.code: s.pictogram_path for s in services}


OUT_OF_ORDER_LABELS = {
    "appointment": _("an appointment"),
    "emergency": _("an emergency"),
    "back_from_elsewhere": _("back from another desk"),
    "other": _("another reason"),
}


class OutOfOrderForm(forms.Form):
    number = forms.IntegerField(
        label=_("Ticket number"), min_value=1, max_value=99_999, help_text=_("e.g. 47 for A-047")
    )
    reason = forms.ChoiceField(
        label=_("Why out of order"),
        choices=[(r, OUT_OF_ORDER_LABELS[r]) for r in OUT_OF_ORDER_REASONS],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "order-%s")
        super().__init__(*args, **kwargs)
        _style(self)


class DoneForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, initial=Outcome.DONE)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # A press of *done* without a choice (a page from before outcomes) means done.
        if data is not None and "outcome" not in data:
            data = data.copy()
            data["outcome"] = Outcome.DONE
        kwargs.setdefault("auto_id", "done-%s")
        super().__init__(data, **kwargs)
        _style(self)


class ResumeForm(forms.Form):
    """Which visitor parked at this desk to take back (a button per parked visitor)."""

    step = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


class PendingForm(forms.Form):
    minutes = forms.TypedChoiceField(
        label=_("Come back in"),
        coerce=int,
        choices=[
            # The number is named, not given: the plural is chosen in the reader's language.
            (m, ngettext_lazy("%(n)d minute", "%(n)d minutes", "n") % {"n": m})
            for m in PENDING_MINUTES
        ],
        initial=30,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "pending-%s")
        super().__init__(*args, **kwargs)
        _style(self)


class ForwardForm(forms.Form):
    """Further services for the visitor at the desk: those of the desk's site not on the route."""

    services = forms.MultipleChoiceField(label=_("Forward to"), widget=CheckboxGrid, choices=())
    note = forms.CharField(
        label=_("Note for the next desk"),
        required=False,
        max_length=200,
        help_text=_("No names: the ticket is anonymous."),
        validators=[validate_text_characters],
    )

    case = forms.TypedChoiceField(
        label=_("Refer the case to the agency of the new services"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only where a legal basis or the person's consent allows it."),
    )
    share = forms.MultipleChoiceField(
        label=_("Data passed on with the referral"),
        required=False,
        widget=CheckboxGrid,
        choices=[(c.value, c.label) for c in Category],
        initial=[Category.IDENTITY.value],
    )

    def __init__(
        self, *args: Any, site: Site, route: list[str], cases: Sequence[Any] = (), **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "forward-%s")
        super().__init__(*args, **kwargs)
        offered = Service.objects.filter(active=True, agency__desks__site=site).distinct()
        self.fields["services"].choices = [  # type: ignore[attr-defined]
            (s.code, s.name) for s in offered.order_by("pk") if s.code not in route
        ]
        if cases:
            self.fields["case"].choices = [  # type: ignore[attr-defined]
                ("", _("No referral")),
                *((case.pk, case.title) for case in cases),
            ]
        else:
            del self.fields["case"], self.fields["share"]
        _style(self)
