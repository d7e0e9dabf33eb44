"""Steps the browser tests share."""

from __future__ import annotations

import re

from anlaufstelle.demo.builder import demo_password


def sign_in(page, username: str) -> None:
    """Sign in on the login page by the fields' names, so that it works in every language."""
    page.goto("/login/")
    page.locator("[name=username]").fill(username)
    page.locator("[name=password]").fill(demo_password())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/staff/$"))
