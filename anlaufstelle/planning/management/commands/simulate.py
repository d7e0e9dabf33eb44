from anlaufstelle.core.purecli import pure_command
from anlaufstelle.flow.cli import run_simulate

Command = pure_command(run_simulate, "See `anlaufstelle simulate --help`.")
