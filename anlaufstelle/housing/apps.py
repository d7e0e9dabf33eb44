from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "anlaufstelle.housing"
    label = "housing"
    verbose_name = _("Housing")
