"""A real SMTP server on loopback (aiosmtpd) that keeps what it received, and a mail to queue."""

from __future__ import annotations

import asyncio
import email
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from anlaufstelle.outbox import services
from anlaufstelle.outbox.models import Mail


class Mailbox:
    """Keeps the messages it accepted. ``refuse_data`` / ``refuse_rcpt`` (an SMTP reply, e.g.
    "451 4.3.0 mailbox busy") refuse every message at that step while set; ``delay`` seconds
    are spent over each message."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.refuse_data = ""
        self.refuse_rcpt = ""
        self.refuse_for: dict[str, str] = {}  # address → reply, for those addresses only
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        refusal = self.refuse_rcpt or self.refuse_for.get(address, "")
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.refuse_data:
            return self.refuse_data
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(message)
        return "250 OK"

    def texts(self) -> list[str]:
        """The plain text of each message received, its lines ended by newlines."""
        return [
            m.get_body(("plain",)).get_content().replace("\r\n", "\n").strip()
            for m in self.received
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(box: Mailbox) -> Iterator[int]:
    """The server on a free loopback port (yielded) while the block runs."""
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def queue(**more) -> Mail:
    data = {
        "to": "besucherin@example.org",
        "subject": "Ihr Termin",
        "body": "Bitte mitbringen: Pass",
        "language": "de",
        "kind": "booking",
        "reference": "ACDE-FGHJ",
    }
    return services.enqueue(**(data | more))
