import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from anlaufstelle.audit.services import Actor, record


def _write(n: int) -> None:
    for i in range(n):
        record(actor=Actor(None, "system", "", ""), action="create", purpose="demo", person_id=i)


@pytest.mark.django_db
def test_verify_command_reports_an_intact_chain(capsys):
    _write(3)
    call_command("audit", "verify")
    assert "audit chain intact: 3 entries" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_command_fails_on_tampering(capsys):
    _write(3)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
        cursor.execute("UPDATE audit_auditentry SET username = 'someone' WHERE seq = 1")
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("audit", "verify")
    assert "#1 was changed" in capsys.readouterr().err
