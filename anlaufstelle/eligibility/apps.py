from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EligibilityConfig(AppConfig):
    name = "anlaufstelle.eligibility"
    label = "eligibility"
    verbose_name = _("Eligibility")
