"""The project's single command line, ``anlaufstelle <command>``.

The pure computations (``simulate``, ``generate``, ``plan``, ``match``) run straight from their
core, before Django is imported: a coordinator can run them on a laptop without a secret key, a
database or any setting, and the start-up stays short. Every other command is one of Django's
management commands (migrate, runserver, demo, audit, ...).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import TextIO

PureMain = Callable[[list[str], TextIO, TextIO], int]

# command → (module, function, what it does). Imported only when run, so that one command does
# not pay for the start-up of another.
PURE_COMMANDS: dict[str, tuple[str, str, str]] = {
    "generate": ("anlaufstelle.flow.cli", "run_generate", "generate a day from a forecast"),
    "match": ("anlaufstelle.matching.cli", "run_match", "match people in files, best first"),
    "plan": ("anlaufstelle.flow.cli", "run_plan", "propose the staff of a day"),
    "simulate": ("anlaufstelle.flow.cli", "run_simulate", "replay a day under a policy"),
}


def pure_command(name: str) -> PureMain:
    module, function, _what = PURE_COMMANDS[name]
    main: PureMain = getattr(importlib.import_module(module), function)
    return main


def pure_commands_help() -> str:
    width = max(len(name) for name in PURE_COMMANDS)
    lines = ["[anlaufstelle] (pure computations: no settings, no database)"]
    lines += [f"    {name.ljust(width)}  {what}" for name, (_m, _f, what) in PURE_COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    try:
        if args and args[0] in PURE_COMMANDS:
            sys.exit(pure_command(args[0])(args[1:], sys.stdout, sys.stderr))
        if len(args) == 2 and args[0] == "help" and args[1] in PURE_COMMANDS:
            sys.exit(pure_command(args[1])(["--help"], sys.stdout, sys.stderr))
        _django(args)
    except BrokenPipeError:
        # Output piped into `head` and the like: the reader left, nothing went wrong here.
        sys.stderr.close()
        sys.exit(0)


def _django(args: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anlaufstelle.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import ManagementUtility

    class Utility(ManagementUtility):
        # Django's list of commands does not know the pure ones.
        def main_help_text(self, commands_only: bool = False) -> str:
            text = super().main_help_text(commands_only)
            if commands_only:
                return "\n".join(sorted([*text.splitlines(), *PURE_COMMANDS]))
            return f"{text}\n\n{pure_commands_help()}"

    try:
        Utility(["anlaufstelle", *args]).execute()
    except ImproperlyConfigured as exc:
        # A configuration mistake is the operator's, not a bug: one line, no traceback.
        print(f"anlaufstelle: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
