"""Chart geometry: plain numbers in, SVG coordinates out."""

from __future__ import annotations

import pytest

from anlaufstelle.planning.charts import PALETTE, bar_chart, line_chart, nice_ticks

# A 100 × 60 canvas with a 10-unit margin all round: the plot runs from x 10 to 90, y 10 to 50.
BOX = {"width": 100, "height": 60, "margin": (10, 10, 10, 10)}


def _points(text: str) -> list[tuple[float, float]]:
    return [tuple(float(c) for c in pair.split(",")) for pair in text.split()]


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (10, (0, 2, 4, 6, 8, 10)),
        (7, (0, 2, 4, 6, 8)),
        (1, (0, 0.2, 0.4, 0.6, 0.8, 1.0)),
        (0.3, (0, 0.1, 0.2, 0.3)),
        (23, (0, 5, 10, 15, 20, 25)),
        (120, (0, 25, 50, 75, 100, 125)),
    ],
)
def test_nice_ticks_are_round_and_reach_the_top(top, ticks):
    assert nice_ticks(top) == pytest.approx(ticks)


@pytest.mark.parametrize("top", [0, -3, float("nan"), float("inf")])
def test_nice_ticks_of_nothing_is_zero_to_one(top):
    assert nice_ticks(top) == (0.0, 1.0)


def test_line_chart_scales_values_into_the_plot_area():
    chart = line_chart([0, 10, 20], {"a": [0, 5, 10]}, x_domain=(0, 20), **BOX)
    assert chart.frame.left == 10 and chart.frame.right == 90
    assert chart.frame.top == 10 and chart.frame.bottom == 50
    # y runs from 0 (bottom, 50) to the round top 10 (top, 10); x from 0 (10) to 20 (90).
    assert _points(chart.lines[0].points) == [(10, 50), (50, 30), (90, 10)]
    assert [t.value for t in chart.y_ticks] == [0, 2, 4, 6, 8, 10]
    assert [t.pos for t in chart.y_ticks] == [50, 42, 34, 26, 18, 10]
    assert not chart.empty


def test_line_chart_y_axis_rounds_up_to_a_nice_top():
    chart = line_chart([0, 1], {"a": [3, 7]}, **BOX)
    # The top tick is 8, so 7 sits at 7/8 of the height.
    assert chart.y_ticks[-1].value == 8
    assert _points(chart.lines[0].points)[1] == (90, pytest.approx(50 - 40 * 7 / 8, abs=0.01))


def test_line_chart_default_domain_spans_the_positions():
    chart = line_chart([5, 15], {"a": [1, 1]}, **BOX)
    assert [x for x, _y in _points(chart.lines[0].points)] == [10, 90]


def test_line_chart_gives_each_series_its_colour_dash_and_label():
    chart = line_chart([0, 1], {"silo": [1, 2], "pooled": [2, 1]}, labels={"silo": "Silo"}, **BOX)
    assert [(line.key, line.label) for line in chart.lines] == [
        ("silo", "Silo"),
        ("pooled", "pooled"),
    ]
    assert [(line.colour, line.dash) for line in chart.lines] == list(PALETTE[:2])
    assert [(s.key, s.colour, s.dash) for s in chart.legend] == [
        ("silo", *PALETTE[0]),
        ("pooled", *PALETTE[1]),
    ]
    # Different dash patterns: the lines stay apart without colour.
    assert chart.lines[0].dash != chart.lines[1].dash


def test_a_shorter_series_stops_early_and_a_longer_one_is_refused():
    chart = line_chart([0, 1, 2, 3], {"short": [1, 2]}, x_domain=(0, 3), **BOX)
    assert len(_points(chart.lines[0].points)) == 2
    with pytest.raises(ValueError, match="3 values for 2 positions"):
        line_chart([0, 1], {"long": [1, 2, 3]}, **BOX)


def test_x_ticks_are_placed_labelled_and_kept_inside_the_domain():
    chart = line_chart(
        [0, 60, 120],
        {"a": [0, 1, 0]},
        x_domain=(0, 120),
        x_tick_values=[0, 60, 120, 180],
        x_label=lambda x: f"{x / 60:g} h",
        **BOX,
    )
    assert [(t.pos, t.label) for t in chart.x_ticks] == [(10, "0 h"), (50, "1 h"), (90, "2 h")]


def test_line_chart_without_data_is_empty_but_drawable():
    chart = line_chart([], {}, **BOX)
    assert chart.empty
    assert chart.lines == ()
    assert [t.value for t in chart.y_ticks] == [0, 1]
    empty_series = line_chart([0, 1], {"a": []}, **BOX)
    assert empty_series.empty
    assert empty_series.lines[0].points == ""


def test_all_zero_series_lies_on_the_x_axis():
    chart = line_chart([0, 1, 2], {"a": [0, 0, 0]}, **BOX)
    assert {y for _x, y in _points(chart.lines[0].points)} == {50}
    assert not chart.empty


def test_bar_chart_places_groups_and_bars():
    chart = bar_chart(
        ["a", "b"],
        {"s1": [0.5, 1.0], "s2": [0.25, 0.0]},
        y_top=1.0,
        width=100,
        height=100,
        margin=(0, 0, 0, 0),
        gap=0,
    )
    assert [g.label for g in chart.groups] == ["a", "b"]
    assert [g.label_x for g in chart.groups] == [25, 75]
    bars = [(b.key, b.x, b.width, b.y, b.height) for g in chart.groups for b in g.bars]
    assert bars == [
        ("s1", 0, 25, 50, 50),
        ("s2", 25, 25, 75, 25),
        ("s1", 50, 25, 0, 100),
        ("s2", 75, 25, 100, 0),
    ]
    assert not chart.empty


def test_bar_chart_leaves_a_gap_between_groups():
    chart = bar_chart(["a"], {"s": [1]}, width=100, height=100, margin=(0, 0, 0, 0), gap=0.5)
    bar = chart.groups[0].bars[0]
    assert (bar.x, bar.width) == (25, 50)


def test_bar_chart_axis_reaches_y_top_even_for_small_values():
    chart = bar_chart(["a"], {"s": [0.1]}, y_top=1.0, y_label=lambda v: f"{v * 100:.0f} %")
    assert chart.y_ticks[-1].value == 1.0
    assert chart.y_ticks[-1].label == "100 %"
    assert chart.groups[0].bars[0].value_label == "10 %"
    # ... and grows beyond it when a value does (utilisation can pass 100 %).
    over = bar_chart(["a"], {"s": [1.1]}, y_top=1.0)
    assert over.y_ticks[-1].value >= 1.1


def test_bar_chart_without_data_is_empty():
    assert bar_chart([], {}).empty
    assert bar_chart([], {"s": []}).empty
    assert bar_chart(["a"], {}).groups == ()


def test_bar_chart_refuses_a_series_of_the_wrong_length():
    with pytest.raises(ValueError, match="1 values for 2 categories"):
        bar_chart(["a", "b"], {"s": [1]})
