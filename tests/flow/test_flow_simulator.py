"""Small days whose answers are worked out by hand in the comments."""

from __future__ import annotations

import pytest
from flow_helpers import interpreter, make_day, service, staff, visitor

from anlaufstelle.flow.policies import POLICIES, PooledPolicy, SiloPolicy, get_policy
from anlaufstelle.flow.simulator import FIGURE_KEYS, percentile, simulate

BOTH = sorted(POLICIES)


@pytest.mark.parametrize("policy", BOTH)
def test_one_desk_one_visitor(policy: str) -> None:
    # Desk open 0–100; the visitor arrives at 10 and needs 7 minutes: 10–17.
    day = make_day([service("a")], [staff("S1", ["a"])], [visitor("V1", 10, {"a": 7})])
    r = simulate(day, get_policy(policy))
    (rec,) = r.visitors
    assert (rec.steps[0].start, rec.steps[0].end, rec.steps[0].staff) == (10, 17, "S1")
    assert rec.served and rec.leaving == 17
    f = r.figures
    assert (f.visitors, f.served) == (1, 1)
    assert f.mean_minutes == f.p50_minutes == f.p90_minutes == f.p99_minutes == 7
    assert f.mean_wait_minutes == 0
    assert f.mean_lower_bound == 7
    assert f.share_within_target == 1
    assert f.p90_ratio == 1
    # Busy 7 of 100 on-shift minutes; no interpreters.
    assert f.staff_utilisation == pytest.approx(0.07)
    assert f.interpreter_utilisation == 0
    assert set(f.as_dict()) == set(FIGURE_KEYS)


@pytest.mark.parametrize("policy", BOTH)
def test_prerequisites_order_and_walk(policy: str) -> None:
    # b requires a; the file lists b first. walk 1.
    # a: 0–2, walk to 3, b: 3–6. Leaving 6; lower bound 2 + 3 + 1 = 6; wait 0.
    day = make_day(
        [service("a"), service("b", ["a"])],
        [staff("S1", ["a"]), staff("S2", ["b"])],
        [visitor("V1", 0, {"b": 3, "a": 2})],
        walk=1,
    )
    (rec,) = simulate(day, get_policy(policy)).visitors
    assert [(s.service, s.start, s.end) for s in rec.steps] == [("a", 0, 2), ("b", 3, 6)]
    assert rec.time_in_centre == 6 and rec.lower_bound == 6 and rec.wait == 0


@pytest.mark.parametrize("policy", BOTH)
def test_prerequisite_not_needed_is_ignored(policy: str) -> None:
    # b requires a, but this visitor has no a: b starts on arrival.
    day = make_day(
        [service("a"), service("b", ["a"])],
        [staff("S1", ["a"]), staff("S2", ["b"])],
        [visitor("V1", 5, {"b": 3})],
    )
    (rec,) = simulate(day, get_policy(policy)).visitors
    assert [(s.service, s.start, s.end) for s in rec.steps] == [("b", 5, 8)]


def test_walk_time_keeps_a_free_desk_waiting() -> None:
    # a and b are independent; two desks. Silo takes a then b:
    # a 0–2, the visitor walks 0.5, b 2.5–5.5 although S2 was free all along.
    day = make_day(
        [service("a"), service("b")],
        [staff("S1", ["a"]), staff("S2", ["b"])],
        [visitor("V1", 0, {"a": 2, "b": 3})],
        walk=0.5,
    )
    (rec,) = simulate(day, SiloPolicy()).visitors
    assert [(s.service, s.start, s.end) for s in rec.steps] == [("a", 0, 2), ("b", 2.5, 5.5)]
    assert rec.lower_bound == 5.5 and rec.wait == 0


def _interpreter_day() -> object:
    # Two desks for a, one uk interpreter.
    # V1 (uk, needs one) arrives 0, 10 min; V2 (uk, needs one) arrives 1, 5 min;
    # V3 (ru, needs none) arrives 2, 4 min.
    return make_day(
        [service("a", typical=5)],
        [staff("S1", ["a"]), staff("S2", ["a"])],
        [
            visitor("V1", 0, {"a": 10}, needs=True),
            visitor("V2", 1, {"a": 5}, needs=True),
            visitor("V3", 2, {"a": 4}, language="ru"),
        ],
        [interpreter("I1", ["uk"])],
    )


def test_silo_passes_over_a_visitor_without_interpreter() -> None:
    # t=0  S1 calls V1 with I1 (0–10).
    # t=1  V2 waits; S2 is free but I1 is busy: V2 cannot be called.
    # t=2  V3 arrives; S2 would call V2 (waited longest) but passes over to V3 (2–6).
    # t=10 S1 and I1 free; S2 free since 6. S1 comes first in the staff list: V2 10–15.
    day = _interpreter_day()
    r = simulate(day, SiloPolicy())  # type: ignore[arg-type]
    by_id = {v.id: v for v in r.visitors}
    assert [(s.start, s.end, s.staff, s.interpreter) for s in by_id["V1"].steps] == [
        (0, 10, "S1", "I1")
    ]
    assert [(s.start, s.end, s.staff, s.interpreter) for s in by_id["V3"].steps] == [
        (2, 6, "S2", None)
    ]
    assert [(s.start, s.end, s.staff, s.interpreter) for s in by_id["V2"].steps] == [
        (10, 15, "S1", "I1")
    ]
    # Waits 0, 9, 0 -> mean 3. The interpreter worked 15 of 100 minutes.
    assert r.figures.mean_wait_minutes == pytest.approx(3)
    assert r.figures.interpreter_utilisation == pytest.approx(0.15)
    # Staff busy 10 + 4 + 5 = 19 of 200 minutes.
    assert r.figures.staff_utilisation == pytest.approx(0.095)


def test_pooled_also_waits_for_the_interpreter() -> None:
    # The interpreter is the bottleneck whatever the policy: V2 still starts at 10.
    day = _interpreter_day()
    r = simulate(day, PooledPolicy())  # type: ignore[arg-type]
    by_id = {v.id: v for v in r.visitors}
    assert by_id["V2"].steps[0].start == 10
    assert by_id["V3"].steps[0].start == 2


def test_shift_end_stops_new_steps_and_leaves_visitors_unserved() -> None:
    # One desk 0–30. V1 arrives 0 (25 min): 0–25. At 25 the desk calls V2 (waited since 1,
    # longer than V3): 25 < 30 so it starts and runs to its end, 25–35. The visit ends after
    # the last shift, so V2 counts as unserved; V3 is never called (the desk is off shift
    # when it is free again at 35).
    day = make_day(
        [service("a")],
        [staff("S1", ["a"], 0, 30)],
        [visitor("V1", 0, {"a": 25}), visitor("V2", 1, {"a": 10}), visitor("V3", 2, {"a": 1})],
    )
    r = simulate(day, SiloPolicy())
    by_id = {v.id: v for v in r.visitors}
    assert by_id["V1"].served and by_id["V1"].leaving == 25
    assert [(s.start, s.end) for s in by_id["V2"].steps] == [(25, 35)]
    assert not by_id["V2"].served and by_id["V2"].leaving == 35
    assert by_id["V3"].steps == () and not by_id["V3"].served and by_id["V3"].leaving is None
    f = r.figures
    assert (f.visitors, f.served) == (3, 1)
    # Only V1 is in the figures over served visitors; share within target is over all three.
    assert f.mean_minutes == 25 and f.share_within_target == pytest.approx(1 / 3)
    # Busy minutes count within the shift: 25 + (30 − 25) = 30 of 30.
    assert f.staff_utilisation == pytest.approx(1.0)
    assert r.closing_time == 30


@pytest.mark.parametrize("policy", BOTH)
def test_no_step_starts_at_the_end_of_a_shift(policy: str) -> None:
    # from <= t < to: arriving at 29.99 is served, at 30 is not.
    day = make_day(
        [service("a")],
        [staff("S1", ["a"], 0, 30), staff("S2", ["a"], 0, 30)],
        [visitor("V1", 29.99, {"a": 0.01}), visitor("V2", 30, {"a": 0})],
    )
    by_id = {v.id: v for v in simulate(day, get_policy(policy)).visitors}
    assert by_id["V1"].served and by_id["V1"].leaving == 30
    assert by_id["V2"].steps == () and not by_id["V2"].served


@pytest.mark.parametrize("policy", BOTH)
def test_late_shift_start(policy: str) -> None:
    # The only desk opens at 20: a visitor arriving at 5 starts at 20.
    day = make_day([service("a")], [staff("S1", ["a"], 20, 60)], [visitor("V1", 5, {"a": 4})])
    (rec,) = simulate(day, get_policy(policy)).visitors
    assert (rec.steps[0].start, rec.leaving, rec.wait) == (20, 24, 15)


def test_percentile_is_nearest_rank_with_python_round() -> None:
    values = [float(x) for x in range(1, 11)]  # 1..10
    # index round(0.9 × 9) = round(8.1) = 8 -> 9
    assert percentile(values, 0.9) == 9
    # index round(0.5 × 9) = round(4.5) = 4 (halves to even) -> 5
    assert percentile(values, 0.5) == 5
    assert percentile([3.0, 1.0], 0.5) == 1  # round(0.5) = 0
    assert percentile(list(range(101)), 0.99) == 99
    assert percentile([], 0.9) == 0


def test_figures_over_served_and_all_visitors() -> None:
    # Four desks, four visitors who never wait: times 10, 20, 30, 60; target 45.
    # p50: index round(1.5) = 2 -> 30; p90: round(2.7) = 3 -> 60; share within 45 = 3/4.
    day = make_day(
        [service("a")],
        [staff(f"S{i}", ["a"]) for i in range(4)],
        [visitor(f"V{i}", 0, {"a": m}) for i, m in enumerate([10, 20, 30, 60])],
    )
    f = simulate(day, SiloPolicy()).figures
    assert (f.p50_minutes, f.p90_minutes, f.p99_minutes) == (30, 60, 60)
    assert f.mean_minutes == 30 and f.share_within_target == 0.75
    assert f.p90_ratio == 1 and f.mean_wait_minutes == 0


def test_series_count_waiting_visitors_per_bin() -> None:
    # One desk; V1 0–20, V2 arrives 0 and waits until 20, then 20–25.
    # Waiting: one visitor over [0, 15) -> 1.0; over [15, 20) -> 5/15 in the second bin.
    day = make_day(
        [service("a")],
        [staff("S1", ["a"])],
        [visitor("V1", 0, {"a": 20}), visitor("V2", 0, {"a": 5})],
    )
    r = simulate(day, SiloPolicy())
    s = r.series
    assert s.bin_minutes == 15
    assert s.waiting[0] == pytest.approx(1.0)
    assert s.waiting[1] == pytest.approx(round(5 / 15, 4))
    assert s.in_centre[0] == pytest.approx(2.0)
    assert s.queue_by_service["a"][0] == pytest.approx(1.0)
    assert s.arrivals[0] == 2
    hour0 = s.by_arrival_hour[0]
    assert (hour0.arrivals, hour0.served) == (2, 2)
    assert hour0.mean_wait_minutes == pytest.approx(10)  # waits 0 and 20
    (svc,) = r.services
    assert (svc.steps, svc.work_minutes, svc.max_queue) == (2, 25, 2)
    assert svc.mean_queued_minutes == pytest.approx(10)


def test_result_as_dict_is_json_ready() -> None:
    import json

    day = make_day([service("a")], [staff("S1", ["a"])], [visitor("V1", 0, {"a": 1})])
    data = json.loads(json.dumps(simulate(day, SiloPolicy()).as_dict()))
    assert data["figures"]["served"] == 1
    assert data["visitors"][0]["steps"][0]["staff"] == "S1"
    assert data["visitors"][0]["wait"] == 0
    assert data["services"][0]["utilisation"] == pytest.approx(0.01)


def test_pooled_takes_any_order_the_prerequisites_allow() -> None:
    # a then b and c both requiring a. The b desk is busy with V0 until 10, so after a
    # (0–1) V1 goes to c first (1–3), then b (10–12); silo would wait for b then do c.
    day = make_day(
        [service("a"), service("b", ["a"]), service("c", ["a"])],
        [staff("S1", ["a"]), staff("S2", ["b"]), staff("S3", ["c"])],
        [visitor("V0", 0, {"b": 10}), visitor("V1", 0, {"a": 1, "b": 2, "c": 2})],
    )
    pooled = {v.id: v for v in simulate(day, PooledPolicy()).visitors}["V1"]
    assert [(s.service, s.start) for s in pooled.steps] == [("a", 0), ("c", 1), ("b", 10)]
    silo = {v.id: v for v in simulate(day, SiloPolicy()).visitors}["V1"]
    assert [(s.service, s.start) for s in silo.steps] == [("a", 0), ("b", 10), ("c", 12)]


@pytest.mark.parametrize("policy", ["silo", "pooled"])
def test_staff_who_speak_the_language_need_no_interpreter(policy: str) -> None:
    # V1 needs an interpreter for Ukrainian; the only interpreter is busy with V0 all day,
    # and S2 speaks Ukrainian: S2 serves V1 at once, without an interpreter.
    day = make_day(
        [service("a", typical=5)],
        [staff("S1", ["a"]), staff("S2", ["a"], languages=["de", "uk"])],
        [
            visitor("V0", 0, {"a": 90}, needs=True, language="ar"),
            visitor("V1", 1, {"a": 5}, needs=True, language="uk"),
        ],
        [interpreter("I1", ["ar", "uk"])],
    )
    rec = {r.id: r for r in simulate(day, get_policy(policy)).visitors}
    assert rec["V0"].steps[0].interpreter == "I1"
    (step,) = rec["V1"].steps
    assert (step.start, step.staff, step.interpreter) == (1, "S2", None)


def test_pooled_gives_a_speaker_the_visitor_who_needs_one() -> None:
    # Two free desks at once; V1 needs Ukrainian, V2 needs nobody. The desk whose officer
    # speaks Ukrainian takes V1 and the interpreter stays free.
    day = make_day(
        [service("a", typical=5)],
        [staff("S1", ["a"]), staff("S2", ["a"], languages=["de", "uk"])],
        [
            visitor("V1", 0, {"a": 5}, needs=True, language="uk"),
            visitor("V2", 0, {"a": 5}),
        ],
        [interpreter("I1", ["uk"])],
    )
    rec = {r.id: r for r in simulate(day, get_policy("pooled")).visitors}
    assert (rec["V1"].steps[0].staff, rec["V1"].steps[0].interpreter) == ("S2", None)
    assert rec["V2"].steps[0].staff == "S1"


def test_a_speaker_does_not_defer_to_a_desk_that_cannot_serve_the_visitor() -> None:
    # Found by the property test: the only desk that speaks Ukrainian left a visitor who needs
    # an interpreter to the free desk of their other, scarcer service, which has no interpreter
    # for them and so could not call them either. Both stayed idle until the next arrival.
    day = make_day(
        [service("s0"), service("s1")],
        [
            staff("A", ["s0"]),
            staff("B", ["s0"]),
            staff("C", ["s1"]),
            staff("D", ["s0"], languages=["de", "uk"]),
        ],
        [visitor("V", 0, {"s0": 4, "s1": 4}, needs=True), visitor("W", 30, {"s0": 1})],
        [interpreter("I", ["ar"])],
    )
    result = simulate(day, PooledPolicy())
    first = next(r for r in result.visitors if r.id == "V").steps[0]
    assert (first.service, first.staff, first.start) == ("s0", "D", 0.0)
