"""Django for a bench run: a temporary SQLite file unless DATABASE_URL names a server, settings
that keep the run apart from real data, and the database migrated."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile


def setup_django(name: str) -> str:
    """Set up Django for the bench called ``name``; returns the database's vendor."""
    scratch = tempfile.mkdtemp(prefix=f"{name}-bench-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", f"{name}-bench-secret-key-0123456789abcdefghij")
    os.environ.setdefault("AUDIT_KEY", f"{name}-bench-audit-key-0123456789abcdefghijk")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("ANLAUFSTELLE_VAR_DIR", scratch)
    os.environ["DJANGO_SETTINGS_MODULE"] = "anlaufstelle.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor
