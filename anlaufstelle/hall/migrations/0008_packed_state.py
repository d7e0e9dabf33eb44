"""The dispatcher's state moves from a jsonb column to compressed JSON with a version
(hall/state.py); the days already held are packed as they are."""

import secrets
import zlib

import orjson
from django.db import migrations, models


def pack_snapshots(apps, schema_editor):
    HallDay = apps.get_model("hall", "HallDay")
    for day in HallDay.objects.all().only("pk", "snapshot"):
        HallDay.objects.filter(pk=day.pk).update(
            state=zlib.compress(orjson.dumps(day.snapshot), 1), version=secrets.randbits(63)
        )


def unpack_states(apps, schema_editor):
    HallDay = apps.get_model("hall", "HallDay")
    for day in HallDay.objects.all().only("pk", "state"):
        snapshot = orjson.loads(zlib.decompress(day.state))
        HallDay.objects.filter(pk=day.pk).update(snapshot=snapshot)


class Migration(migrations.Migration):
    dependencies = [("hall", "0007_ticket_person")]

    operations = [
        migrations.AddField(
            model_name="hallday", name="state", field=models.BinaryField(default=b"")
        ),
        migrations.AddField(
            model_name="hallday", name="version", field=models.BigIntegerField(default=0)
        ),
        migrations.AlterField(
            model_name="hallday", name="snapshot", field=models.JSONField(null=True)
        ),
        migrations.RunPython(pack_snapshots, unpack_states),
        migrations.RemoveField(model_name="hallday", name="snapshot"),
        migrations.AlterField(model_name="hallday", name="state", field=models.BinaryField()),
    ]
