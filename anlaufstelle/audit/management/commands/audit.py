from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from anlaufstelle.audit import checkpoints
from anlaufstelle.audit.models import ChainHead
from anlaufstelle.audit.services import verify

# How each kind of finding reads in the summary line.
KIND_NAMES = {
    "rewritten": "rewritten",
    "removed": "entries removed",
    "truncated": "truncated",
    "wiped": "wiped",
    "checkpoint": "unsigned checkpoints",
    "index": "index of people shown",
}


class Command(BaseCommand):
    help = (
        "Work with the audit trail. `audit verify` checks the keyed chain end to end, the index"
        " of people shown against the entries, and the database against the signed checkpoints"
        " kept outside it. `audit checkpoint` appends a signed checkpoint of the current head to"
        " the checkpoint file and prints it, for a data-protection officer to keep."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser(
            "verify",
            help="check that no entry was changed, removed, inserted, cut off or wiped",
        )
        check.add_argument(
            "--checkpoints",
            nargs="+",
            type=Path,
            default=[],
            metavar="FILE",
            help="more files of checkpoint lines to check against (e.g. ones an officer kept)",
        )
        sub.add_parser("checkpoint", help="append and print a signed checkpoint of the head")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "checkpoint":
            head = ChainHead.objects.filter(pk=1).first() or ChainHead()
            checkpoint = checkpoints.append(head.last_seq, head.last_hash)
            self.stdout.write(checkpoint.line())
            return
        files = [Path(settings.AUDIT_CHECKPOINT_FILE), *options["checkpoints"]]
        for extra in options["checkpoints"]:
            if not extra.is_file():
                raise CommandError(f"{extra}: no such checkpoint file")
        result = verify(checkpoint_files=files)
        for warning in result.warnings:
            self.stderr.write(f"note: {warning}")
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"audit chain intact: {result.checked} entries,"
                    f" {result.checkpoints} checkpoint(s) agree"
                )
            )
            return
        for finding in result.findings:
            self.stderr.write(f"{finding.kind}: {finding.text}")
        kinds = ", ".join(KIND_NAMES[kind] for kind in result.kinds)
        raise CommandError(
            f"audit chain broken ({kinds}): {len(result.findings)} problem(s)"
            f" in {result.checked} entries"
        )
