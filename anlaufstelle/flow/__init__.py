"""Pure-Python flow core: visit plans, dispatch policies, simulator, generator and planner.

Nothing here imports Django (import-linter enforces it); the web layer adapts database rows to
these plain objects and back. The main entry points:

- :func:`load_day` / :func:`load_day_file`: a day in format ``anlaufstelle-scenario/1``.
- :func:`simulate` (one policy) and :func:`compare_policies` (several): a :class:`Result` with
  :class:`Figures`, per-visitor, per-service and per-resource records, and a :class:`Series`
  for charts.
- :func:`get_policy`, :data:`POLICIES`, :data:`DEFAULT_POLICY`: the dispatch policies shared
  with the live hall.
- :func:`generate_day`, :func:`forecast_from_day`: days from forecasts and back.
- :func:`plan`, :func:`smallest_headcount`: staffing proposals.
- :mod:`anlaufstelle.flow.cli`: ``run_simulate``/``run_generate``/``run_plan``.
"""

# ruff: noqa: E402 - the imports below come after native.install() on purpose
from . import native

# Before any module of the core is imported: the compiled build, where there is one of these
# sources (see native.py).
native.install()

from .generator import (
    example_forecast,
    forecast_from_day,
    generate_day,
    load_forecast,
    load_forecast_file,
    scale_forecast,
)
from .hall import Called, Hall, HallError, PolicyError, dispatch
from .planner import (
    HeadcountResult,
    PlanProgress,
    PlanResult,
    allowed_skill_sets,
    plan,
    smallest_headcount,
)
from .plans import VisitPlan, build_plan
from .policies import DEFAULT_POLICY, POLICIES, Policy, PooledPolicy, SiloPolicy, get_policy
from .policyview import Call, HallView, InterpreterView, StaffView, VisitorView, WaitingStep
from .scenario import (
    Day,
    Interpreter,
    ScenarioError,
    Service,
    StaffMember,
    Visitor,
    day_to_dict,
    example_day,
    load_day,
    load_day_file,
)
from .simulator import (
    FIGURE_KEYS,
    Figures,
    Result,
    Series,
    compare_policies,
    percentile,
    simulate,
)

__all__ = [
    "DEFAULT_POLICY",
    "FIGURE_KEYS",
    "POLICIES",
    "Call",
    "Called",
    "Day",
    "Figures",
    "Hall",
    "HallError",
    "HallView",
    "HeadcountResult",
    "PlanProgress",
    "Interpreter",
    "InterpreterView",
    "PlanResult",
    "Policy",
    "PolicyError",
    "PooledPolicy",
    "Result",
    "ScenarioError",
    "Series",
    "Service",
    "SiloPolicy",
    "StaffMember",
    "StaffView",
    "Visitor",
    "VisitorView",
    "VisitPlan",
    "WaitingStep",
    "allowed_skill_sets",
    "build_plan",
    "compare_policies",
    "day_to_dict",
    "dispatch",
    "example_day",
    "example_forecast",
    "forecast_from_day",
    "generate_day",
    "get_policy",
    "load_day",
    "load_day_file",
    "load_forecast",
    "load_forecast_file",
    "percentile",
    "plan",
    "scale_forecast",
    "simulate",
    "smallest_headcount",
]
