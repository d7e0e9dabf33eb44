"""The project's single command line: `anlaufstelle <command>` wraps Django's management
commands (migrate, runserver, demo, audit, simulate, match, ...)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anlaufstelle.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["anlaufstelle", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as exc:
        # A configuration mistake is the operator's, not a bug: one line, no traceback.
        print(f"anlaufstelle: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)
    except BrokenPipeError:
        # Output piped into `head` and the like: the reader left, nothing went wrong here.
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
