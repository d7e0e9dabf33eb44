from typing import Any

from django.conf import settings
from django.http import HttpRequest

from anlaufstelle.core.http import current_page_for_get
from anlaufstelle.core.permissions import desk_agency, roles_of
from anlaufstelle.core.roles import FILE_READERS, Role


def staff(request: HttpRequest) -> dict[str, Any]:
    roles = roles_of(request.user)
    return {
        # Each language in its own name, never translated: a reader must recognise their own.
        "ui_languages": settings.LANGUAGES,
        # Where the language switcher returns to: a page that opens with GET.
        "language_next": current_page_for_get(request),
        "user_roles": roles,
        "can_search_people": bool(roles & set(FILE_READERS)),
        "can_see_organisation": bool(roles & {Role.COORDINATOR, Role.ADMINISTRATOR}),
        "can_audit": Role.DATA_PROTECTION in roles,
        "can_decide_rights": Role.ADMINISTRATOR in roles,
        "can_issue_tickets": Role.RECEPTION in roles,
        "can_serve_at_desk": Role.DESK_OFFICER in roles,
        "can_coordinate_hall": Role.COORDINATOR in roles,
        "is_partner": Role.PARTNER in roles,
        "can_take_calls": bool(roles & {Role.RECEPTION, Role.DESK_OFFICER}),
        # A desk of the housing administration (housing/services.py); looked up only by the
        # pages that ask.
        "can_house": lambda: desk_agency(request.user, "housing") is not None,
        # A desk of an agency that pays benefits (payouts/models.py PAYING_AGENCIES).
        "can_pay": lambda: desk_agency(request.user, "social_office", "jobcenter") is not None,
        # Interpreters have no staff role: their account is linked to an interpreter.
        "is_interpreter": request.user.is_authenticated
        and hasattr(request.user, "interpreter")
        and request.user.interpreter is not None,
    }
