"""A small HTTP/1.1 client on asyncio for the hall's bench: thousands of browsers in one event
loop, each with its cookies and, as a browser has, a connection it keeps open between requests.

A connection idle for longer than REUSE_SECONDS is closed and a new one opened, well within the
keep-alive time the server is started with (bench/hall/load.py), so a request never goes out on a
connection the server is closing; nothing is sent twice (a failed request counts as failed).
Keeping connections matters beyond realism: gunicorn's gthread worker closes a connection the
client asked to close by waiting, on the thread that hands requests to the others, until the
client has closed its end too, so one connection per request measures the client's event loop.

Only what the bench needs: GET and form POSTs, cookies by name, redirects by hand, bodies by
Content-Length, chunked or up to the end of the connection. Every request is noted in a
`Recorder`: its kind, the time it took and its status (0 when no answer came).
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TextIO
from urllib.parse import urlencode, urlsplit

HOST = "127.0.0.1"
# A request that has no answer after this long counts as failed (status 0).
TIMEOUT_SECONDS = 60.0
# A connection idle longer than this is not used again (the server keeps it for KEEP_ALIVE).
REUSE_SECONDS = 20.0
KEEP_ALIVE_SECONDS = 30


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: bytes
    failure: str = ""  # why no answer came (status 0)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        """The path a redirect leads to ('' if it is none)."""
        found = self.headers.get("location", [""])[0]
        parts = urlsplit(found)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @property
    def redirect(self) -> bool:
        return self.status in (301, 302, 303, 307, 308)


@dataclass
class Recorder:
    """Latencies (seconds) per kind of request made within the measured window, requests in
    that window, and failures (no answer, 4xx, 5xx) per kind and status over the whole run."""

    window: tuple[float, float] | None = None  # perf_counter() start, end
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    requests: int = 0
    requests_all: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    # Answers that are no failure of the server (a call's sound after the call has left the
    # board answers 404, and the board speaks with the browser's voice instead).
    expected: Counter[str] = field(default_factory=Counter)
    # Every request (perf_counter() start, seconds, status, kind) on a line, to see when a
    # slow one came (--trace).
    trace: TextIO | None = None

    def measuring(self, at: float) -> bool:
        return self.window is not None and self.window[0] <= at < self.window[1]

    def note(
        self,
        kind: str,
        started: float,
        ended: float,
        status: int,
        expect: tuple[int, ...] = (),
        failure: str = "",
    ) -> None:
        self.requests_all += 1
        if self.trace is not None:
            self.trace.write(f"{started:.4f} {ended - started:.4f} {status} {kind}\n")
        if self.measuring(started):
            self.requests += 1
            self.latency[kind].append(ended - started)
        if status in expect:
            self.expected[f"{kind}: {status}"] += 1
        elif status == 0 or status >= 400:
            self.errors[f"{kind}: {status or f'no answer ({failure})'}"] += 1


def _parse_head(head: bytes) -> tuple[int, dict[str, list[str]]]:
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return status, headers


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")  # no trailers from the server
            return bytes(body)
        body += await reader.readexactly(size + 2)
        del body[-2:]


class Connection:
    """One kept-alive connection to the server, opened when first needed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.used = 0.0

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None

    async def exchange(self, request: bytes) -> Response:
        if self.streams is not None and time.monotonic() - self.used > REUSE_SECONDS:
            self.close()
        if self.streams is None:
            self.streams = await asyncio.open_connection(HOST, self.port)
        reader, writer = self.streams
        try:
            writer.write(request)
            await writer.drain()
            status, headers = _parse_head((await reader.readuntil(b"\r\n\r\n"))[:-4])
            keep = "close" not in headers.get("connection", [""])[0].lower()
            if status in (204, 304) or 100 <= status < 200:
                body = b""  # no body, whatever the headers say (RFC 9110 6.4.1)
            elif "chunked" in headers.get("transfer-encoding", [""])[0].lower():
                body = await _read_chunked(reader)
            elif "content-length" in headers:
                body = await reader.readexactly(int(headers["content-length"][0]))
            else:
                body, keep = await reader.read(), False
        except BaseException:
            self.close()
            raise
        if keep:
            self.used = time.monotonic()
        else:
            self.close()
        return Response(status, headers, body)


class Browser:
    """One screen: its cookies, and the requests a browser there would make."""

    def __init__(
        self, port: int, recorder: Recorder, cookies: dict[str, str] | None = None
    ) -> None:
        self.port = port
        self.recorder = recorder
        self.cookies = dict(cookies or {})
        # Connections not in use; a request while another is under way opens one more, as a
        # browser does (a board fetches a call's sound while it polls).
        self.idle: list[Connection] = []
        # Pages kept with their ETag, asked for again with If-None-Match (a browser's cache).
        self.kept: dict[str, Response] = {}

    async def request(
        self,
        method: str,
        path: str,
        kind: str,
        *,
        fields: list[tuple[str, str]] | None = None,
        htmx: bool = False,
        expect: tuple[int, ...] = (),
        revalidate: bool = False,
    ) -> Response:
        kept = self.kept.get(path) if revalidate else None
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {HOST}:{self.port}",
            "User-Agent: anlaufstelle-bench",
            "Accept: text/html",
            "Accept-Language: de",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if kept is not None:
            lines.append("If-None-Match: " + kept.headers["etag"][0])
        if htmx:
            lines += ["HX-Request: true", f"HX-Current-URL: http://{HOST}:{self.port}{path}"]
        body = b""
        if fields is not None:
            body = urlencode(fields).encode()
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        started = time.perf_counter()
        try:
            connection = self.idle.pop() if self.idle else Connection(self.port)
            response = await asyncio.wait_for(connection.exchange(raw), TIMEOUT_SECONDS)
            if connection.streams is not None:
                self.idle.append(connection)
        except (OSError, TimeoutError, ValueError, IndexError, asyncio.IncompleteReadError) as exc:
            response = Response(0, {}, b"", type(exc).__name__)
        ended = time.perf_counter()
        self.recorder.note(kind, started, ended, response.status, expect, response.failure)
        for cookie in response.headers.get("set-cookie", []):
            pair, _, attributes = cookie.partition(";")
            name, _, value = pair.partition("=")
            if value in ("", '""') or "max-age=0" in attributes.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()
        if kept is not None and response.status == 304:
            return kept
        if revalidate and response.status == 200 and "etag" in response.headers:
            self.kept[path] = response
        return response

    async def get(
        self,
        path: str,
        kind: str,
        *,
        htmx: bool = False,
        expect: tuple[int, ...] = (),
        revalidate: bool = False,
    ) -> Response:
        return await self.request(
            "GET", path, kind, htmx=htmx, expect=expect, revalidate=revalidate
        )

    async def post(self, path: str, fields: list[tuple[str, str]], kind: str) -> Response:
        return await self.request("POST", path, kind, fields=fields)

    async def follow(self, response: Response, kind: str) -> Response:
        """What the browser shows after a form: the page a redirect leads to."""
        if not response.redirect or not response.location:
            return response
        return await self.get(response.location, kind)


_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
_INPUT = re.compile(r"<input\b([^>]*)>")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def _attrs(tag: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _ATTR.findall(tag)}


def hidden_fields(page: str, action: str | None = None) -> list[tuple[str, str]]:
    """The hidden inputs (the CSRF token, a form's submission key, ...) of the first POST form
    whose action is ``action`` (None: a form without an action, which posts to the page)."""
    for form_attrs, content in _FORM.findall(page):
        attrs = _attrs(form_attrs)
        if attrs.get("method", "get").lower() != "post" or attrs.get("action") != action:
            continue
        found = []
        for tag in _INPUT.findall(content):
            field_attrs = _attrs(tag)
            if field_attrs.get("type") == "hidden" and "name" in field_attrs:
                found.append((field_attrs["name"], field_attrs.get("value", "")))
        return found
    return []


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(page: str) -> str | None:
    found = _CSRF.search(page)
    return found.group(1) if found else None
