"""Uploading a day file: a good one is kept in the session and shown; a bad one is refused with
a message naming the problem, and the page stays on the day chosen before."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils.html import escape
from planning_helpers import day_file, without

from anlaufstelle.flow import load_day
from anlaufstelle.planning import services
from anlaufstelle.planning.services import SESSION_DAY, UPLOAD_KEY

URL = reverse("planning:upload")
PAGE = reverse("planning:index")


def test_a_valid_small_day_is_kept_and_shown(coordinator, tiny_day):
    response = coordinator.post(
        URL, {"day": "sample:leipzig-peak", "day_file": day_file(tiny_day, "monday.json")}
    )
    assert response.status_code == 302
    assert response.url == f"{PAGE}?day=upload"
    assert coordinator.session[SESSION_DAY]["name"] == "monday.json"
    page = coordinator.get(response.url)
    assert page.status_code == 200
    assert page.context["selected"].day == load_day(tiny_day)
    html = page.content.decode()
    assert "Uploaded: monday.json" in html
    assert '<option value="upload" selected>Uploaded: monday.json</option>' in html
    assert 'data-figure="p90_minutes"' in html


def test_the_upload_stays_in_its_own_session(coordinator, client_for, tiny_day):
    coordinator.post(URL, {"day_file": day_file(tiny_day)})
    other = client_for("administrator").get(PAGE, {"day": UPLOAD_KEY})
    assert "upload it again" in other.content.decode()


BAD_FILES = {
    "malformed JSON": (
        b'{"format": "anlaufstelle-scenario/1", "visitors": [',
        "JSON: invalid JSON at line 1",
    ),
    "not JSON at all": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "it is not UTF-8 text"),
    "text, not JSON": (b"id;arrival\nV1;10\n", "JSON: invalid JSON at line 1 column 1"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_file_that_is_not_json_is_refused(coordinator, case):
    body, message = BAD_FILES[case]
    response = coordinator.post(URL, {"day": "sample:leipzig-peak", "day_file": day_file(body)})
    _assert_refused(response, message)


def test_a_wrong_format_string_is_refused(coordinator, tiny_day):
    tiny_day["format"] = "anlaufstelle-forecast/1"
    response = coordinator.post(URL, {"day": "sample:leipzig-peak", "day_file": day_file(tiny_day)})
    _assert_refused(
        response,
        "format: expected 'anlaufstelle-scenario/1', got 'anlaufstelle-forecast/1'",
    )


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (("opening_minutes",), "opening_minutes: missing"),
        (("visitors", 4, "steps"), "visitors[4].steps: missing"),
        (("staff", 1, "skills"), "staff[1].skills: missing"),
    ],
)
def test_a_missing_field_is_named(coordinator, tiny_day, path, field):
    bad = without(tiny_day, *path)
    response = coordinator.post(URL, {"day": "sample:leipzig-peak", "day_file": day_file(bad)})
    _assert_refused(response, field)


def _set(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


GERMAN = {
    "negative minutes": (
        ("visitors", 12, "steps", "registration"),
        -3,
        "visitors[12].steps.registration: Zahl ≥ 0 erwartet",
    ),
    "unknown service": (
        ("visitors", 3, "steps", "passport"),
        5,
        "visitors[3].steps.passport: unbekannte Dienstleistung „passport“",
    ),
    "end before start": (("staff", 1, "to"), 0, "staff[1].to: Zahl größer als „from“ (0) erwartet"),
    "malformed JSON": (None, b'{"format": ', "JSON: ungültiges JSON in Zeile 1, Spalte 12"),
    "nested JSON": (
        None,
        b"[" * 100_000 + b"]" * 100_000,
        "JSON: JSON ist tiefer als 20 Ebenen verschachtelt",
    ),
    "huge party": (
        ("visitors", 2, "party_size"),
        1000,
        "visitors[2].party_size: ganze Zahl von 1 bis 50 erwartet",
    ),
}


@pytest.mark.parametrize("case", list(GERMAN))
def test_the_problem_is_named_in_the_coordinators_language(coordinator, tiny_day, settings, case):
    settings.LANGUAGE_CODE = "de"
    coordinator.post(URL, {"day_file": day_file(tiny_day, "good.json")})
    kept = dict(coordinator.session[SESSION_DAY])
    path, value, detail = GERMAN[case]
    if path is not None:
        _set(tiny_day, path, value)
    bad = tiny_day if path is not None else value
    response = coordinator.post(
        URL, {"day": UPLOAD_KEY, "day_file": day_file(bad, "bad.json")}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 200
    # The page's sentence and the core's detail are both German; the path names the JSON field.
    message = f"Die Tagesdatei kann nicht verwendet werden: {detail}"
    assert response.context["upload_form"].errors["day_file"] == [message]
    assert escape(message) in response.content.decode()
    # Nothing of the refused file is kept: the earlier upload is still there and chosen.
    assert response.context["selected"].label == "Hochgeladen: good.json"
    assert coordinator.session[SESSION_DAY] == kept


def test_an_oversize_file_is_refused(coordinator, tiny_day):
    body = json.dumps(tiny_day).encode() + b" " * services.MAX_UPLOAD_BYTES
    response = coordinator.post(URL, {"day": "sample:leipzig-peak", "day_file": day_file(body)})
    _assert_refused(response, "The file is larger than 5 MB; a day file is much smaller.")


def _hostile(tiny_day, field, raw):
    # JSON text a dict cannot hold (1e400, NaN, an integer of thousands of digits), put in place
    # of a sentinel number.
    tiny_day["visitors"][0][field] = 123456789
    return json.dumps(tiny_day).replace("123456789", raw, 1).encode()


HOSTILE_FILES = {
    "nested arrays": (
        lambda day: b"[" * 100_000 + b"]" * 100_000,
        "JSON: JSON nested more than 20 levels deep",
    ),
    "nested objects": (
        lambda day: b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        "JSON: JSON nested more than 20 levels deep",
    ),
    "integer of 5,000 digits": (
        lambda day: _hostile(day, "arrival", "9" * 5000),
        "visitors[0].arrival: expected a number ≥ 0",
    ),
    "1e400": (
        lambda day: _hostile(day, "arrival", "1e400"),
        "visitors[0].arrival: expected a number ≥ 0",
    ),
    "1e100 minutes": (
        lambda day: _hostile(day, "arrival", "1e100"),
        "visitors[0].arrival: 1e+100 minutes is more than the 2880 minutes",
    ),
    "huge party": (
        lambda day: _hostile(day, "party_size", "1" + "0" * 400),
        "visitors[0].party_size: expected an integer ≥ 1",
    ),
    "party of a million": (
        lambda day: _hostile(day, "party_size", "1000000"),
        "visitors[0].party_size: expected an integer from 1 to 50",
    ),
    "NaN": (
        lambda day: _hostile(day, "arrival", "NaN"),
        "JSON: NaN is not a number JSON allows",
    ),
    "long requires list": (
        lambda day: json.dumps(
            {
                **day,
                "services": [
                    {**day["services"][0], "requires": [f"s{i}" for i in range(150_000)]},
                    *day["services"][1:],
                ],
            }
        ).encode(),
        "services[0].requires: 150000 entries are more than the 200 allowed",
    ),
    "too many visitors": (
        lambda day: json.dumps({**day, "visitors": [{}] * 20_001}).encode(),
        "visitors: 20001 entries are more than the 20000 allowed",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_a_hostile_file_is_refused_with_a_message_not_a_500(coordinator, tiny_day, case):
    make, message = HOSTILE_FILES[case]
    response = coordinator.post(
        URL, {"day": "sample:leipzig-peak", "day_file": day_file(make(tiny_day))}
    )
    _assert_refused(response, f"The day file cannot be used: {message}")


def test_no_file_or_an_empty_one_is_a_form_error(coordinator):
    response = coordinator.post(URL, {"day": "sample:leipzig-peak"})
    assert response.status_code == 200
    assert response.context["upload_form"].errors["day_file"]
    empty = coordinator.post(URL, {"day": "sample:leipzig-peak", "day_file": day_file(b"")})
    assert empty.status_code == 200
    assert "The submitted file is empty." in empty.content.decode()


def test_a_refused_upload_keeps_an_earlier_upload(coordinator, tiny_day):
    coordinator.post(URL, {"day_file": day_file(tiny_day, "good.json")})
    response = coordinator.post(URL, {"day": UPLOAD_KEY, "day_file": day_file(b"{", "bad.json")})
    assert response.status_code == 200
    assert response.context["selected"].label == "Uploaded: good.json"
    assert coordinator.session[SESSION_DAY]["name"] == "good.json"


def test_a_day_too_large_for_the_session_is_shown_once(coordinator, tiny_day, monkeypatch):
    monkeypatch.setattr(services, "MAX_SESSION_DAY_BYTES", 100)
    response = coordinator.post(
        URL, {"day": "sample:leipzig-peak", "day_file": day_file(tiny_day, "huge.json")}
    )
    assert response.status_code == 200
    assert response.context["selected"].day == load_day(tiny_day)
    assert SESSION_DAY not in coordinator.session
    html = response.content.decode()
    assert "This day is too large to keep in your session." in html
    # The planner asks for the file once more.
    assert response.context["needs_file"]
    assert 'name="day_file"' in html.split('id="planner"')[1]


def _assert_refused(response, message):
    assert response.status_code == 200
    errors = response.context["upload_form"].errors["day_file"]
    assert any(message in e for e in errors), errors
    # The message reaches the page, and the day chosen before is still chosen and shown.
    html = response.content.decode()
    assert 'class="kern-error"' in html and escape(message) in html
    assert response.context["selected"].key == "sample:leipzig-peak"
    assert '<option value="sample:leipzig-peak" selected>' in html
    assert 'data-figure="p90_minutes"' in html
    assert SESSION_DAY not in response.wsgi_request.session
