from __future__ import annotations

import time
from typing import Any
from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from anlaufstelle.demo.builder import DEFAULT_SEED, demo_logins, has_data, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo centre (modelled on the Ankommenszentrum Leipzig 2022) with invented "
        "people, or print its logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
        parser.add_argument("--people", type=int, default=300, help="number of people")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="load only if the database has no agency yet (else do nothing)",
        )
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="load nothing; print the sign-in addresses and the demo logins",
        )
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="base address of the server, for the printout",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print_logins"]:
            self._print_logins(options["url"])
            return
        if options["people"] < 1:
            raise CommandError("--people must be at least 1")
        if has_data():
            if options["if_empty"]:
                self.stdout.write("demo: the database already has agencies; nothing loaded.")
                return
            raise CommandError(
                "the database already has agencies; the demo loads only into an empty database "
                "(use --if-empty to skip quietly)"
            )
        started = time.monotonic()
        try:
            result = load_demo(seed=options["seed"], people=options["people"])
        except ValidationError as exc:
            # Most likely a demo password from the environment that the validators refuse.
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"demo loaded in {time.monotonic() - started:.1f} s (seed {options['seed']}): "
                f"{result.sites} sites, {result.agencies} agencies, {result.services} services, "
                f"{result.desks} desks, {result.staff} staff, {result.interpreters} "
                f"interpreters, {result.people} people in {result.households} households"
            )
        )
        if not options["if_empty"]:
            self.stdout.write("Show the logins with: anlaufstelle demo --print-logins")

    def _print_logins(self, base_url: str) -> None:
        logins, extras = demo_logins()
        if not logins:
            self.stdout.write(
                "No demo logins in this database; load them with `anlaufstelle demo`."
            )
            return
        base = base_url if base_url.endswith("/") else base_url + "/"
        rows = [("username", "password", "role(s)", "agency")]
        rows += [(login.username, login.password, login.roles, login.agency) for login in logins]
        widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
        lines = [
            "",
            "Anlaufstelle demo",
            f"  staff sign-in:  {urljoin(base, reverse('core:login').lstrip('/'))}",
            f"  Django admin:   {urljoin(base, reverse('admin:index').lstrip('/'))}  (user admin)",
            "",
        ]
        for i, row in enumerate(rows):
            cells = [str(cell).ljust(widths[n]) for n, cell in enumerate(row[:3])]
            lines.append("  " + "  ".join([*cells, str(row[3])]).rstrip())
            if i == 0:
                lines.append("  " + "  ".join("-" * w for w in [*widths, len("agency")]))
        if extras:
            lines += ["", f"  Further desk officers, same password: {', '.join(extras)}"]
        lines.append("")
        self.stdout.write("\n".join(lines))
