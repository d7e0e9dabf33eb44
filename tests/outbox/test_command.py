"""`anlaufstelle send_mail`: one line of counts; a bad option or setting is one line on
standard error and exit status 2."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.outbox.mailbox import queue


def test_the_command_sends_what_is_due_and_prints_its_counts(db, smtp):
    queue()
    queue(to="zweite@example.org")
    out = io.StringIO()
    call_command("send_mail", stdout=out)
    assert out.getvalue() == "sent 2, to try again 0, given up 0\n"
    assert len(smtp.received) == 2
    out = io.StringIO()
    call_command("send_mail", stdout=out)
    assert out.getvalue() == "sent 0, to try again 0, given up 0\n"


def test_a_bad_option_refuses_before_sending(db, smtp):
    queue()
    with pytest.raises(CommandError, match="--every: expected whole seconds"):
        call_command("send_mail", "--loop", "--every", "0")
    assert not smtp.received


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # The options are read before the database is opened: an empty file will do.
    return subprocess.run(
        [sys.executable, "-m", "anlaufstelle.cli", "send_mail", *args],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["--every", "0"], {}, "argument --every: expected whole seconds from 1 to 3600"),
        (["--every", "soon"], {}, "argument --every: expected whole seconds"),
        (["--loud"], {}, "unrecognized arguments: --loud"),
        ([], {"OUTBOX_RETRY_MINUTES": "1,soon"}, "OUTBOX_RETRY_MINUTES must be whole minutes"),
        ([], {"EMAIL_TIMEOUT": "120"}, "OUTBOX_LEASE_MINUTES must be at least 20"),
        ([], {"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "yes"}, "exclude each other"),
    ],
    ids=["zero", "word", "unknown", "retry-minutes", "lease", "tls"],
)
def test_a_bad_option_or_setting_is_exit_2_and_one_line(tmp_path, args, env, words):
    done = _run(args, tmp_path, **env)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and words in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
