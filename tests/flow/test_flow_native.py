"""The compiled flow core: used only when it is a build of the sources on disk, and it decides
exactly as the pure Python does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pinning import fingerprint

from anlaufstelle.flow import hall, native, simulator
from anlaufstelle.flow.generator import example_forecast, sized_day
from anlaufstelle.flow.policies import POLICIES, get_policy
from anlaufstelle.flow.scenario import DAYS_DIR, load_day, load_day_file

ROOT = Path(__file__).resolve().parents[2]


def test_the_fresh_build_is_in_use_and_make_test_has_one() -> None:
    # `make test` builds it strictly (tools/build-flow --strict), so the tests below compare
    # the compiled simulator with the pure one, not the pure one with itself. Run with the
    # pure modules forced, the status must say so and nothing compiled may be loaded.
    if os.environ.get(native.PURE_ENV):
        assert native.status == f"pure: {native.PURE_ENV} is set"
        assert not native.compiled(hall) and not native.compiled(simulator)
        return
    files, why = native.check(native.build_dir())
    assert files is not None, why
    assert native.status == "compiled"
    assert native.compiled(hall) and native.compiled(simulator)
    assert files[hall.__name__] == Path(hall.__file__ or "")


def test_a_build_of_other_sources_is_refused(tmp_path: Path) -> None:
    (tmp_path / native.MANIFEST).write_text(
        json.dumps({"digest": "0" * 64, "files": {}}), encoding="utf-8"
    )
    files, why = native.check(tmp_path)
    assert files is None
    assert "other sources" in why


def test_an_incomplete_build_is_refused(tmp_path: Path) -> None:
    manifest = {"digest": native.sources_digest(), "files": {"anlaufstelle.flow.hall": "x.so"}}
    (tmp_path / native.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    files, why = native.check(tmp_path)
    assert files is None
    assert "incomplete" in why


def test_no_build_means_pure(tmp_path: Path) -> None:
    files, why = native.check(tmp_path)
    assert files is None
    assert why.startswith("pure: no compiled build")


def test_an_edited_source_makes_the_build_stale(tmp_path: Path) -> None:
    copies = []
    for path in native.source_paths():
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    assert native.sources_digest(copies) == native.sources_digest()
    copies[0].write_bytes(copies[0].read_bytes() + b"\n# an edit\n")
    assert native.sources_digest(copies) != native.sources_digest()


def _fingerprints() -> dict[str, str]:
    days = [load_day_file(p) for p in sorted(DAYS_DIR.glob("*.json"))]
    days.append(load_day(sized_day(example_forecast("leipzig-peak"), 1500, 7)))
    out = {}
    for day in days:
        for name in sorted(POLICIES):
            key = f"{day.name or 'generated'}/{name}"
            out[key] = json.dumps(fingerprint(simulator.simulate(day, get_policy(name))))
            if name == "pooled" and len(day.visitors) < 100:
                # Live mode rebuilds the hall at every moment: only on the small day.
                live = simulator.simulate(day, get_policy(name), live=True)
                out[f"{key}/live"] = json.dumps(fingerprint(live))
    return out


PURE_SCRIPT = """
import json, sys
sys.path.insert(0, {tests!r})
from anlaufstelle.flow import native, hall
assert native.status.startswith("pure"), native.status
assert not native.compiled(hall)
from test_flow_native import _fingerprints
print(json.dumps(_fingerprints()))
"""


def test_compiled_and_pure_decide_alike() -> None:
    # The example days, a generated day, both policies, and the live mode (the hall rebuilt
    # from its snapshot at every moment) on the small day: every decision, step and figure the same.
    here = _fingerprints()
    env = dict(os.environ, **{native.PURE_ENV: "1"})
    script = PURE_SCRIPT.format(tests=str(Path(__file__).parent))
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    assert json.loads(out.stdout) == here
