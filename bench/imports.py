"""The import step of `make bench`: an encounters file of --rows rows, checked, then applied.

`python -m bench.imports --rows 5000` runs only this step on a fresh bench database (the same one
`make bench` uses: BENCH_DATABASE_URL, else the scratch PostgreSQL, else SQLite); `make bench`
runs it after its first seeding. The file is what a careers leader would upload: each row an
encounter of the demo school with a department, an organisation, a benchmark, its meaningful
criteria and one or two year groups, so applying it attaches every learner on roll in them.

Reported: seconds and SQL queries for reading the file, checking it and applying it (history and
attendance included), the attendance rows written, and peak memory: the Python heap's peak during
the step (tracemalloc) and the process's peak resident size (ru_maxrss, which includes Django).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import resource
import sys
import time
import tracemalloc

from bench import run as bench_run

HEADER = [
    "title",
    "date",
    "kind",
    "in_school_day",
    "department",
    "organisations",
    "benchmarks",
    "meaningful_criteria",
    "year_groups",
    "is_pal",
    "purpose",
    "reflections",
    "employer_feedback",
]


def encounters_file(institution, rows: int, today: dt.date) -> bytes:
    """A CSV of `rows` encounters, dated over the two years before today, that checks clean."""
    from benchmarks import selectors as benchmark_selectors
    from careers_portal.schools.models import Department, Learner
    from encounters.models import Organisation

    departments = list(
        Department.objects.for_institution(institution).values_list("name", flat=True)
    ) or [""]
    organisations = list(
        Organisation.objects.for_institution(institution)
        .filter(kind=Organisation.Kind.EMPLOYER)
        .values_list("name", flat=True)
    ) or [""]
    criteria = ";".join(
        f"5:{c.code}" for c in benchmark_selectors.meaningful_criteria() if c.benchmark_number == 5
    )
    years = sorted(
        set(
            Learner.objects.for_institution(institution)
            .on_roll()
            .values_list("year_group", flat=True)
        )
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for number in range(rows):
        day = today - dt.timedelta(days=1 + number % 700)
        year = years[number % len(years)]
        groups = f"{year}" if number % 3 else f"{year};{years[(number + 1) % len(years)]}"
        writer.writerow(
            [
                f"Bench employer talk {number}",
                f"{day:%d/%m/%Y}",
                "Employer talk",
                "Y",
                departments[number % len(departments)],
                organisations[number % len(organisations)],
                "5",
                criteria,
                groups,
                "N",
                "Careers in the sector",
                "",
                "",
            ]
        )
    return buffer.getvalue().encode()


def measure(institution, rows: int) -> dict:
    """Read, check and apply a file of `rows` encounters; time, queries and memory of each.

    Rolled back at the end, so the pages measured after it see the demo school as it was.
    """
    from django.db import transaction

    with transaction.atomic():
        result = _measure(institution, rows)
        transaction.set_rollback(True)
    return result


def _measure(institution, rows: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careers_portal import uploads
    from careers_portal.accounts.models import Membership
    from careers_portal.dates import today
    from encounters import importing
    from encounters.models import EncounterLearner

    by = Membership.objects.filter(institution=institution).first().user
    content = encounters_file(institution, rows, today())
    attendance_before = EncounterLearner.objects.count()
    result: dict = {"rows": rows, "file_bytes": len(content), "steps": {}}
    tracemalloc.start()
    for step in ("read", "check", "apply"):
        tracemalloc.reset_peak()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            if step == "read":
                dataset = uploads.read_table(content, "csv")
            elif step == "check":
                report = importing.check(institution=institution, dataset=dataset, today=today())
            else:
                report = importing.apply(
                    institution=institution, dataset=dataset, by=by, today=today()
                )
        seconds = time.perf_counter() - started
        result["steps"][step] = {
            "seconds": round(seconds, 3),
            "queries": len(queries),
            "python_peak_mb": round(tracemalloc.get_traced_memory()[1] / 2**20, 1),
        }
        if step != "read" and report.has_errors:
            problems = report.problems or next(r.errors for r in report.rows if r.errors)
            raise SystemExit(f"bench: the generated file did not check clean: {problems}")
    tracemalloc.stop()
    result["applied"] = report.applied
    result["attendance_rows_written"] = EncounterLearner.objects.count() - attendance_before
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["seconds_per_1000_rows"] = round(
        1000 * (result["steps"]["check"]["seconds"] + result["steps"]["apply"]["seconds"]) / rows,
        3,
    )
    return result


def print_result(result: dict) -> None:
    print(
        f"Encounters import of {result['rows']:,} rows ({result['file_bytes'] / 1024:.0f} KB), "
        f"{result['attendance_rows_written']:,} attendance rows written:"
    )
    for step, figures in result["steps"].items():
        print(
            f"  {step:<6} {figures['seconds']:>8.2f} s  {figures['queries']:>6} queries  "
            f"Python peak {figures['python_peak_mb']:>7.1f} MB"
        )
    print(f"  peak resident size of the process: {result['peak_rss_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.imports", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rows", type=int, default=5000, help="encounter rows in the file")
    parser.add_argument("--learners", type=int, default=2000, help="learners of the demo school")
    args = parser.parse_args(argv)
    database_url = bench_run._prepare_environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    bench_run._section(f"Database: {connection.vendor}, {bench_run._redact(database_url)}; wiped")
    bench_run._reset_database(database_url)
    call_command("migrate", verbosity=0, interactive=False)
    bench_run._section(f"seed_demo --learners {args.learners}")
    call_command("seed_demo", learners=args.learners, verbosity=1)
    bench_run._analyze()
    bench_run._section(f"Import of {args.rows:,} encounter rows")
    result = measure(bench_run._bench_institution(), args.rows)
    result["database"] = connection.vendor
    result["learners"] = args.learners
    print_result(result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
