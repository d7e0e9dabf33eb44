from anlaufstelle.core.purecli import pure_command
from anlaufstelle.matching.cli import run_match

Command = pure_command(run_match, "Match query records against registry records from files.")
