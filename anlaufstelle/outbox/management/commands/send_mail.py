"""`anlaufstelle send_mail`: deliver the outbox's due mails (outbox/services.py) once, or with
--loop for ever, beside the web server, until SIGTERM or Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import InterfaceError, OperationalError, close_old_connections

from anlaufstelle.outbox import services

log = logging.getLogger("anlaufstelle.outbox")


def _seconds(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= 3600:
        raise argparse.ArgumentTypeError(f"expected whole seconds from 1 to 3600, not {raw!r}")
    return value


class Command(BaseCommand):
    help = (
        "Send the queued e-mails that are due through the SMTP server (EMAIL_HOST) and print"
        " one line of counts. With --loop, keep sending every few seconds until stopped"
        " (SIGTERM or Ctrl-C): run it beside the web server."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        # A bad option is one line and exit status 2, like the project's other commands,
        # not argparse's usage block.
        def error(message: str) -> NoReturn:
            if not parser.called_from_command_line:
                raise CommandError(f"Error: {message}")
            sys.stderr.write(f"{parser.prog}: error: {message}\n")
            sys.exit(2)

        parser.error = error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep going until stopped")
        parser.add_argument(
            "--every",
            type=_seconds,
            default=5,
            metavar="SECONDS",
            help="pause between rounds with --loop (default 5)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["loop"]:
            self._report(services.deliver_due())
            return
        stopping = False

        def stop(_signum: int, _frame: Any) -> None:
            # The mail in hand is sent and recorded first, then the sender ends.
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            # A long-running process: connections past their age or broken are replaced,
            # as a web request would.
            close_old_connections()
            try:
                counts = services.deliver_due(stop=lambda: stopping)
            except (OperationalError, InterfaceError) as exc:
                # The database away for a moment (restarted, failed over): try again later
                # rather than stop sending for good.
                log.warning("send_mail: the database did not answer: %s", exc)
                counts = {}
            if any(counts.values()):
                self._report(counts)
            for _second in range(options["every"]):
                if stopping:
                    break
                time.sleep(1)

    def _report(self, counts: dict[str, int]) -> None:
        self.stdout.write(
            f"sent {counts['sent']}, to try again {counts['retry']}, given up {counts['failed']}"
        )
