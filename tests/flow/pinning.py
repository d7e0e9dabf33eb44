"""What a simulation decided, reduced to a few lines that can be pinned in a test.

``fingerprint`` gives the figures (exact floats) and a digest of everything else the
simulator reports: every visitor's steps (ready, start, end, staff, interpreter), the per-service
and per-resource rows and the chart series. A refactoring of the dispatch loop that changes
any decision, or any figure in its last digit, changes the fingerprint."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from anlaufstelle.flow.simulator import Result


def fingerprint(result: Result) -> dict[str, Any]:
    data = result.as_dict(visitors=True)
    figures = data.pop("figures")
    text = json.dumps(data, sort_keys=True, ensure_ascii=True, allow_nan=False)
    return {"figures": figures, "digest": hashlib.sha256(text.encode()).hexdigest()[:16]}
