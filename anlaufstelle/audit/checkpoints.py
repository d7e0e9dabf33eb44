"""Signed checkpoints of the audit chain's head, kept outside the database.

The chain inside the database shows a changed, inserted or removed entry, but not entries cut
off at the end together with the head row, nor a trail emptied altogether: both read like a
shorter trail. A checkpoint is one line `{"seq", "hash", "at", "mac"}` saying "entry #seq had
this hash at this time", signed with the audit key (HMAC). The lines are appended to a file
(settings.AUDIT_CHECKPOINT_FILE) that the database administrator should not be able to rewrite,
and logged to `anlaufstelle.audit.checkpoint` for log shipping; a data-protection officer may keep
any line (`anlaufstelle audit checkpoint`). `audit verify` compares the database with them.

Writers append under an exclusive lock and sync the file before going on, so concurrent processes
never interleave half lines and a written checkpoint survives a crash.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

log = logging.getLogger("anlaufstelle.audit.checkpoint")

FORMAT = "anlaufstelle-audit-checkpoint/1"


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str

    def mac(self) -> str:
        message = f"{FORMAT}|{self.seq}|{self.hash}|{self.at}".encode()
        return hmac.new(settings.AUDIT_KEY.encode(), message, hashlib.sha256).hexdigest()

    def line(self) -> str:
        body = {"format": FORMAT, "seq": self.seq, "hash": self.hash, "at": self.at}
        return json.dumps({**body, "mac": self.mac()}, sort_keys=True)


@dataclass(frozen=True)
class BadLine:
    source: str
    number: int
    reason: str


def parse(text: str) -> Checkpoint | str:
    """The checkpoint in one line, or why the line is not a valid, signed checkpoint."""
    try:
        data = json.loads(text)
    except ValueError:
        return "not a checkpoint line"
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return "not a checkpoint line"
    seq, hash_, at, mac = data.get("seq"), data.get("hash"), data.get("at"), data.get("mac")
    if not (isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0):
        return "not a checkpoint line"
    if not all(isinstance(value, str) for value in (hash_, at, mac)):
        return "not a checkpoint line"
    checkpoint = Checkpoint(seq=seq, hash=str(hash_), at=str(at))
    if not hmac.compare_digest(checkpoint.mac(), str(mac)):
        return "not signed with this installation's audit key (forged or damaged)"
    return checkpoint


def read(paths: Iterable[Path]) -> tuple[list[Checkpoint], list[BadLine]]:
    """Every valid checkpoint in these files and every line that is not one. A missing file
    holds none (a fresh installation has not written one yet)."""
    found: list[Checkpoint] = []
    bad: list[BadLine] = []
    for path in paths:
        for number, text in _lines(path):
            result = parse(text)
            if isinstance(result, Checkpoint):
                found.append(result)
            else:
                bad.append(BadLine(str(path), number, result))
    return found, bad


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if text.strip():
                    yield number, text.strip()
    except FileNotFoundError:
        return


def append(seq: int, hash_: str, *, now: datetime | None = None) -> Checkpoint:
    """Append a checkpoint of entry #seq to the checkpoint file and the log."""
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    checkpoint = Checkpoint(seq=seq, hash=hash_, at=at)
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: every write lands at the end, whatever another process did meanwhile.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, (checkpoint.line() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock
    log.info("%s", checkpoint.line())
    return checkpoint


class _Schedule:
    """At most one checkpoint per interval and process, of the last entry committed. An entry
    committed within the interval is checkpointed when the interval is over (a timer), or when
    the process ends, so no committed entry stays uncovered for longer than the interval."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._pending: tuple[int, str] | None = None
        self._timer: threading.Timer | None = None
        atexit.register(self.flush)

    def due(self) -> bool:
        return time.monotonic() - self._last >= settings.AUDIT_CHECKPOINT_SECONDS

    def write(self, seq: int, hash_: str) -> None:
        """Called after the commit of entry #seq."""
        with self._lock:
            if self._pending is None or seq > self._pending[0]:
                self._pending = (seq, hash_)
            if not self.due():
                if self._timer is None:
                    wait = settings.AUDIT_CHECKPOINT_SECONDS - (time.monotonic() - self._last)
                    self._timer = threading.Timer(max(wait, 0), self.flush)
                    self._timer.daemon = True
                    self._timer.start()
                return
        self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
            self._timer = None
            if pending is None:
                return
            self._last = time.monotonic()
        try:
            append(*pending)
        except OSError:
            # A full or unmounted checkpoint disk must not stop the desks; it is logged loudly
            # and the next entry tries again.
            with self._lock:
                self._last = float("-inf")
            log.exception("the audit checkpoint could not be written")

    def reset(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._last = float("-inf")
            self._pending = None
            self._timer = None


schedule = _Schedule()
