"""Management commands that hand their arguments to a pure core's command-line function.

The pure cores (flow, matching) parse their own arguments so that they run without Django; the
management command only passes argv and the streams through and turns the exit code into
Django's."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser

PureMain = Callable[[list[str], TextIO, TextIO], int]


def pure_command(main: PureMain, help_text: str) -> type[BaseCommand]:
    class Command(BaseCommand):
        help = help_text

        def add_arguments(self, parser: CommandParser) -> None:
            parser.add_argument("args", nargs=argparse.REMAINDER)

        def run_from_argv(self, argv: list[str]) -> None:
            # argv is ["anlaufstelle", "<command>", ...]: the pure core parses the rest itself.
            code = main(argv[2:], sys.stdout, sys.stderr)
            if code:
                sys.exit(code)

        def handle(self, *args: Any, **options: Any) -> None:
            # call_command("simulate", "day.json", ...) from Python lands here. The core gets the
            # caller's own streams: Django's OutputWrapper would end every write with a newline.
            out = options.get("stdout") or sys.stdout
            err = options.get("stderr") or sys.stderr
            code = main(list(args), out, err)
            if code:
                raise SystemExit(code)

    return Command
