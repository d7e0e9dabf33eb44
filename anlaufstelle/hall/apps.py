from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallConfig(AppConfig):
    name = "anlaufstelle.hall"
    verbose_name = _("Live hall")
