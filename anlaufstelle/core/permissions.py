"""Role checks for staff views: login first, then at least one of the named roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from anlaufstelle.core.roles import Role


def roles_of(user: Any) -> set[str]:
    if not user.is_authenticated:
        return set()
    staff = getattr(user, "staff_member", None)
    return set(staff.roles) if staff is not None else set()


def has_role(user: Any, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def desk_agency(user: Any, *kinds: str) -> Any:
    """The user's agency if they are one of its desk officers and it is of one of `kinds`
    (a housing desk, a paying desk, a desk of the foreigners authority); else None."""
    staff = getattr(user, "staff_member", None)
    if staff is None or Role.DESK_OFFICER not in roles_of(user):
        return None
    return staff.agency if staff.agency.kind in kinds else None


def require_roles(
    *roles: Role,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def has_account_page(user: Any) -> bool:
    """Everyone with a role, and interpreters (their accounts have none): who may see the
    overview and look after their own password, second factor and session."""
    return bool(roles_of(user)) or getattr(user, "interpreter", None) is not None


def require_account(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_account_page(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
