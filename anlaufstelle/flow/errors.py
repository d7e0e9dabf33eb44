"""The flow core's exceptions.

They live apart from the modules that raise them because those may be compiled
(:mod:`anlaufstelle.flow.native`), and a compiled module cannot define subclasses of built-in
exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping


class PolicyError(RuntimeError):
    """A policy answered something the rules do not allow."""


class HallError(ValueError):
    """A transition that the hall's state does not allow (a programming or data error)."""


class ScenarioError(ValueError):
    """A day (or forecast, or skill-set file) is malformed; the message names the field.

    ``str(exc)`` is the English line for the command line. An error made by
    :func:`scenario_error` also carries the field's ``path``, a stable ``code`` (a key of
    :data:`~anlaufstelle.flow.messages.MESSAGES`) and its ``params`` as the strings shown, so the
    web layer can say the same in the user's language; a raiser may also give a message only
    (then ``code`` is empty).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        code: str = "",
        params: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.code = code
        self.params: dict[str, str] = dict(params or {})
