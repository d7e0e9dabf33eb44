"""Expression indexes for the search of a name still being typed (people/namesearch.py,
find_by_prefix). Django's case-insensitive "starts with" on PostgreSQL is
UPPER(column::text) LIKE UPPER('term%'); text_pattern_ops lets a B-tree serve that prefix.
SQLite needs none: there the embedded registry is small and scanned."""

from django.db import migrations

FIELDS = ("family_name", "given_names", "family_name_original", "given_names_original")


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS person_{field}_upper_prefix ON people_person '
            f'(UPPER("{field}"::text) text_pattern_ops)'
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS person_{field}_upper_prefix")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_name_keys_and_merges")]

    operations = [migrations.RunPython(_create, _drop)]
