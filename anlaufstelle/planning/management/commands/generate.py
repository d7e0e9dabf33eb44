from anlaufstelle.core.purecli import pure_command
from anlaufstelle.flow.cli import run_generate

Command = pure_command(run_generate, "See `anlaufstelle generate --help`.")
