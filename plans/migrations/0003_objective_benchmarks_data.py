"""Move each objective's linked benchmark numbers onto the Benchmark rows of its plan's version."""

from django.db import migrations

BENCHMARKS_2025_FROM_YEAR = 2025  # as plans.models.benchmark_version_for, frozen here


def numbers_to_rows(apps, schema_editor):
    Objective = apps.get_model("plans", "Objective")
    Benchmark = apps.get_model("benchmarks", "Benchmark")
    rows = {(b.version, b.number): b.pk for b in Benchmark.objects.all()}
    links = []
    for objective in Objective.objects.select_related("plan").exclude(linked_benchmarks=[]):
        version = "2025" if objective.plan.start_year >= BENCHMARKS_2025_FROM_YEAR else "2018"
        numbers = objective.linked_benchmarks or []
        for number in sorted({n for n in numbers if isinstance(n, int)}):
            if (version, number) in rows:
                links.append(
                    Objective.benchmarks.through(
                        objective_id=objective.pk, benchmark_id=rows[(version, number)]
                    )
                )
    Objective.benchmarks.through.objects.bulk_create(links, ignore_conflicts=True)


def rows_to_numbers(apps, schema_editor):
    Objective = apps.get_model("plans", "Objective")
    for objective in Objective.objects.prefetch_related("benchmarks"):
        objective.linked_benchmarks = sorted(b.number for b in objective.benchmarks.all())
        objective.save(update_fields=["linked_benchmarks"])


class Migration(migrations.Migration):
    dependencies = [
        ("benchmarks", "0002_reference_data"),
        ("plans", "0002_objective_benchmarks_action_sources"),
    ]

    operations = [migrations.RunPython(numbers_to_rows, rows_to_numbers)]
