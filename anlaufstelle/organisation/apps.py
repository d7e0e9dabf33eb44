from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "anlaufstelle.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from anlaufstelle.organisation import rights, twofactor

        rights.connect()
        twofactor.connect()
