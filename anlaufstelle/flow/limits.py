"""The bounds on what a day, forecast or skill-set file may hold, in one place.

The parsers (flow/scenario.py, flow/generator.py, flow/planner.py), the command line and the
web page all read these names, and docs/day-format.md lists them. They are far above any real
day (the busiest shipped day has 437 visitors and 52 staff; the 2022 Leipzig peak had 60 desks)
and far below what would make the simulator, the planner or the parser itself slow, overflow a
float or run out of memory: a file past a bound is refused with a coded error naming the field,
never a traceback.
"""

from __future__ import annotations

from typing import Final

#: A day, forecast or skill-set file, read from disk or uploaded. Ten thousand visitors of
#: the benchmark take about 3 MB.
MAX_FILE_BYTES: Final = 5 * 1024 * 1024
#: A day file is four levels deep; deeper nesting is a broken or hostile file, and refusing it
#: before the JSON parser recurses keeps that parser from hitting Python's recursion limit.
MAX_JSON_DEPTH: Final = 20
#: The simulator's clock: times are rounded to this many decimals of a minute, so that sums of
#: floats meet exactly. A shift shorter than that would start and end at the same instant.
TIME_DIGITS: Final = 9
#: Every time (from opening) and every duration, in minutes: two days. Far larger times would
#: make the simulator's 15-minute series huge.
MAX_MINUTES: Final = 2 * 24 * 60
MAX_VISITORS: Final = 20_000
MAX_STAFF: Final = 5_000
MAX_INTERPRETERS: Final = 5_000
MAX_SERVICES: Final = 200
#: Languages of one staff member or interpreter (ISO 639-1 has 184 codes).
MAX_LANGUAGES: Final = 200
#: People in one visiting party (a family).
MAX_PARTY_SIZE: Final = 50
#: Extra share of a service's typical minutes per further person of a party.
MAX_PER_PERSON_FACTOR: Final = 10
#: A visitor's priority lies in [-MAX_PRIORITY, MAX_PRIORITY].
MAX_PRIORITY: Final = 1_000
#: Seeds lie in [-MAX_SEED, MAX_SEED]; wider ones say nothing more to a random generator.
MAX_SEED: Final = 2**63 - 1
#: Expected walk-ins per hour in a forecast (the 2022 Leipzig peak had about 90; the
#: benchmark scales it to ten thousand visitors a day, about 2,200 an hour).
MAX_ARRIVALS_PER_HOUR: Final = 5_000
#: A weight in a forecast (of a bundle, a language, a party size): a count of visitors at most.
MAX_WEIGHT: Final = 1_000_000
#: Staff the planner proposes (the web page's headcount and ``plan --headcount``).
MAX_HEADCOUNT: Final = 300
#: Generated variations the planner judges besides the day (``plan --variations``).
MAX_VARIATIONS: Final = 10
#: Allowed skill sets in a skill-sets file.
MAX_SKILL_SETS: Final = 1_000
#: Digits of a JSON integer. Longer ones are read as floats, which a bounded field then refuses
#: by name; Python itself refuses to read integers of more than 4,300 digits with a ValueError.
MAX_INTEGER_DIGITS: Final = 30
