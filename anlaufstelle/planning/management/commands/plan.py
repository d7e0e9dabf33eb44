from anlaufstelle.core.purecli import pure_command
from anlaufstelle.flow.cli import run_plan

Command = pure_command(run_plan, "See `anlaufstelle plan --help`.")
