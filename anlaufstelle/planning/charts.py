"""Chart geometry for the planning page: numbers in, SVG coordinates out.

The page draws its charts as inline SVG on the server (the CSP allows no inline scripts or
styles, and a chart library would be one more thing to audit). These functions only compute
where things go; the templates draw them with presentation attributes. Nothing here knows
Django, so the geometry is tested with plain numbers.

Coordinates are SVG user units in a ``viewBox`` of ``width × height``; y grows downwards, so a
value of 0 sits on the bottom edge of the plot area. Lines and bars differ by colour *and* by
dash pattern or position, so that they stay apart without colour vision.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

#: Colour and dash pattern per series, in order. Blue and orange stay apart for the common
#: colour-vision deficiencies and both reach 3:1 against white (WCAG 1.4.11).
PALETTE: tuple[tuple[str, str], ...] = (
    ("#2044AA", ""),
    ("#B35900", "7 4"),
    ("#007155", "2 3"),
    ("#6B2C91", "9 3 2 3"),
    ("#454B6B", "4 2"),
)

Formatter = Callable[[float], str]


def _plain(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True, slots=True)
class Frame:
    """The SVG canvas and, inside it, the plot area between the axes."""

    width: float
    height: float
    left: float
    top: float
    right: float
    bottom: float

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top

    @property
    def tick_end(self) -> float:
        """Where the small tick marks below the x axis end."""
        return _r(self.bottom + 5)

    @property
    def x_label_y(self) -> float:
        """The baseline of the labels under the x axis."""
        return _r(self.bottom + 18)

    @property
    def y_label_x(self) -> float:
        """Where the labels left of the y axis end."""
        return _r(self.left - 6)

    def y_of(self, value: float, y_max: float) -> float:
        """The y coordinate of ``value`` on an axis from 0 (bottom) to ``y_max`` (top)."""
        share = min(max(value / y_max, 0.0), 1.0) if y_max > 0 else 0.0
        return _r(self.bottom - share * self.plot_height)


@dataclass(frozen=True, slots=True)
class Tick:
    value: float
    pos: float  # x for ticks on the x axis, y for ticks on the y axis
    label: str


@dataclass(frozen=True, slots=True)
class Swatch:
    """One legend entry."""

    key: str
    label: str
    colour: str
    dash: str


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    label: str
    colour: str
    dash: str
    points: str  # "x,y x,y ..." for <polyline points="...">
    values: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class LineChart:
    frame: Frame
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...]
    legend: tuple[Swatch, ...]

    @property
    def empty(self) -> bool:
        return not any(line.values for line in self.lines)


@dataclass(frozen=True, slots=True)
class Bar:
    key: str
    label: str
    colour: str
    x: float
    y: float
    width: float
    height: float
    value: float
    value_label: str


@dataclass(frozen=True, slots=True)
class BarGroup:
    label: str
    label_x: float  # the middle of the group, where its axis label goes
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class BarChart:
    frame: Frame
    y_ticks: tuple[Tick, ...]
    groups: tuple[BarGroup, ...]
    legend: tuple[Swatch, ...]

    @property
    def empty(self) -> bool:
        return not any(group.bars for group in self.groups)


def _r(x: float) -> float:
    # Two decimals are finer than any screen and keep the markup short.
    return round(x, 2)


def nice_ticks(top: float, count: int = 5) -> tuple[float, ...]:
    """Round tick values from 0 to at least ``top``: steps of 1, 2, 2.5 or 5 times a power of
    ten, about ``count`` of them. A ``top`` of 0 or less (nothing to show) gives 0 and 1."""
    if not math.isfinite(top) or top <= 0:
        return (0.0, 1.0)
    raw = top / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw - 1e-12)
    n = math.ceil(top / step - 1e-9)
    return tuple(float(round(i * step, 10)) for i in range(n + 1))


def _legend(keys: Sequence[str], labels: Mapping[str, str]) -> tuple[Swatch, ...]:
    return tuple(
        Swatch(key, labels.get(key, key), *PALETTE[i % len(PALETTE)]) for i, key in enumerate(keys)
    )


def line_chart(
    xs: Sequence[float],
    series: Mapping[str, Sequence[float]],
    *,
    labels: Mapping[str, str] | None = None,
    x_domain: tuple[float, float] | None = None,
    x_tick_values: Sequence[float] = (),
    x_label: Formatter = _plain,
    y_label: Formatter = _plain,
    width: float = 720,
    height: float = 280,
    margin: tuple[float, float, float, float] = (16, 16, 40, 48),  # top, right, bottom, left
) -> LineChart:
    """One polyline per series over the common positions ``xs``.

    A series may be shorter than ``xs`` (it then stops early) but not longer. The x axis runs
    over ``x_domain`` (default: first to last of ``xs``), the y axis from 0 to a round number at
    or above the largest value. Ticks outside the x domain are dropped.
    """
    labels = labels or {}
    for key, values in series.items():
        if len(values) > len(xs):
            raise ValueError(f"series {key!r} has {len(values)} values for {len(xs)} positions")
    top, right, bottom, left = margin
    frame = Frame(width, height, left, top, width - right, height - bottom)
    if x_domain is None:
        x_domain = (min(xs), max(xs)) if xs else (0.0, 1.0)
    x0, x1 = x_domain
    if x1 <= x0:
        x1 = x0 + 1.0

    def x_of(x: float) -> float:
        return _r(frame.left + (x - x0) / (x1 - x0) * frame.plot_width)

    peak = max((v for values in series.values() for v in values), default=0.0)
    y_values = nice_ticks(peak)
    y_max = y_values[-1]
    legend = _legend(list(series), labels)
    lines = tuple(
        Line(
            swatch.key,
            swatch.label,
            swatch.colour,
            swatch.dash,
            " ".join(
                f"{x_of(x):g},{frame.y_of(v, y_max):g}" for x, v in zip(xs, values, strict=False)
            ),
            tuple(values),
        )
        for swatch, values in zip(legend, series.values(), strict=True)
    )
    x_ticks = tuple(
        Tick(x, x_of(x), x_label(x)) for x in x_tick_values if x0 - 1e-9 <= x <= x1 + 1e-9
    )
    y_ticks = tuple(Tick(v, frame.y_of(v, y_max), y_label(v)) for v in y_values)
    return LineChart(frame, x_ticks, y_ticks, lines, legend)


def bar_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    labels: Mapping[str, str] | None = None,
    y_top: float | None = None,
    y_label: Formatter = _plain,
    width: float = 720,
    height: float = 300,
    margin: tuple[float, float, float, float] = (16, 16, 88, 48),  # top, right, bottom, left
    gap: float = 0.25,
) -> BarChart:
    """Grouped bars: one group per category, one bar per series in each group.

    Every series has one value per category. The y axis runs from 0 to a round number at or
    above ``y_top`` and the largest value. ``gap`` is the share of a group's width left empty
    between groups.
    """
    labels = labels or {}
    for key, values in series.items():
        if len(values) != len(categories):
            raise ValueError(
                f"series {key!r} has {len(values)} values for {len(categories)} categories"
            )
    top, right, bottom, left = margin
    frame = Frame(width, height, left, top, width - right, height - bottom)
    peak = max((v for values in series.values() for v in values), default=0.0)
    y_values = nice_ticks(max(peak, y_top or 0.0))
    y_max = y_values[-1]
    legend = _legend(list(series), labels)
    groups: list[BarGroup] = []
    if categories and series:
        slot = frame.plot_width / len(categories)
        bar_width = slot * (1 - gap) / len(series)
        for i, category in enumerate(categories):
            start = frame.left + i * slot + slot * gap / 2
            bars = []
            for j, (swatch, values) in enumerate(zip(legend, series.values(), strict=True)):
                value = values[i]
                y = frame.y_of(value, y_max)
                bars.append(
                    Bar(
                        swatch.key,
                        swatch.label,
                        swatch.colour,
                        _r(start + j * bar_width),
                        y,
                        _r(bar_width),
                        _r(frame.bottom - y),
                        value,
                        y_label(value),
                    )
                )
            groups.append(BarGroup(category, _r(frame.left + (i + 0.5) * slot), tuple(bars)))
    y_ticks = tuple(Tick(v, frame.y_of(v, y_max), y_label(v)) for v in y_values)
    return BarChart(frame, y_ticks, tuple(groups), legend)
