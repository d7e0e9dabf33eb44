"""The capacity-planning page: a day, its figures under every policy, and the charts."""

from __future__ import annotations

import re

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from planning_helpers import LEIPZIG

from anlaufstelle.flow import DEFAULT_POLICY, POLICIES, compare_policies, load_day_file
from anlaufstelle.planning import services

URL = reverse("planning:index")


def figure_cells(html: str, key: str) -> list[str]:
    row = re.search(rf'data-figure="{key}">(.*?)</tr>', html, re.S)
    assert row, f"no row for {key}"
    return [re.sub(r"&nbsp;%$", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))]


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
def test_the_page_shows_the_cores_figures_for_a_shipped_day(client_for, persona):
    response = client_for(persona).get(URL, {"day": "sample:leipzig-peak"})
    assert response.status_code == 200
    html = response.content.decode()
    expected = compare_policies(load_day_file(LEIPZIG))
    assert list(expected) == list(POLICIES)
    for key, _label, digits, percent in services.FIGURES:
        shown = [
            floatformat(getattr(r.figures, key) * (100 if percent else 1), digits)
            for r in expected.values()
        ]
        assert figure_cells(html, key) == shown, key
    # The context holds the very numbers of the core, not just their rounding.
    comparison = response.context["comparison"]
    for row in comparison.figures:
        core = [getattr(r.figures, row.key) for r in expected.values()]
        assert [c.value for c in row.cells] == core
    assert "Sample: Leipzig peak day" in html
    assert "437" in html  # visitors of the day


def test_the_default_policy_is_marked(coordinator):
    html = coordinator.get(URL).content.decode()
    header = re.search(r"<thead.*?</thead>", html, re.S).group(0)
    label = str(services.POLICY_LABELS[DEFAULT_POLICY])
    badge = r' <span class="kern-badge[^"]*"><span class="kern-label">default'
    assert re.search(re.escape(label) + badge, header)
    assert header.count(">default<") == 1


def test_charts_are_inline_svg_with_text_alternatives(coordinator):
    html = coordinator.get(URL).content.decode()
    assert html.count('<svg class="planning-chart"') == 2
    for chart in ("waiting-chart", "utilisation-chart"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
        assert f'<title id="{chart}-title">' in html and f'<desc id="{chart}-desc">' in html
    assert "Table: visitors waiting per quarter hour" in html
    assert "Table: utilisation and queues per service" in html
    assert html.count("<polyline ") == len(POLICIES)
    # The CSP forbids inline styles and scripts: presentation attributes only.
    assert "style=" not in html
    assert "<script>" not in html


def test_svg_numbers_are_not_localised(client_for, settings):
    settings.LANGUAGE_CODE = "de"
    client = client_for("coordinator")
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert re.search(r">\d+,\d</td>", html)  # the tables are German: decimal commas
    svg = re.search(r'<svg class="planning-chart".*?</svg>', html, re.S).group(0)
    numbers = re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
    assert numbers and not any("," in n for n in numbers)


def test_the_planner_form_starts_with_the_days_own_headcount(coordinator):
    response = coordinator.get(URL, {"day": "sample:leipzig-peak"})
    form = response.context["plan_form"]
    assert form["headcount"].value() == len(load_day_file(LEIPZIG).staff)
    assert form["day"].value() == "sample:leipzig-peak"
    html = response.content.decode()
    assert 'hx-post="/planning/plan/"' in html and 'hx-indicator="#plan-loading"' in html
    assert 'class="kern-loader' in html


def test_the_shipped_samples_are_offered(coordinator):
    html = coordinator.get(URL).content.decode()
    assert 'value="sample:rural-walk-in"' in html and 'value="sample:leipzig-peak"' in html


def test_an_unknown_day_is_reported_not_crashed(coordinator):
    response = coordinator.get(URL, {"day": "sample:../../secrets"})
    assert response.status_code == 200
    assert "This day is not available; choose one from the list." in response.content.decode()
    assert response.context["comparison"] is None


def test_the_navigation_and_home_lead_coordinators_here(client_for):
    home = client_for("coordinator").get(reverse("core:home")).content.decode()
    assert home.count(f'href="{URL}"') == 2  # navigation and card
    other = client_for("reception").get(reverse("core:home")).content.decode()
    assert f'href="{URL}"' not in other
