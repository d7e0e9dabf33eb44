"""`anlaufstelle send_mail --loop` as a process: killed with SIGKILL mid-way it loses no mail
(the next sender sends the rest, and the one in flight after its lease, at most twice);
stopped with SIGTERM it finishes the mail in hand, records it and exits cleanly.

On PostgreSQL the sender works on the test database itself (`committed_db`); SQLite's test
database lives in memory, so there the sender gets a copy in a file that is copied back before
the checks (as tests/hall/test_kill.py does for the server)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from anlaufstelle.outbox import services
from anlaufstelle.outbox.models import Mail
from tests.hall.test_kill import _database_back, _database_for_server
from tests.outbox.mailbox import Mailbox, queue, serving


def _sender(tmp_path: Path, port: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_for_server(tmp_path),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "anlaufstelle.cli", "send_mail", "--loop", "--every", "1"],
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _until(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_sender_killed_mid_way_loses_no_mail(committed_db, settings, tmp_path):
    box = Mailbox()
    box.delay = 0.2  # a while over each mail, so that the sender dies in the middle of one
    with serving(box) as port:
        for n in range(12):
            queue(reference=f"K{n:02d}", body=f"Mail K{n:02d}")
        sender = _sender(tmp_path, port)
        _until(lambda: len(box.received) >= 3)
        os.killpg(sender.pid, signal.SIGKILL)
        sender.communicate(timeout=10)
        assert 3 <= len(box.received) < 12, "killed in the middle"
        _database_back(tmp_path)
        states = Counter(Mail.objects.values_list("state", flat=True))
        assert set(states) <= {Mail.State.SENT, Mail.State.SENDING, Mail.State.QUEUED}
        assert states[Mail.State.SENDING] <= 1  # the one in flight, if any
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        # The next sender: the rest at once, the one in flight once its lease has run out.
        services.deliver_due()
        assert Mail.objects.filter(state=Mail.State.SENDING).count() == states["sending"]
        services.deliver_due(now=timezone.now() + timedelta(minutes=10))
    assert set(Mail.objects.values_list("state", flat=True)) == {Mail.State.SENT}
    received = Counter(box.texts())
    assert set(received) == {f"Mail K{n:02d}" for n in range(12)}
    # At least once: only the mail in flight when the sender died may have gone out twice.
    assert sum(received.values()) - 12 <= 1


def test_a_sender_stopped_with_sigterm_finishes_the_mail_in_hand(committed_db, tmp_path):
    box = Mailbox()
    box.delay = 0.3
    with serving(box) as port:
        for n in range(8):
            queue(reference=f"T{n:02d}", body=f"Mail T{n:02d}")
        sender = _sender(tmp_path, port)
        _until(lambda: len(box.received) >= 2)
        os.killpg(sender.pid, signal.SIGTERM)
        out, err = sender.communicate(timeout=15)
        assert sender.returncode == 0, err
        assert err == ""
        _database_back(tmp_path)
    sent = Mail.objects.filter(state=Mail.State.SENT).count()
    assert 2 <= sent < 8, "stopped in the middle"
    # Every mail the server took is recorded as sent; none is left half-way.
    assert sent == len(box.received) == len(set(box.texts()))
    assert Mail.objects.filter(state=Mail.State.QUEUED).count() == 8 - sent
    assert out == f"sent {sent}, to try again 0, given up 0\n"
