from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anlaufstelle.appointments import runs, services


class Command(BaseCommand):
    help = (
        "Routine work on bookings, run every few minutes beside the web server (e.g. by a"
        " timer). `appointments remind` queues the reminder e-mail of each booking that starts"
        " within APPOINTMENT_REMINDER_HOURS, and the one reminder of each invited person who has"
        " not answered after APPOINTMENT_INVITATION_REMINDER_DAYS; `appointments missed` marks"
        " bookings whose time and late window have passed without a check-in as not come (the"
        " no-show figures count them). Both print their counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("remind", help="queue the due reminders")
        sub.add_parser("missed", help="mark bookings not come")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "remind":
            self.stdout.write(f"reminders queued: {services.remind_due()}")
            self.stdout.write(f"invitations reminded: {runs.remind_unanswered()}")
        else:
            self.stdout.write(f"marked not come: {services.mark_missed()}")
