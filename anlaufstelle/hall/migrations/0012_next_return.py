from django.db import migrations, models
from django.db.models import F


def look_at_once(apps, schema_editor):
    # Days from before: the next event looks for returning visitors and sets the field.
    apps.get_model("hall", "HallDay").objects.update(next_return=F("opened_at"))


class Migration(migrations.Migration):
    dependencies = [("hall", "0011_hall_changes")]

    operations = [
        migrations.AddField(
            model_name="hallday",
            name="next_return",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(look_at_once, migrations.RunPython.noop),
    ]
