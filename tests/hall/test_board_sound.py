"""The call board says each call aloud: the board's rows carry the sentence in the visitor's
language and the address of its sound, which espeak-ng renders once and the server keeps; a
recall has a new address; a wrong token, another site's call or a step nobody called is not
found, and so is every call when espeak-ng is missing or fails (the board then lets the
browser speak)."""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import wave
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from anlaufstelle.hall import announce, services
from anlaufstelle.hall.models import Step
from anlaufstelle.hall.views import board_token
from anlaufstelle.organisation.models import Desk, Site

pytestmark = pytest.mark.django_db


def _call(site: Site, desk_number: str, language: str, username: str = "desk") -> Step:
    """A visitor with a ticket in `language`, called to the desk."""
    visit = services.issue_ticket(site=site, services=["registration"], language=language)
    officer = get_user_model().objects.create_user(username=username, password="x" * 12)
    desk = Desk.objects.get(site=site, number=desk_number)
    session = services.sign_in(user=officer, desk=desk, skills=["registration"])
    services.call_next(session)
    return visit.steps.get(service__code="registration")


def _board_rows(client, site: Site) -> list[dict[str, str]]:
    page = client.get(reverse("hall:board", args=[site.pk, board_token(site)])).content.decode()
    rows = re.findall(r"<tr [^>]*data-call=[^>]*>", page)
    return [
        {name: html.unescape(value) for name, value in re.findall(r'data-(\w+)="([^"]*)"', row)}
        for row in rows
    ]


def _seconds(body: bytes) -> float:
    with wave.open(io.BytesIO(body), "rb") as sound:
        return sound.getnframes() / sound.getframerate()


def _body(response) -> bytes:
    # Read to the end, the test client closes the file itself (without closing the database
    # connection, as a second close() here would on PostgreSQL).
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("de", "Nummer A-1. Bitte gehen Sie jetzt zu Schalter S-K-2."),
        ("ar", "التذكرة A-1. يرجى التوجه الآن إلى المكتب S-K-2."),
    ],
)
def test_a_call_is_said_aloud_in_the_visitors_language(
    client, site, language, said, compiled_catalogues
):
    Desk.objects.filter(site=site, number="1").update(number="SK02")
    step = _call(site, "SK02", language)
    [row] = _board_rows(client, site)
    assert row["lang"] == language and row["speech"] == said
    assert row["call"] == f"{step.pk}-{announce.call_stamp(step)}"
    response = client.get(row["sound"])
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    body = _body(response)
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE"
    assert _seconds(body) >= 0.5


def test_a_second_request_is_served_from_the_cache(client, site, announcements, monkeypatch):
    _call(site, "1", "uk")
    [row] = _board_rows(client, site)
    renders = []
    run = subprocess.run

    def counted(*args, **kwargs):
        renders.append(args[0])
        return run(*args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counted)
    first = client.get(row["sound"])
    body = _body(first)
    [kept] = list(Path(announcements).glob("*.wav"))
    before = kept.stat()
    again = client.get(row["sound"])
    assert _body(again) == body
    after = kept.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert len(renders) == 1 and renders[0][1:3] == ["-v", "uk"]
    # A board that has it already is told so, without the sound again.
    unchanged = client.get(row["sound"], headers={"if-none-match": first["ETag"]})
    assert unchanged.status_code == 304 and not unchanged.content
    assert len(renders) == 1


def test_a_recall_has_a_new_address_and_the_old_one_is_gone(client, site, settings):
    settings.HALL_RECALL_SECONDS = 0
    step = _call(site, "1", "en")
    [first] = _board_rows(client, site)
    services.recall(step.session)
    [again] = _board_rows(client, site)
    assert again["call"] != first["call"] and again["sound"] != first["sound"]
    assert client.get(first["sound"]).status_code == 404
    assert _body(client.get(again["sound"]))[:4] == b"RIFF"


def test_wrong_token_other_sites_step_and_uncalled_step_are_not_found(client, site, agencies):
    step = _call(site, "1", "de")
    stamp = announce.call_stamp(step)
    token = board_token(site)

    def url(site_id, token, step_id, stamp):
        return reverse("hall:board_announce", args=[site_id, token, step_id, stamp])

    assert client.get(url(site.pk, token, step.pk, stamp)).status_code == 200
    assert client.get(url(site.pk, "guess", step.pk, stamp)).status_code == 404
    assert client.get(url(site.pk, token, step.pk, stamp + 1)).status_code == 404
    # Another site's board with its own, valid token does not say this site's calls.
    other = Site.objects.create(name="Pop-up")
    Desk.objects.create(site=other, number="9").agencies.add(agencies["reception"])
    assert client.get(url(other.pk, board_token(other), step.pk, stamp)).status_code == 404
    # A step nobody has called (the second visitor waits: the only desk is busy).
    waiting = services.issue_ticket(site=site, services=["registration"], language="de")
    waiting_step = waiting.steps.get()
    assert waiting_step.state == Step.State.WAITING
    assert client.get(url(site.pk, token, waiting_step.pk, stamp)).status_code == 404
    # A call that is over is off the board, and so is its sound.
    services.came(step.session)
    services.done(step.session)
    assert client.get(url(site.pk, token, step.pk, stamp)).status_code == 404
    assert client.post(url(site.pk, token, step.pk, stamp)).status_code == 404


def test_without_espeak_ng_the_call_is_not_found_and_the_board_still_shows_it(
    client, site, settings, announcements, tmp_path
):
    settings.HALL_ANNOUNCE_ESPEAK = str(tmp_path / "no-espeak-ng")
    _call(site, "1", "de")
    [row] = _board_rows(client, site)
    assert row["speech"]  # the browser can still say it
    assert client.get(row["sound"]).status_code == 404
    assert not Path(announcements).exists() or not list(Path(announcements).iterdir())


def test_when_espeak_ng_fails_the_call_is_not_found_and_nothing_is_kept(
    client, site, settings, announcements, caplog
):
    settings.HALL_ANNOUNCE_ESPEAK = "false"  # a program that fails at once
    _call(site, "1", "ru")
    [row] = _board_rows(client, site)
    assert client.get(row["sound"]).status_code == 404
    assert "espeak-ng could not say a call in ru" in caplog.text
    assert not list(Path(announcements).iterdir())


def test_only_the_newest_sentences_are_kept(settings, announcements):
    settings.HALL_ANNOUNCE_KEEP = 2
    paths = []
    for n in (1, 2, 3):
        path = announce.render("en", f"Ticket A-{n}.")
        assert path is not None
        os.utime(path, (1_000_000 * n, 1_000_000 * n))  # one after the other, whatever the clock
        paths.append(path)
    assert sorted(Path(announcements).glob("*.wav")) == sorted(paths[1:])


@pytest.mark.parametrize(
    ("code", "spoken"),
    [("A-047", "A-47"), ("SK02", "S-K-2"), ("12", "12"), ("B 3", "B-3"), ("-", "-")],
)
def test_numbers_are_spoken_letter_by_letter_and_without_leading_zeros(code, spoken):
    assert announce.spoken_code(code) == spoken
