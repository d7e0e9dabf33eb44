"""Start-up refuses bad or missing required settings with a clear message, no traceback."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

KEYS = {"SECRET_KEY": "x" * 40, "AUDIT_KEY": "k" * 40}
BASE_ENV = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "anlaufstelle.cli", "check"],
        env={**BASE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY (or SECRET_KEY_FILE) must be set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 32 characters"),
        ({"SECRET_KEY": "x" * 40, "AUDIT_KEY": "k" * 40}, "ALLOWED_HOSTS must name"),
        (
            {"SECRET_KEY": "x" * 40, "ALLOWED_HOSTS": "a", "DEBUG": "maybe"},
            "DEBUG='maybe' is not a boolean",
        ),
        ({"SECRET_KEY": "x" * 40}, "AUDIT_KEY (or AUDIT_KEY_FILE) must be set"),
        ({"SECRET_KEY": "x" * 40, "AUDIT_KEY": "short"}, "AUDIT_KEY must be at least 32"),
        (
            {**KEYS, "ALLOWED_HOSTS": "a", "AUDIT_CHECKPOINT_SECONDS": "-1"},
            "AUDIT_CHECKPOINT_SECONDS must not be negative",
        ),
        (
            {"SECRET_KEY_FILE": "/nonexistent/secret"},
            "SECRET_KEY_FILE='/nonexistent/secret' cannot be read",
        ),
        (
            {**KEYS, "ALLOWED_HOSTS": "a", "DATABASE_URL": "nonsense://x"},
            "DATABASE_URL",
        ),
        (
            {**KEYS, "ALLOWED_HOSTS": "a", "SESSION_IDLE_MINUTES": "0"},
            "SESSION_IDLE_MINUTES and SESSION_MAX_HOURS must be at least 1",
        ),
    ],
)
def test_bad_configuration_stops_with_a_clear_message(env, message):
    result = _check(env)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_keys_from_files_are_accepted(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 50 + "\n")
    audit_key = tmp_path / "audit_key"
    audit_key.write_text("a" * 50 + "\n")
    result = _check(
        {
            "SECRET_KEY_FILE": str(secret),
            "AUDIT_KEY_FILE": str(audit_key),
            "ALLOWED_HOSTS": "example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        }
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_are_safe(settings):
    from anlaufstelle.config import settings as module

    assert module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert module.SESSION_COOKIE_HTTPONLY and module.X_FRAME_OPTIONS == "DENY"
    assert "'unsafe-inline'" not in module.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]


def test_every_variable_the_settings_read_is_documented():
    # docs/configuration.md is the operator's list; a new variable must appear there.
    root = Path(__file__).resolve().parents[2]
    sources = [root / "anlaufstelle/config/settings.py", root / "anlaufstelle/demo/story.py"]
    names = set()
    for source in sources:
        text = source.read_text(encoding="utf-8")
        names |= set(re.findall(r'env\.get(?:_bool|_int|_list)?\(\s*"([A-Z_]+)"', text))
        names |= set(re.findall(r'_ENV = "([A-Z_]+)"', text))
    assert len(names) >= 14
    documented = (root / "docs/configuration.md").read_text(encoding="utf-8")
    assert not {name for name in names if f"| `{name}` |" not in documented}
