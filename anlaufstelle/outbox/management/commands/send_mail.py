from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anlaufstelle.outbox import services


class Command(BaseCommand):
    help = (
        "Send the queued e-mails that are due through the SMTP server (EMAIL_HOST) and print"
        " one line of counts. With --loop, keep sending every few seconds until stopped"
        " (SIGTERM or Ctrl-C): run it beside the web server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep going until stopped")
        parser.add_argument(
            "--every", type=int, default=5, metavar="SECONDS", help="pause between rounds"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["every"] < 1:
            self.stderr.write("send_mail: error: --every: expected a whole number ≥ 1")
            raise SystemExit(2)
        stopping = False

        def stop(_signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True

        if options["loop"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            counts = services.deliver_due()
            if not options["loop"] or any(counts.values()):
                self.stdout.write(
                    f"sent {counts['sent']}, to try again {counts['retry']},"
                    f" given up {counts['failed']}"
                )
            if not options["loop"] or stopping:
                return
            for _second in range(options["every"]):
                if stopping:
                    return
                time.sleep(1)
