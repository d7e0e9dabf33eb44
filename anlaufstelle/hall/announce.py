"""The call board says each call aloud, in the visitor's language.

The sentence is made of the status page's own translated sentences ("Ticket A-47. Please go to
desk B-2 now."), so every UI language has it without new translations. It is rendered on the
server by Debian's espeak-ng, which has a voice for each UI language, and kept on disk: every
board of a site fetches the same call, and a reload fetches it again. Without espeak-ng (or
when it fails) there is no file, the view answers 404, and the board falls back to the
browser's own speech where it has a voice for the language.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import wave
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, override

from anlaufstelle.hall.models import AT_A_DESK, Step
from anlaufstelle.organisation.models import Site

log = logging.getLogger("anlaufstelle.hall")

# espeak-ng's voice for each UI language (`espeak-ng --voices`); "ku" is Kurmanji, as ours.
VOICES = {"de": "de", "en": "en-gb", "uk": "uk", "ru": "ru", "ar": "ar", "fa": "fa", "ku": "ku"}
# Words per minute: slower than espeak-ng's 175, since a hall echoes and not everyone listens
# in their first language.
SPEED = 140
# espeak-ng renders a sentence in a few hundredths of a second; a hung process must not hold a
# web worker.
RENDER_SECONDS = 10

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Announcement:
    """A call on the board with what is said for it."""

    step: Step
    stamp: int
    language: str
    text: str


def call_stamp(step: Step) -> int:
    """The moment of the call in microseconds: a recall (a new `called_at`) is a new call to
    announce, with its own address. Counted in whole numbers: a float loses microseconds."""
    assert step.called_at is not None
    return (step.called_at - _EPOCH) // timedelta(microseconds=1)


def speech_language(language: str) -> str:
    """A visitor's language if the UI speaks it, else the default (as their status page)."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def spoken_code(code: str) -> str:
    """A ticket or desk number as a voice says it clearly: letters one by one, numbers without
    leading zeros, joined by hyphens (A-047 → A-47, SK02 → S-K-2). A lone "A" followed by a
    space is read as the English article; "A-47" as the letter and the number."""
    parts = re.findall(r"\d+|[^\W\d_]", code)
    return "-".join(str(int(part)) if part.isdigit() else part for part in parts) or code


def sentence(step: Step) -> tuple[str, str]:
    """(language, text) of what is said for a call."""
    language = speech_language(step.visit.language)
    desk = step.session.desk.number if step.session else ""
    with override(language):
        ticket = gettext("Ticket %(code)s") % {"code": spoken_code(step.visit.code)}
        go = gettext("Please go to desk %(desk)s now.") % {"desk": spoken_code(desk)}
    return language, f"{ticket}. {go}"


def for_board(calls: Iterable[Step]) -> list[Announcement]:
    announcements = []
    for step in calls:
        language, text = sentence(step)
        announcements.append(Announcement(step, call_stamp(step), language, text))
    return announcements


def cache_key(language: str, text: str) -> str:
    """The name of a rendered sentence: the same words in the same voice are rendered once."""
    voice = VOICES.get(language, "")
    data = json.dumps([language, voice, SPEED, text], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


def render(language: str, text: str) -> Path | None:
    """The WAV file of `text` spoken in `language`, rendered now or found from before; None
    without espeak-ng, without a voice, or when rendering failed (logged)."""
    voice = VOICES.get(language)
    binary = shutil.which(settings.HALL_ANNOUNCE_ESPEAK)
    if voice is None or binary is None:
        return None
    folder = Path(settings.HALL_ANNOUNCE_DIR)
    path = folder / f"{cache_key(language, text)}.wav"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    # Rendered beside its place and moved there whole: a board asking at the same moment
    # finds either no file or a complete one.
    handle, partial = tempfile.mkstemp(dir=folder, suffix=".part")
    os.close(handle)
    try:
        subprocess.run(
            # The text goes in on stdin, not as an argument: nothing in it is read as an option.
            [binary, "-v", voice, "-s", str(SPEED), "-b", "1", "-w", partial, "--stdin"],
            input=text.encode(),
            capture_output=True,
            timeout=RENDER_SECONDS,
            check=True,
        )
        with wave.open(partial, "rb") as sound:
            if sound.getnframes() == 0:
                raise ValueError("no sound")
        os.replace(partial, path)
    except (OSError, subprocess.SubprocessError, wave.Error, EOFError, ValueError) as problem:
        log.warning("espeak-ng could not say a call in %s: %s", language, problem)
        return None
    finally:
        Path(partial).unlink(missing_ok=True)
    _prune(folder, keep=settings.HALL_ANNOUNCE_KEEP)
    return path


def _prune(folder: Path, *, keep: int) -> None:
    """Only the newest `keep` files stay: a call is fetched while it is on the board, minutes
    at most, and rendering it again costs less than a tenth of a second."""
    files = []
    for entry in os.scandir(folder):
        if entry.name.endswith(".wav"):
            try:
                files.append((entry.stat().st_mtime_ns, entry.path))
            except FileNotFoundError:  # pruned by another process meanwhile
                continue
    files.sort()
    for _mtime, name in files[: max(len(files) - keep, 0)]:
        Path(name).unlink(missing_ok=True)


def on_board(site: Site, step_id: int) -> Step | None:
    """A call the site's board shows now (as `services.board_calls`): called, or already at
    the desk, since a visitor may be quicker than every board fetching the sound."""
    return (
        Step.objects.filter(
            pk=step_id,
            visit__day__site=site,
            visit__day__date=timezone.localdate(),
            state__in=AT_A_DESK,
            called_at__isnull=False,
        )
        .select_related("visit", "session__desk")
        .first()
    )
