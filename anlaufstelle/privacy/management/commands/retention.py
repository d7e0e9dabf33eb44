from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from anlaufstelle.privacy import retention


class Command(BaseCommand):
    help = (
        "Apply the retention schedule: list (--dry-run) or erase (--apply) what of each person"
        " is due under the retention rules. A person whose every category is due is erased"
        " whole, with search keys, files and merge history; otherwise only the due categories."
        " People on a legal hold are listed and kept. Each erasure is recorded in the audit"
        " trail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="list only; change nothing")
        mode.add_argument("--apply", action="store_true", help="erase what is due")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["dry_run"] or options["apply"]):
            raise CommandError("say --dry-run (list) or --apply (erase)", returncode=2)
        plans = retention.due()
        for plan in plans:
            what = "everything" if plan.whole else ", ".join(plan.categories)
            hold = " (kept: legal hold)" if plan.held else ""
            self.stdout.write(f"person {plan.person_id}: {what}{hold}")
        held = sum(1 for p in plans if p.held)
        if options["dry_run"]:
            self.stdout.write(
                f"due: {len(plans) - held} people ({sum(p.whole for p in plans if not p.held)}"
                f" whole), {held} on hold; nothing changed (--dry-run)"
            )
            return
        done = retention.apply(plans)
        whole = sum(1 for plan, _detail in done if plan.whole)
        self.stdout.write(
            f"erased: {whole} people whole, {len(done) - whole} in part; {held} kept on hold"
        )
