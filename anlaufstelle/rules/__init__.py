"""Dated eligibility and benefit-regime rules with legal citations (pure Python, no Django).

The rules are data (``data/*.toml``, one file per rule, with dated versions and their
figures); the conditions are code that reads those figures. ``evaluate(facts, on)`` answers
for every rule; docs/rules.md explains the rules, docs/rules-check.md the file format of
``anlaufstelle rules check``.
"""

from .engine import DEFINITIONS, Result, evaluate, load_rules
from .facts import Facts, FactsError, parse_facts
from .reasons import REASONS
from .store import Rule, RulesError, RuleSet, Version

__all__ = [
    "DEFINITIONS",
    "REASONS",
    "Facts",
    "FactsError",
    "Result",
    "Rule",
    "RuleSet",
    "RulesError",
    "Version",
    "evaluate",
    "load_rules",
    "parse_facts",
]
