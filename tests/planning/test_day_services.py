"""Choosing and uploading days: the shipped samples, uploads, the session."""

from __future__ import annotations

import json

import pytest
from planning_helpers import LEIPZIG, RURAL, day_file, make_tiny_day, read, without

from anlaufstelle.flow import load_day, load_day_file
from anlaufstelle.planning import services
from anlaufstelle.planning.services import (
    SESSION_DAY,
    UPLOAD_KEY,
    PlanningError,
    day_choices,
    load_day_choice,
    needs_day_file,
    read_upload,
)

# Service names come from the organisation's configuration.
pytestmark = pytest.mark.django_db


def test_shipped_samples_are_generated_days_of_the_two_forecasts():
    rural, leipzig = load_day_file(RURAL), load_day_file(LEIPZIG)
    assert rural.name == "burgenland-walk-in-seed1" and len(rural.visitors) == 74
    assert leipzig.name == "leipzig-peak-seed1" and len(leipzig.visitors) == 437


def test_choices_are_the_shipped_samples_in_order():
    assert [c.key for c in day_choices({})] == ["sample:rural-walk-in", "sample:leipzig-peak"]
    assert services.default_day_key() == "sample:rural-walk-in"


def test_a_kept_upload_is_offered_too():
    session = {SESSION_DAY: {"name": "monday.json", "day": make_tiny_day()}}
    assert day_choices(session)[-1] == services.DayChoice(UPLOAD_KEY, "Uploaded: monday.json")


def test_loading_a_sample_gives_the_file_as_the_core_reads_it():
    loaded = load_day_choice(key="sample:leipzig-peak", session={})
    assert loaded.day == load_day_file(LEIPZIG)
    assert loaded.label == "Sample: Leipzig peak day"
    assert loaded.kept


def test_no_key_means_the_default_day():
    assert load_day_choice(key=None, session={}).key == "sample:rural-walk-in"


def test_a_broken_sample_names_its_field(monkeypatch, tmp_path):
    (tmp_path / "broken.json").write_text('{"format": "something else"}', encoding="utf-8")
    monkeypatch.setattr(services, "SAMPLES_DIR", tmp_path)
    with pytest.raises(PlanningError, match="format: expected 'anlaufstelle-scenario/1'"):
        load_day_choice(key="sample:broken", session={})


@pytest.mark.parametrize("key", ["sample:nope", "example:../../etc/passwd", "upload:x", "x"])
def test_unknown_keys_are_refused(key):
    with pytest.raises(PlanningError, match="not available"):
        load_day_choice(key=key, session={})


def test_an_upload_is_kept_in_the_session_and_loads_again(tiny_day):
    session: dict = {}
    loaded = load_day_choice(key="sample:leipzig-peak", session=session, upload=day_file(tiny_day))
    assert loaded.key == UPLOAD_KEY and loaded.kept
    assert session[SESSION_DAY]["name"] == "day.json"
    again = load_day_choice(key=UPLOAD_KEY, session=session)
    assert again.day == load_day(tiny_day)
    assert again.digest == loaded.digest


def test_a_lost_upload_asks_for_the_file_again():
    with pytest.raises(PlanningError, match="upload it again"):
        load_day_choice(key=UPLOAD_KEY, session={})
    assert needs_day_file(session={}, key=UPLOAD_KEY)
    assert not needs_day_file(session={}, key="sample:rural-walk-in")


def test_a_day_too_large_for_the_session_is_used_once_and_not_kept(monkeypatch, tiny_day):
    monkeypatch.setattr(services, "MAX_SESSION_DAY_BYTES", 100)
    session: dict = {SESSION_DAY: {"name": "older.json", "day": tiny_day}}
    loaded = load_day_choice(key=None, session=session, upload=day_file(tiny_day, "big.json"))
    assert not loaded.kept
    assert loaded.day == load_day(tiny_day)
    assert SESSION_DAY not in session
    assert needs_day_file(session=session, key=UPLOAD_KEY)


def test_read_upload_accepts_a_byte_order_mark(tiny_day):
    body = b"\xef\xbb\xbf" + json.dumps(tiny_day).encode()
    assert read_upload(day_file(body)) == load_day(tiny_day)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"format": "anlaufstelle-scenario/1",', "JSON: invalid JSON at line 1"),
        # The core's "(day)" is no field of the file, so the page names it in words.
        (b"[1, 2, 3]", r"\(whole file\): expected an object"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000, "cannot be used"),
    ],
    ids=["malformed", "not-an-object", "binary", "deeply-nested"],
)
def test_read_upload_refuses_what_is_not_a_day(body, message):
    with pytest.raises(PlanningError, match=message):
        read_upload(day_file(body))


def test_read_upload_names_the_missing_or_wrong_field(tiny_day):
    with pytest.raises(PlanningError, match=r"visitors\[3\]\.arrival: missing"):
        read_upload(day_file(without(tiny_day, "visitors", 3, "arrival")))
    wrong = dict(tiny_day, format="anlaufstelle-scenario/2")
    with pytest.raises(PlanningError, match="format: expected 'anlaufstelle-scenario/1'"):
        read_upload(day_file(wrong))


def test_non_finite_numbers_are_refused_by_name(tiny_day):
    text = json.dumps(tiny_day)
    infinite = text.replace('"party_size": 2', '"party_size": Infinity', 1)
    with pytest.raises(PlanningError, match="JSON: Infinity is not a number JSON allows"):
        read_upload(day_file(infinite.encode()))
    # 1e400 is valid JSON, and Python reads it as infinity.
    overflow = text.replace('"party_size": 2', '"party_size": 1e400', 1)
    with pytest.raises(PlanningError, match=r"visitors\[1\]\.party_size: expected an integer"):
        read_upload(day_file(overflow.encode()))


def test_read_upload_refuses_oversize_files():
    body = b" " * (services.MAX_UPLOAD_BYTES + 1)
    with pytest.raises(PlanningError, match="larger than 5 MB"):
        read_upload(day_file(body))


def test_times_beyond_two_days_are_refused_before_simulating(tiny_day):
    tiny_day["visitors"][0]["steps"]["reception"] = 1e12
    too_long = r"visitors\[0\]\.steps\.reception: 1e\+12 minutes is more than"
    with pytest.raises(PlanningError, match=too_long):
        read_upload(day_file(tiny_day))
    late = read(RURAL)
    late["staff"][0]["to"] = 10_000
    with pytest.raises(PlanningError, match=r"staff\[0\]\.to"):
        read_upload(day_file(late))
