"""Capacity planning for the web: choose or upload a day, compare the dispatch policies on it,
run the planner and hand out its staffing.

The flow core does the simulating and planning; this module adapts it to the page: which days
can be chosen, the session that keeps an uploaded day, translated labels, the rows of the
tables and the geometry of the charts. A day holds no personal data, but an upload is still
kept nowhere but in the user's session (and, while Django receives a large file, its temporary
upload file); a day too large for the session is shown once and must be uploaded again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from anlaufstelle.core.languages import SPOKEN_LANGUAGES
from anlaufstelle.flow import (
    DEFAULT_POLICY,
    Day,
    Figures,
    PlanProgress,
    Result,
    ScenarioError,
    compare_policies,
    day_to_dict,
    get_policy,
    limits,
    load_day,
    plan,
    simulate,
)
from anlaufstelle.flow.scenario import (
    DAYS_DIR,
    interpreter_to_dict,
    parse_json,
    scenario_error,
    staff_to_dict,
    with_staff,
)
from anlaufstelle.organisation.models import Service as OrgService
from anlaufstelle.organisation.models import Site
from anlaufstelle.planning import centre, charts
from anlaufstelle.planning.errors import describe

SAMPLES_DIR = DAYS_DIR
UPLOAD_KEY = "upload"
SESSION_DAY = "planning_day"
# The core's bounds (flow/limits.py), the same on this page as on the command line.
MAX_UPLOAD_BYTES = limits.MAX_FILE_BYTES
MAX_DAY_MINUTES = limits.MAX_MINUTES
MAX_HEADCOUNT = limits.MAX_HEADCOUNT
# A session is read on every request of its user: only small days are kept there.
MAX_SESSION_DAY_BYTES = 512 * 1024
# The planner judges a staffing on the day and on generated variations of it; one variation
# keeps a web request to seconds (the command line uses two).
WEB_VARIATIONS = 1

SAMPLE_LABELS = {
    "rural-walk-in": gettext_lazy("Sample: rural walk-in day"),
    "leipzig-peak": gettext_lazy("Sample: Leipzig peak day"),
}
POLICY_LABELS = {
    "silo": gettext_lazy("Silo (as today)"),
    "pooled": gettext_lazy("Pooled (Anlaufstelle)"),
}
NOT_AVAILABLE = gettext_lazy("This day is not available; choose one from the list.")
UPLOAD_LOST = gettext_lazy("The uploaded day is no longer in your session; upload it again.")
TOO_LARGE = gettext_lazy("The file is larger than %(limit)d MB; a day file is much smaller.")
CANNOT_USE = gettext_lazy("The day file cannot be used: %(problem)s")
# (figure, label, digits shown, shown as a percentage)
FIGURES: tuple[tuple[str, Any, int, bool], ...] = (
    ("visitors", gettext_lazy("Visitors"), 0, False),
    ("served", gettext_lazy("Served by closing"), 0, False),
    ("mean_minutes", gettext_lazy("Mean time in centre (minutes)"), 1, False),
    ("p50_minutes", gettext_lazy("Median time in centre (p50, minutes)"), 1, False),
    ("p90_minutes", gettext_lazy("90th percentile time in centre (p90, minutes)"), 1, False),
    ("p99_minutes", gettext_lazy("99th percentile time in centre (p99, minutes)"), 1, False),
    ("mean_wait_minutes", gettext_lazy("Mean wait (minutes)"), 1, False),
    ("share_within_target", gettext_lazy("Share of visitors within the target"), 0, True),
    ("mean_lower_bound", gettext_lazy("Mean time without any waiting (minutes)"), 1, False),
    ("p90_ratio", gettext_lazy("p90 of time in centre ÷ time without waiting"), 2, False),
    ("staff_utilisation", gettext_lazy("Staff utilisation"), 0, True),
    ("interpreter_utilisation", gettext_lazy("Interpreter utilisation"), 0, True),
    ("booked", gettext_lazy("Visitors with a booked time"), 0, False),
    ("booked_on_time", gettext_lazy("Share of booked visitors called on time"), 0, True),
    ("walk_in_mean_wait_minutes", gettext_lazy("Mean wait of walk-ins (minutes)"), 1, False),
)


class PlanningError(Exception):
    """Something the user can fix (a bad file, a lost upload, too small a headcount). The
    message is translated and, where the flow core found the problem, names the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Days ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayChoice:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class LoadedDay:
    key: str
    label: str
    day: Day
    digest: str  # identifies the day's content, so a cached plan never serves another day
    kept: bool = True  # False: an upload too large to keep in the session

    @property
    def services(self) -> str:
        return ", ".join(service_names(self.day).values())


def _shortened(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def service_names(day: Day) -> dict[str, str]:
    """What people read for each service of a day: the name of the configured service with
    that code, in the active language; the id as the file writes it for a service the centre
    does not have."""
    ids = [s.id for s in day.services]
    named = {s.code: s.name for s in OrgService.objects.filter(code__in=ids)}
    return {sid: named.get(sid, sid) for sid in ids}


def _day_files() -> dict[str, tuple[Path, str]]:
    """key → (path, label) of the shipped samples."""
    files: dict[str, tuple[Path, str]] = {}
    order = list(SAMPLE_LABELS)
    samples = sorted(
        SAMPLES_DIR.glob("*.json"),
        key=lambda p: (order.index(p.stem) if p.stem in order else len(order), p.name),
    )
    for path in samples:
        label = SAMPLE_LABELS.get(path.stem)
        files[f"sample:{path.stem}"] = (
            path,
            str(label) if label else _("Sample: %(name)s") % {"name": path.stem},
        )
    return files


def _canonical(day: Day) -> str:
    return json.dumps(day_to_dict(day), separators=(",", ":"), ensure_ascii=False)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def parse_day_text(text: str, source: str) -> Day:
    """A day from JSON text, within the core's bounds; raises :class:`ScenarioError`."""
    return load_day(parse_json(text, source))


@functools.lru_cache(maxsize=16)
def _read_day_file(path: str, _mtime_ns: int, _size: int) -> tuple[Day, str]:
    # Keyed by modification time and size too, so a changed example file is read again.
    day = parse_day_text(Path(path).read_text(encoding="utf-8"), Path(path).name)
    return day, _digest(_canonical(day))


def _load_file(path: Path) -> tuple[Day, str]:
    try:
        stat = path.stat()
        return _read_day_file(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError as exc:
        raise scenario_error(path.name, "cannot_read", reason=exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise scenario_error(path.name, "not_utf8") from None


def _uploaded_label(name: str) -> str:
    return _("Uploaded: %(name)s") % {"name": name}


def _centre_label(site: str, pattern: str) -> str:
    return _("%(site)s as configured, %(pattern)s") % {"site": site, "pattern": pattern}


def day_choices(session: Mapping[str, Any]) -> list[DayChoice]:
    choices = [DayChoice(key, label) for key, (_path, label) in _day_files().items()]
    choices += [DayChoice(c.key, _centre_label(c.site, c.pattern)) for c in centre.choices()]
    stored = session.get(SESSION_DAY)
    if isinstance(stored, dict):
        choices.append(DayChoice(UPLOAD_KEY, _uploaded_label(str(stored.get("name", "")))))
    return choices


def needs_day_file(*, session: Mapping[str, Any], key: str | None) -> bool:
    """An uploaded day too large for the session has to come along with every request."""
    return key == UPLOAD_KEY and not isinstance(session.get(SESSION_DAY), dict)


def default_day_key() -> str:
    return next(iter(_day_files()), "")


def read_upload(upload: UploadedFile[bytes]) -> Day:
    """Parse an uploaded day file, or raise :class:`PlanningError` saying what is wrong."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise PlanningError(TOO_LARGE % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)})
    upload.seek(0)
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise PlanningError(TOO_LARGE % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanningError(
            _("The file is not a day file: it is not UTF-8 text (a day file is JSON).")
        ) from None
    try:
        day = parse_day_text(text, "JSON")
    except ScenarioError as exc:
        raise PlanningError(CANNOT_USE % {"problem": describe(exc)}) from None
    return day


def _display_name(upload: UploadedFile[bytes]) -> str:
    return Path(upload.name or "day.json").name[:80]


def keep_upload(session: Any, name: str, day: Day) -> LoadedDay:
    """Keep the day in the session if it is small enough; the uploaded day replaces any other."""
    text = _canonical(day)
    kept = len(text.encode()) <= MAX_SESSION_DAY_BYTES
    if kept:
        session[SESSION_DAY] = {"name": name, "day": json.loads(text)}
    else:
        session.pop(SESSION_DAY, None)
    return LoadedDay(UPLOAD_KEY, _uploaded_label(name), day, _digest(text), kept)


def load_day_choice(
    *, key: str | None, session: Any, upload: UploadedFile[bytes] | None = None
) -> LoadedDay:
    """The chosen day: a shipped sample, the upload kept in the session, or a file uploaded with
    this very request (which then becomes the session's upload)."""
    if upload is not None:
        return keep_upload(session, _display_name(upload), read_upload(upload))
    key = key or default_day_key()
    if key == UPLOAD_KEY:
        stored = session.get(SESSION_DAY)
        if not isinstance(stored, dict):
            raise PlanningError(str(UPLOAD_LOST))
        try:
            day = load_day(stored["day"])
        except (ScenarioError, KeyError):
            session.pop(SESSION_DAY, None)
            raise PlanningError(str(UPLOAD_LOST)) from None
        return LoadedDay(
            UPLOAD_KEY, _uploaded_label(str(stored.get("name", ""))), day, _digest(_canonical(day))
        )
    parsed = centre.parse_key(key)
    if parsed is not None:
        return _load_centre(key, *parsed)
    files = _day_files()
    if key not in files:
        raise PlanningError(str(NOT_AVAILABLE))
    path, label = files[key]
    try:
        day, digest = _load_file(path)
    except ScenarioError as exc:
        raise PlanningError(
            _("The day “%(day)s” cannot be used: %(problem)s")
            % {"day": label, "problem": describe(exc)}
        ) from None
    return LoadedDay(key, label, day, digest)


def _load_centre(key: str, site_id: int, pattern: str) -> LoadedDay:
    site = Site.objects.filter(pk=site_id).first()
    if site is None:
        raise PlanningError(str(NOT_AVAILABLE))
    label = _centre_label(site.name, str(centre.PATTERNS[pattern]))
    try:
        day = centre.site_day(site, pattern)
    except ScenarioError as exc:
        raise PlanningError(
            _("The day “%(day)s” cannot be used: %(problem)s")
            % {"day": label, "problem": describe(exc)}
        ) from None
    return LoadedDay(key, label, day, _digest(_canonical(day)))


# --- Comparison ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    is_default: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    value: float  # the figure as the core computed it
    shown: float  # what the page shows (percentages × 100)


@dataclass(frozen=True, slots=True)
class FigureRow:
    key: str
    label: str
    digits: int
    percent: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class ServiceCell:
    utilisation: float  # in percent
    steps: int
    mean_queued_minutes: float
    max_queue: int


@dataclass(frozen=True, slots=True)
class ServiceRow:
    service: str
    cells: tuple[ServiceCell, ...]


@dataclass(frozen=True, slots=True)
class SeriesRow:
    label: str
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    columns: tuple[Column, ...]
    figures: tuple[FigureRow, ...]
    services: tuple[ServiceRow, ...]
    waiting_chart: charts.LineChart
    waiting_rows: tuple[SeriesRow, ...]
    utilisation_chart: charts.BarChart
    results: Mapping[str, Result]


def policy_label(name: str) -> str:
    label = POLICY_LABELS.get(name)
    return str(label) if label else name


def _policy_columns(names: Sequence[str]) -> tuple[Column, ...]:
    return tuple(Column(n, policy_label(n), n == DEFAULT_POLICY) for n in names)


def figure_rows(figures: Sequence[Figures]) -> tuple[FigureRow, ...]:
    rows = []
    for key, label, digits, percent in FIGURES:
        cells = []
        for f in figures:
            value = getattr(f, key)
            cells.append(Cell(value, value * 100 if percent else value))
        rows.append(FigureRow(key, str(label), digits, percent, tuple(cells)))
    return tuple(rows)


def clock(minutes: float) -> str:
    """Minutes after opening as hours and minutes, e.g. ``+2:15``."""
    whole = int(round(minutes))
    return f"+{whole // 60}:{whole % 60:02d}"


def _hour_ticks(end: float) -> list[float]:
    hours = max(1, math.ceil(end / 60))
    every = 1 if hours <= 12 else math.ceil(hours / 12)
    return [h * 60.0 for h in range(0, hours + 1, every)]


def _waiting(results: Mapping[str, Result], labels: Mapping[str, str]) -> tuple[Any, ...]:
    longest = max(results.values(), key=lambda r: len(r.series.bin_starts))
    starts = longest.series.bin_starts
    width = longest.series.bin_minutes
    # A policy's series ends when its last event is done: nobody waits after that.
    series = {
        name: tuple(r.series.waiting) + (0.0,) * (len(starts) - len(r.series.waiting))
        for name, r in results.items()
    }
    end = len(starts) * width
    chart = charts.line_chart(
        [s + width / 2 for s in starts],
        series,
        labels=labels,
        x_domain=(0.0, end),
        x_tick_values=_hour_ticks(end),
        x_label=clock,
        y_label=_number,
    )
    rows = tuple(
        SeriesRow(
            f"{clock(s)}–{clock(s + width)}",
            tuple(series[name][i] for name in results),
        )
        for i, s in enumerate(starts)
    )
    return chart, rows


def _number(value: float) -> str:
    return number_format(int(value) if value == int(value) else round(value, 2))


def _percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def compare(day: Day) -> Comparison:
    """Every registered policy on the day: figures, per-service rows and the two charts."""
    results = compare_policies(day)
    names = list(results)
    columns = _policy_columns(names)
    labels = {c.key: c.label for c in columns}
    service_ids = [s.id for s in day.services]
    names_of = service_names(day)
    by_service = {name: {s.id: s for s in result.services} for name, result in results.items()}
    services = tuple(
        ServiceRow(
            names_of[sid],
            tuple(
                ServiceCell(s.utilisation * 100, s.steps, s.mean_queued_minutes, s.max_queue)
                for s in (by_service[name][sid] for name in names)
            ),
        )
        for sid in service_ids
    )
    waiting_chart, waiting_rows = _waiting(results, labels)
    utilisation_chart = charts.bar_chart(
        # The chart's slanted labels have room for a short name (the margins below and to the
        # left hold 20 characters); the table below has all.
        [_shortened(names_of[sid], 20) for sid in service_ids],
        {name: [by_service[name][sid].utilisation for sid in service_ids] for name in names},
        labels=labels,
        y_top=1.0,
        y_label=_percent,
        margin=(16, 16, 112, 96),
    )
    return Comparison(
        columns=columns,
        figures=figure_rows([r.figures for r in results.values()]),
        services=services,
        waiting_chart=waiting_chart,
        waiting_rows=waiting_rows,
        utilisation_chart=utilisation_chart,
        results=results,
    )


@dataclass(frozen=True, slots=True)
class Page:
    choices: list[DayChoice]
    selected: LoadedDay | None
    comparison: Comparison | None
    error: str | None  # why the chosen day cannot be shown
    upload_error: str | None  # why the uploaded file was refused


def planning_page(
    *,
    session: Any,
    key: str | None,
    upload: UploadedFile[bytes] | None = None,
    loaded: LoadedDay | None = None,
) -> Page:
    """Everything the page shows for the chosen day (or for ``loaded``, a planning job's day).
    A refused upload leaves the chosen day as it was and reports why; a day that cannot be
    loaded is reported instead of compared."""
    upload_error = None
    selected = loaded
    if upload is not None and selected is None:
        try:
            selected = load_day_choice(key=key, session=session, upload=upload)
        except PlanningError as exc:
            upload_error = exc.message
    error = None
    if selected is None:
        try:
            selected = load_day_choice(key=key, session=session)
        except PlanningError as exc:
            error = exc.message
    comparison = compare(selected.day) if selected is not None else None
    return Page(day_choices(session), selected, comparison, error, upload_error)


def job_day(job: Any) -> LoadedDay:
    """A planning job's day, as the page shows a chosen one."""
    return LoadedDay(job.day_key, job.day_label, load_day(job.day), job.digest)


# --- Planner ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnGroup:
    label: str
    span: int


@dataclass(frozen=True, slots=True)
class MixRow:
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    headcount: int
    target_p90: float | None
    skill_mix: tuple[MixRow, ...]
    interpreter_mix: tuple[MixRow, ...]
    groups: tuple[ColumnGroup, ...]
    columns: tuple[Column, ...]
    figures: tuple[FigureRow, ...]
    meets_target: bool | None
    robust_p90: float
    robust_mean_wait: float
    seconds: float
    evaluations: int
    staff: tuple[dict[str, Any], ...]
    interpreters: tuple[dict[str, Any], ...]
    # The day's own staff are kept: no plan for their headcount beat them.
    kept_current: bool = False
    current_mean_wait: float | None = None
    # Then the smallest headcount whose plan beats them, and its mean wait on the day.
    better_headcount: int | None = None
    better_mean_wait: float | None = None

    def download(self) -> dict[str, Any]:
        """The proposed ``staff`` and ``interpreters`` in the day format."""
        return {"staff": list(self.staff), "interpreters": list(self.interpreters)}


def default_headcount(day: Day) -> int:
    return min(MAX_HEADCOUNT, max(1, len(day.staff)))


def _language_names(codes: Sequence[str]) -> str:
    return " + ".join(str(SPOKEN_LANGUAGES.get(c, c)) for c in codes)


def check_plannable(day: Day) -> None:
    """Refuse at once a day the planner has nothing to do for."""
    if not day.visitors:
        # Said here rather than by the core so that the coordinator reads it in their language.
        raise PlanningError(_("The day has no visitors, so there is nothing to plan for."))


def run_plan(
    *,
    loaded: LoadedDay,
    headcount: int,
    target_p90: float | None,
    progress: Callable[[PlanProgress], None] | None = None,
) -> PlanOutcome:
    """Plan ``headcount`` staff for the day and set the result against the day's own staff,
    each under the silo baseline and the default policy. This takes seconds to minutes: it runs
    in a planning job (planning/jobs.py), never in a web request."""
    day = loaded.day
    check_plannable(day)
    try:
        result = plan(
            day, headcount, target_p90=target_p90, variations=WEB_VARIATIONS, progress=progress
        )
    except ScenarioError as exc:
        raise PlanningError(
            _("No plan possible: %(problem)s") % {"problem": describe(exc)}
        ) from None
    names = list(dict.fromkeys(["silo", DEFAULT_POLICY]))
    names_of = service_names(day)
    own = compare_policies(day, names)
    planned_day = with_staff(day, result.staff, result.interpreters)
    planned = {
        n: result.figures if n == DEFAULT_POLICY else simulate(planned_day, get_policy(n)).figures
        for n in names
    }
    groups = (
        ColumnGroup(_("Day's own staff (%(count)d)") % {"count": len(day.staff)}, len(names)),
        ColumnGroup(_("Proposed staff (%(count)d)") % {"count": result.headcount}, len(names)),
    )
    columns = tuple(
        Column(f"{side}:{n}", policy_label(n), n == DEFAULT_POLICY)
        for side in ("own", "plan")
        for n in names
    )
    figures = [own[n].figures for n in names] + [planned[n] for n in names]
    return PlanOutcome(
        headcount=result.headcount,
        target_p90=target_p90,
        skill_mix=tuple(
            MixRow(" + ".join(names_of[sid] for sid in k), n) for k, n in result.skill_mix if n
        ),
        interpreter_mix=tuple(
            MixRow(_language_names(k), n) for k, n in result.interpreter_mix if n
        ),
        groups=groups,
        columns=columns,
        figures=figure_rows(figures),
        meets_target=result.meets_target,
        robust_p90=result.robust_p90,
        robust_mean_wait=result.robust_mean_wait,
        seconds=result.seconds,
        evaluations=result.evaluations,
        staff=tuple(staff_to_dict(s) for s in result.staff),
        interpreters=tuple(interpreter_to_dict(x) for x in result.interpreters),
        kept_current=result.kept_current,
        current_mean_wait=None if result.current is None else result.current.mean_wait_minutes,
        better_headcount=result.better_headcount,
        better_mean_wait=(
            None if result.better_figures is None else result.better_figures.mean_wait_minutes
        ),
    )


def outcome_to_json(outcome: PlanOutcome) -> dict[str, Any]:
    """The outcome as a job keeps it (labels in the language the coordinator asked in)."""
    return dataclasses.asdict(outcome)


def outcome_from_json(data: Mapping[str, Any]) -> PlanOutcome:
    def rows(cls: Any, items: Any) -> tuple[Any, ...]:
        return tuple(cls(**item) for item in items)

    return PlanOutcome(
        **{
            **data,
            "skill_mix": rows(MixRow, data["skill_mix"]),
            "interpreter_mix": rows(MixRow, data["interpreter_mix"]),
            "groups": rows(ColumnGroup, data["groups"]),
            "columns": rows(Column, data["columns"]),
            "figures": tuple(
                FigureRow(**{**row, "cells": rows(Cell, row["cells"])}) for row in data["figures"]
            ),
            "staff": tuple(data["staff"]),
            "interpreters": tuple(data["interpreters"]),
        }
    )


def plan_filename(day_name: str, key: str, headcount: int) -> str:
    name = slugify(day_name or key.split(":")[-1]) or "day"
    return f"plan-{name}-{headcount}.json"
