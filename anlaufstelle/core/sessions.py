"""How long a sign-in lasts at a shared desk, and what a browser may keep of a staff page.

A session ends after ``SESSION_IDLE_MINUTES`` without activity and, however busy, after
``SESSION_MAX_HOURS`` from sign-in. Activity is a request, or typing and clicking on a staff
page: ``core/app.js`` then posts to ``session_alive`` now and then, so an officer filling in a
long form is not signed out under their hands and loses nothing they typed.

Pages shown to signed-in staff carry personal data, so none of them may be stored by the
browser or a proxy (``Cache-Control: no-store``): the back button after sign-out at a shared
desk shows nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anlaufstelle.core.permissions import require_account

security_log = logging.getLogger("anlaufstelle.security")

STARTED = "anlaufstelle_started"
SEEN = "anlaufstelle_seen"
# Writing the time of every request would save the session on every request; a minute's
# precision is plenty for a timeout of many minutes.
SEEN_PRECISION_SECONDS = 60


class SessionTimeouts:
    """Ends idle and over-long sessions; marks every signed-in response as not to be stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        ended = self._ended(request)
        if ended is not None:
            return ended
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response

    def _ended(self, request: HttpRequest) -> HttpResponse | None:
        session = request.session
        now = time.time()
        started = session.get(STARTED)
        seen = session.get(SEEN)
        if started is None or seen is None:
            # A session from before these limits: it starts now.
            session[STARTED] = session[SEEN] = now
            return None
        idle_limit = settings.SESSION_IDLE_MINUTES * 60
        if now - seen > idle_limit:
            message = _(
                "You were signed out after %(minutes)s minutes without activity. "
                "Please sign in again."
            ) % {"minutes": settings.SESSION_IDLE_MINUTES}
        elif now - started > settings.SESSION_MAX_HOURS * 3600:
            message = _(
                "You were signed out because you have been signed in for %(hours)s hours. "
                "Please sign in again."
            ) % {"hours": settings.SESSION_MAX_HOURS}
        else:
            if now - seen >= SEEN_PRECISION_SECONDS:
                session[SEEN] = now
            return None
        logout(request)
        messages.info(request, message)
        target = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request"):
            # htmx would put the sign-in page into a fragment; have it load the page instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target["Location"]
            return response
        return target


def log_lockout(
    sender: object, request: HttpRequest, username: str | None, ip_address: str | None, **kw: object
) -> None:
    """Connected to django-axes' ``user_locked_out``: operations see every lock-out."""
    security_log.warning(
        "sign-in locked for %s minutes after repeated failures: user name %r, address %s",
        int(settings.AXES_COOLOFF_TIME * 60),
        (username or "")[:255],
        ip_address or "unknown",
    )


def note_sign_in(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """Connected to ``user_logged_in``: both clocks start at sign-in."""
    request.session[STARTED] = request.session[SEEN] = time.time()


# Staff pages are what sends it: the same check as theirs.
@require_account
@require_POST
def session_alive(request: HttpRequest) -> HttpResponse:
    """Typing on a staff page: activity now, whatever the minute precision above."""
    request.session[SEEN] = time.time()
    return HttpResponse(status=204)
