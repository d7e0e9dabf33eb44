"""Eligibility screening on the registry: the facts of a person for the pure rules engine
(``anlaufstelle.rules``), the facts the foreigners authority records, and the screening list."""
