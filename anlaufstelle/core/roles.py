"""Staff roles. A staff member may hold several; every staff page names the roles it admits."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTION = "reception", _("Reception / guide")
    DESK_OFFICER = "desk_officer", _("Desk officer")
    COORDINATOR = "coordinator", _("Coordinator")
    DATA_PROTECTION = "data_protection", _("Data-protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    # An adviser of a partner organisation (a welfare association's migration counselling, a
    # debt advice): no legal basis of the house reaches them, so they see a person only by the
    # person's consent and a case only once a referral gives their organisation a part.
    PARTNER = "partner", _("Partner adviser")


# Who may work with a person's data in this release. Finer access by data category, agency and
# purpose comes with the privacy capability; until then these roles are the deny-by-default gate.
PERSON_READERS = (Role.RECEPTION, Role.DESK_OFFICER, Role.DATA_PROTECTION)
PERSON_WRITERS = (Role.RECEPTION, Role.DESK_OFFICER)
# Who may open a person's page and work in the case file: the registry's readers and writers,
# and partner advisers, whom the access decision shows only what a consent or a referral gives
# them. Partner advisers never register people or change the registry.
FILE_READERS = (*PERSON_READERS, Role.PARTNER)
FILE_WRITERS = (*PERSON_WRITERS, Role.PARTNER)
