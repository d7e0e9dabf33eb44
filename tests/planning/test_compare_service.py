"""The comparison behind the page: the core's figures, rows and charts for every policy."""

from __future__ import annotations

import pytest
from planning_helpers import RURAL, make_tiny_day

from anlaufstelle.flow import (
    DEFAULT_POLICY,
    FIGURE_KEYS,
    POLICIES,
    compare_policies,
    load_day,
    load_day_file,
)
from anlaufstelle.planning import services
from anlaufstelle.planning.services import compare

# Service names come from the organisation's configuration.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def rural():
    return load_day_file(RURAL)


def test_every_figure_of_the_core_has_a_row():
    assert [key for key, *_rest in services.FIGURES] == [k for k in FIGURE_KEYS if k != "policy"]


def test_figures_are_the_cores_for_every_policy(rural):
    comparison = compare(rural)
    expected = compare_policies(rural)
    assert [c.key for c in comparison.columns] == list(POLICIES)
    assert [c.key for c in comparison.columns if c.is_default] == [DEFAULT_POLICY]
    for row in comparison.figures:
        for column, cell in zip(comparison.columns, row.cells, strict=True):
            assert cell.value == getattr(expected[column.key].figures, row.key)
            assert cell.shown == pytest.approx(cell.value * (100 if row.percent else 1))


def test_service_rows_follow_the_day_and_the_core(rural):
    comparison = compare(rural)
    expected = compare_policies(rural)
    assert [row.service for row in comparison.services] == [s.id for s in rural.services]
    for row in comparison.services:
        for column, cell in zip(comparison.columns, row.cells, strict=True):
            core = next(s for s in expected[column.key].services if s.id == row.service)
            assert cell.utilisation == pytest.approx(core.utilisation * 100)
            assert (cell.steps, cell.max_queue) == (core.steps, core.max_queue)
            assert cell.mean_queued_minutes == core.mean_queued_minutes


def test_waiting_chart_and_table_hold_the_cores_series(rural):
    comparison = compare(rural)
    expected = compare_policies(rural)
    bins = max(len(r.series.waiting) for r in expected.values())
    assert len(comparison.waiting_rows) == bins
    assert comparison.waiting_rows[0].label == "+0:00–+0:15"
    for i, name in enumerate(expected):
        waiting = expected[name].series.waiting
        line = comparison.waiting_chart.lines[i]
        assert line.key == name
        # Shorter series are filled with zeros: nobody waits once everything is done.
        assert line.values[: len(waiting)] == waiting
        assert set(line.values[len(waiting) :]) <= {0.0}
        assert [row.values[i] for row in comparison.waiting_rows] == list(line.values)
    assert comparison.waiting_chart.x_ticks[0].label == "+0:00"


def test_utilisation_chart_has_a_group_per_service_and_a_bar_per_policy(rural):
    comparison = compare(rural)
    chart = comparison.utilisation_chart
    assert [g.label for g in chart.groups] == [s.id for s in rural.services]
    assert all([b.key for b in g.bars] == list(POLICIES) for g in chart.groups)
    assert chart.y_ticks[-1].value >= 1.0


def test_a_day_without_visitors_compares_to_flat_charts():
    day = load_day(dict(make_tiny_day(), visitors=[]))
    comparison = compare(day)
    # Nobody waits: every line lies on the x axis, and nothing breaks.
    bottom = comparison.waiting_chart.frame.bottom
    for line in comparison.waiting_chart.lines:
        assert set(line.values) == {0.0}
        assert {float(p.split(",")[1]) for p in line.points.split()} == {bottom}
    assert all(b.height == 0 for g in comparison.utilisation_chart.groups for b in g.bars)
    figures = {row.key: row.cells for row in comparison.figures}
    assert [c.value for c in figures["visitors"]] == [0] * len(POLICIES)
