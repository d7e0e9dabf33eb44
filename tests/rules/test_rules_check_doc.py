"""docs/rules-check.md: its worked example is what the command answers."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from django.core.management import call_command

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules-check.md"


def test_the_worked_example_is_the_commands_answer(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8").split("## A worked example", 1)[1]
    facts, output = re.findall(r"```json\n(.*?)```", text, re.S)
    path = tmp_path / "facts.jsonl"
    path.write_text(facts, encoding="utf-8")
    out = io.StringIO()
    call_command("rules", "check", "--facts", str(path), "--on", "2026-06-30", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(output)
