"""End-to-end tests: a real server process on loopback and Debian's chromium driven by
Playwright. The server gets its own SQLite file with the demo centre, so these tests see exactly
what `make run` shows a new user."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without these flags chromium tries to reach Google's hosts at start, which a closed network
# refuses many times over.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The test server must not inherit the test run's database or settings module.
_INHERITED_NOT = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "anlaufstelle.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


class Mailbox:
    """What a real SMTP server on loopback received (aiosmtpd), for the tests to read."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        self.messages.append(envelope.content)  # type: ignore[attr-defined]
        return "250 OK"


@pytest.fixture(scope="session")
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def server_env(live_url: str) -> dict[str, str]:
    """The test server's environment, for commands run on its database."""
    return dict(_SERVER_ENV)


_SERVER_ENV: dict[str, str] = {}


@pytest.fixture(scope="session")
def live_url(
    tmp_path_factory: pytest.TempPathFactory, mailbox: tuple[Mailbox, int]
) -> Iterator[str]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"chromium not found at {CHROMIUM}: install Debian's chromium package")
    var = tmp_path_factory.mktemp("e2e-var")
    port = _free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
        },
        "SECRET_KEY": "e2e-secret-key-that-is-long-enough-0123456789",
        "AUDIT_KEY": "e2e-audit-key-that-is-long-enough-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{var}/e2e.sqlite3",
        "ANLAUFSTELLE_VAR_DIR": str(var),
        "SECURE_COOKIES": "false",
        "DEBUG": "false",
        # E-mail goes to the SMTP server on loopback that the tests read (mailbox).
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mailbox[1]),
        # Bookings may be made for times up to half an hour ago and checked in up to an hour
        # late, so that a test can book a time that is due now and see it honoured at once.
        "APPOINTMENT_LEAD_MINUTES": "-30",
        "APPOINTMENT_LATE_MINUTES": "60",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
    }
    _SERVER_ENV.update(env)
    _cli("migrate", "--noinput", "-v", "0", env=env)
    _cli("demo", "--people", "40", env=env)
    # The server's log goes to a file: a pipe nobody reads fills up (64 KB of request lines,
    # which polling pages write quickly) and then blocks the server on its next line.
    log = (var / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "anlaufstelle.cli", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    problem = (var / "server.log").read_text()
                    raise RuntimeError(f"server did not start: {problem}") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


# Per module, not per session: Playwright's sync API keeps an event loop running in the
# thread while it is open, and Django refuses database access from such a thread, so the
# non-browser tests that a worker runs after this module must find it closed.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_url):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_url, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
