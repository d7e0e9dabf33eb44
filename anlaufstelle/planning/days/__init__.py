"""Sample days shipped with the capacity-planning page, in format ``anlaufstelle-scenario/1``.

A package, so that the JSON files travel with the installed code. They were generated from the
shipped forecasts and are not edited by hand:

- ``rural-walk-in.json``: ``anlaufstelle generate --forecast burgenland-walk-in --seed 1``
- ``leipzig-peak.json``: ``anlaufstelle generate --forecast leipzig-peak --seed 1``
"""
