"""The application's database role owns no tables.

On PostgreSQL the tables belong to the role that runs the migrations (MIGRATE_DATABASE_URL). The
application connects as another role (DATABASE_URL, named in DATABASE_APP_ROLE) that may read and
write rows but not alter tables: so it cannot disable the audit trail's triggers, and on the audit
tables it may only add rows. After every `migrate` the grants are set again, so tables added by a
release are covered at once.

SQLite has no roles: whoever may write the database file may change anything in it. There the
keyed chain and the checkpoints outside the database are what shows tampering.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import connections

log = logging.getLogger("anlaufstelle.security")

# Tables whose rows are never changed or removed once written.
APPEND_ONLY_TABLES = ("audit_auditentry", "audit_auditshown")


def grant_app_role(using: str = "default", role: str | None = None) -> str:
    """Give the application's role exactly the rights it needs; say what was done."""
    connection = connections[using]
    role = role if role is not None else settings.DATABASE_APP_ROLE
    if connection.vendor != "postgresql":
        return "SQLite has no database roles: nothing to grant"
    if not role:
        return "DATABASE_APP_ROLE is not set: the application runs as the owner of the tables"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (current,) = cursor.fetchone()
        if current == role:
            return f"the application role {role} is the owner of the tables: nothing to grant"
        name = connection.ops.quote_name(role)
        for statement in (
            f"GRANT USAGE ON SCHEMA public TO {name}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}",
            f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {name}",
            # Earlier releases may have granted more; every migrate takes it back.
            f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {name}",
            f"REVOKE UPDATE, DELETE ON {', '.join(APPEND_ONLY_TABLES)} FROM {name}",
        ):
            cursor.execute(statement)
    return f"granted the application role {role} rows, not tables; audit tables: add only"


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    # post_migrate is sent once per app, after all migrations of the run; the grants cover every
    # table at once, so one app's signal is enough.
    if sender.label != "audit":
        return
    message = grant_app_role(using)
    if settings.DATABASE_APP_ROLE:
        log.info("%s", message)
