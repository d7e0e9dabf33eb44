"""Fuzzing every form of the product over HTTP: each URL of the permission matrix, asked by a
persona allowed there, gets the fields its page offers filled with hostile values (NUL and
other control characters, right-to-left overrides, 5,000-character and 400-digit values,
impossible and extreme dates, several values for one field, fields left out) by POST and as
query parameters. No answer is a server error, and none shows a traceback.

`bench/fuzz/run.py` runs the same with more examples and prints how many inputs were tried.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_permission_matrix import EVERYONE, MATRIX, objects  # noqa: F401 (a fixture)

EXAMPLES = int(os.environ.get("ANLAUFSTELLE_FUZZ_EXAMPLES", "8"))
REPORT = os.environ.get("ANLAUFSTELLE_FUZZ_REPORT", "")
# Leaving the session or the language would end what the next examples test.
NOT_FUZZED = {"core:logout", "set_language"}
TALLY: Counter[str] = Counter()

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "Ko\x00val",
        "\x1b[31m",
        "Ivan\u202egnp.exe",
        "Ol\u200bha",
        "x" * 5000,
        "9" * 400,
        "1e400",
        "-1",
        "0",
        "2147483648",
        "0001-01-01",
        "9999-12-31",
        "2024-02-30",
        "31.12.1899",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "محمد",
        "Олександр",
        "true",
        "[]",
        "{}",
    ]
)
VALUE = HOSTILE | st.text(max_size=40)
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', re.IGNORECASE)


def _persona(key: str) -> str:
    allowed = MATRIX[key].allowed
    # A URL no persona may use (the interpreters' page) is fuzzed through its refusal.
    return "reception" if allowed == EVERYONE or not allowed else sorted(allowed)[0]


def _fields(html: str) -> list[str]:
    return sorted({name for name in FIELD.findall(html) if name != "csrfmiddlewaretoken"})


@pytest.mark.parametrize("key", sorted(set(MATRIX) - NOT_FUZZED))
def test_no_form_answers_hostile_input_with_a_server_error(key, personas, objects):  # noqa: F811
    client = Client(raise_request_exception=False)
    client.force_login(personas[_persona(key)])
    url = reverse(key, kwargs=MATRIX[key].kwargs(objects))
    page = client.get(url)
    names = (not page.streaming and _fields(page.content.decode(errors="replace"))) or ["q"]
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(
        st.dictionaries(
            st.sampled_from(names) | st.text(max_size=8),
            st.lists(VALUE, min_size=1, max_size=3) | VALUE,
            max_size=len(names) + 2,
        )
    )
    def ask(data: dict[str, object]) -> None:
        for method in ("POST", "GET"):
            response = client.post(url, data) if method == "POST" else client.get(url, data)
            TALLY[str(response.status_code)] += 1
            TALLY["inputs"] += 1
            # A file (the board's spoken call) streams; its bytes are audio, not a page.
            body = "" if response.streaming else response.content.decode(errors="replace")
            if response.status_code >= 500 or "Traceback" in body:
                failures.append(f"{method} {url} {data!r}: {response.status_code}")

    ask()
    assert not failures, "\n".join(failures[:5])


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    if REPORT:
        Path(REPORT).write_text(json.dumps(dict(TALLY), indent=2))
