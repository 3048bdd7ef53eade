"""Ship the NCCIS activity codes and their categories as reference data."""

from django.db import migrations


def add_codes(apps, schema_editor):
    from destinations.nccis import CODES

    NccisCode = apps.get_model("destinations", "NccisCode")
    for code, label, category in CODES:
        NccisCode.objects.update_or_create(
            code=code, valid_from=None, defaults={"label": label, "category": category}
        )


class Migration(migrations.Migration):
    dependencies = [("destinations", "0001_destination_records")]

    operations = [migrations.RunPython(add_codes, migrations.RunPython.noop)]
