"""Forms of the staff editor of the guide's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from anlaufstelle.core.forms import KernFormMixin, submission_key_field
from anlaufstelle.guide.models import GuidePage


class PageForm(KernFormMixin, forms.ModelForm):
    """The German page; ``version`` is the one the edit began from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GuidePage
        fields = ["slug", "topic", "order", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Please give the page a title.")
        self.fields["body"].error_messages["required"] = _("Please write the page's text.")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["key"] = submission_key_field()

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Please write the page's text."))
        return body

    def validate_unique(self) -> None:
        # A new page's address name is checked when it is made (pages.create_page), after the
        # form key: a form sent twice then finds the page its first sending made.
        if self.instance.pk:
            super().validate_unique()

    def page_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TranslationForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Please write the translated text.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Please write the translated text."))
        return body
