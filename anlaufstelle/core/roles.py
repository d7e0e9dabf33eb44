"""Staff roles. A staff member may hold several; every staff page names the roles it admits."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION = "reception", _("Reception / guide")
    DESK_OFFICER = "desk_officer", _("Desk officer")
    COORDINATOR = "coordinator", _("Coordinator")
    DATA_PROTECTION = "data_protection", _("Data-protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")


# Who may work with a person's data in this release. Finer access by data category, agency and
# purpose comes with the privacy capability; until then these roles are the deny-by-default gate.
PERSON_READERS = (Role.RECEPTION, Role.DESK_OFFICER, Role.DATA_PROTECTION)
PERSON_WRITERS = (Role.RECEPTION, Role.DESK_OFFICER)
