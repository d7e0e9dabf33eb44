"""Example days in format ``anlaufstelle-scenario/1``, shipped with the flow core: the samples of
the capacity-planning page, the days the tests pin and the benchmark runs.

A package, so that the JSON files travel with the installed code. They were generated from the
shipped forecasts and are not edited by hand (a test checks that they still are what the
generator makes):

- ``rural-walk-in.json``: ``anlaufstelle generate --forecast burgenland-walk-in --seed 1``
- ``leipzig-peak.json``: ``anlaufstelle generate --forecast leipzig-peak --seed 1``
"""
