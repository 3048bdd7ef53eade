"""The national averages of benchmarks fully met, shipped as reference data (DOMAIN section 8)."""

from decimal import Decimal

from django.db import migrations

FIGURES = [
    ("2023/24", Decimal("5.83"), "The Careers & Enterprise Company, annual results for 2023/24"),
    (
        "2024/25",
        Decimal("5.96"),
        "The Careers & Enterprise Company, annual results for 2024/25 (4,863 institutions)",
    ),
]


def load(apps, schema_editor):
    figure = apps.get_model("insights", "NationalFigure")
    for year, value, source in FIGURES:
        figure.objects.update_or_create(
            academic_year=year, defaults={"average_benchmarks_met": value, "source": source}
        )


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
