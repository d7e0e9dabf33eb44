"""Steps the browser tests share."""

from __future__ import annotations

import re
import subprocess
import sys

from anlaufstelle.demo.builder import demo_password


def sign_in(page, username: str) -> None:
    """Sign in on the login page by the fields' names, so that it works in every language."""
    page.goto("/login/")
    page.locator("[name=username]").fill(username)
    page.locator("[name=password]").fill(demo_password())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/staff/$"))


def register(page, family_name: str, given_names: str, birth_date: str, sex: str, **more) -> None:
    """Register a person at reception (the fields by name) and wait for their page."""
    page.goto("/people/register/")
    page.fill("[name=family_name]", family_name)
    page.fill("[name=given_names]", given_names)
    for name, value in more.items():
        page.fill(f"[name={name}]", value)
    page.fill("[name=birth_date]", birth_date)
    page.select_option("[name=sex]", sex)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/people/\d+/$"))


def on_the_server(server_env: dict[str, str], *args: str) -> str:
    """Run an ``anlaufstelle`` command against the live server's database; its output."""
    done = subprocess.run(
        [sys.executable, "-m", "anlaufstelle.cli", *args],
        env=server_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout
