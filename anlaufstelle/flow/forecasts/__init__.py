"""Example forecasts for `anlaufstelle generate` (JSON files; see flow/generator.py)."""
