"""The import step of `make bench`: an encounters file of --rows rows, checked, then applied.

`python -m bench.imports --rows 5000` runs only this step on a fresh bench database (the same one
`make bench` uses: BENCH_DATABASE_URL, else the scratch PostgreSQL, else SQLite); `make bench`
runs it after its first seeding. The file is what a careers leader would upload: each row an
encounter of the demo school with a department, an organisation, a benchmark, its meaningful
criteria and one or two year groups, so applying it attaches every learner on roll in them.

Reported: seconds and SQL queries for reading the file, checking it and applying it (history and
attendance included), the attendance rows written, and peak memory: the Python heap's peak during
the step (tracemalloc) and the process's peak resident size (ru_maxrss, which includes Django).
The roll's steps are timed without tracemalloc (a second, untimed run gives their Python peak).
Each step pays the foreign-key checks PostgreSQL defers to commit before it is rolled back, and
the database is vacuumed between the encounters import and the roll's, as autovacuum would.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
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
        started, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            if step == "read":
                dataset = uploads.read_table(content, "csv")
            elif step == "check":
                report = importing.check(institution=institution, dataset=dataset, today=today())
            else:
                report = importing.apply(
                    institution=institution, dataset=dataset, by=by, today=today()
                )
                _deferred_checks()
        seconds = time.perf_counter() - started
        result["steps"][step] = {
            "seconds": round(seconds, 3),
            # This process's CPU (the database server's is not in it): steadier on a busy machine.
            "cpu_seconds": round(time.process_time() - cpu, 3),
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


def _deferred_checks() -> None:
    """Run now the foreign-key checks PostgreSQL defers to commit (Django's constraints are
    INITIALLY DEFERRED): a step is rolled back, so without this they would never be paid."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


# --- The roll from the MIS (issue 12): the app's import against a naive one and COPY -----------

ROLL_HEADER = ["UPN", "Legal Surname", "Legal Forename", "DOB", "Gender", "Year", "Reg"]


def roll_file(rows: int) -> bytes:
    """A SIMS-style export of `rows` new learners with valid UPNs (an LA code of 209)."""
    from stdnum.gb import upn as upn_number

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ROLL_HEADER)
    for n in range(rows):
        body = f"2099{n // 1000:03d}26{n % 1000:03d}"
        year = 7 + n % 7
        writer.writerow(
            [
                upn_number.calc_check_digit(body) + body,
                f"Surname{n}",
                f"Forename{n}",
                f"{1 + n % 28:02d}/{1 + n % 12:02d}/{2019 - year:04d}",
                "FM"[n % 2],
                f"Year {year}",
                f"{year}{'ABC'[n % 3]}",
            ]
        )
    return buffer.getvalue().encode()


def _naive_resource():
    """django-import-export's defaults: each row looked up, validated and saved on its own."""
    from import_export import resources

    from careers_portal.schools.models import Learner

    class NaiveLearnerResource(resources.ModelResource):
        class Meta:
            model = Learner
            fields = ("upn", "last_name", "first_name", "gender", "year_group", "reg_group")
            import_id_fields = ("upn",)

        def __init__(self, institution):
            super().__init__()
            self.institution = institution

        def before_save_instance(self, instance, row, **kwargs):
            instance.institution = self.institution

    return NaiveLearnerResource


def _copy_floor(content: bytes) -> float | None:
    """Seconds for PostgreSQL's COPY of the same rows into a scratch table: the physical floor."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    body = content.split(b"\n", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_roll_floor (upn text, last_name text, first_name text, "
            "dob text, gender text, year text, reg text) ON COMMIT DROP"
        )
        raw = cursor.cursor
        started = time.perf_counter()
        sql = "COPY bench_roll_floor FROM STDIN WITH (FORMAT csv)"
        if hasattr(raw, "copy_expert"):  # psycopg2
            raw.copy_expert(sql, io.BytesIO(body))
        else:  # psycopg 3
            with raw.copy(sql) as copy:
                copy.write(body)
        return time.perf_counter() - started


def measure_roll(institution, rows: int) -> dict:
    """The roll import of `rows` new learners: check, apply (history included), the naive
    per-row import of the same rows and COPY of them; each rolled back after it."""
    import tablib
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from careers_portal.dates import today
    from careers_portal.schools import learner_import

    content = roll_file(rows)
    dataset = learner_import.read(content, "csv")
    mapping = learner_import.suggested_mapping(institution, list(dataset.headers))
    result: dict = {"rows": rows, "file_bytes": len(content), "steps": {}}

    def step(name, work, memory=True):
        """Time `work` (rolled back); then, when `memory`, run it again under tracemalloc for
        its Python peak: tracemalloc slows Python's allocations two to four times."""
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            outcome = work()
            _deferred_checks()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            transaction.set_rollback(True)
        result["steps"][name] = {
            "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "queries": len(queries),
        }
        if memory:
            tracemalloc.start()
            with transaction.atomic():
                work()
                transaction.set_rollback(True)
            result["steps"][name]["python_peak_mb"] = round(
                tracemalloc.get_traced_memory()[1] / 2**20, 1
            )
            tracemalloc.stop()
        return outcome

    report = step(
        "check",
        lambda: learner_import.check(
            institution=institution, dataset=dataset, mapping=mapping, today=today()
        ),
    )
    if report.has_errors:
        problems = report.problems or [row.errors for row in report.errors[:3]]
        raise SystemExit(f"bench: the generated roll did not check clean: {problems}")
    step(
        "check and apply",
        lambda: learner_import.apply(
            institution=institution, dataset=dataset, mapping=mapping, today=today()
        ),
    )
    # The apply step timed by itself (not as a difference of two timings, which swings with
    # the check's own time): the rows checked first, then only their writing measured.
    with transaction.atomic():
        checked = learner_import.check(
            institution=institution, dataset=dataset, mapping=mapping, today=today()
        )
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            learner_import.write(
                institution=institution, report=checked, mapping=mapping, today=today()
            )
            _deferred_checks()
            seconds = time.perf_counter() - started
        # The statistics refreshed once the apply has committed (learner_import.write): not in
        # the apply's transaction, but still part of the import, so shown beside it.
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            learner_import.analyse_learner_tables()
        analysed = time.perf_counter() - started
        transaction.set_rollback(True)
    result["steps"]["apply"] = {"seconds": round(seconds, 3), "queries": len(queries)}
    result["steps"]["ANALYZE once the apply has committed"] = {"seconds": round(analysed, 3)}
    naive = tablib.Dataset(
        headers=["upn", "last_name", "first_name", "gender", "year_group", "reg_group"]
    )
    for cells in dataset:
        naive.append([cells[0], cells[1], cells[2], cells[4], int(str(cells[5])[-2:]), cells[6]])
    step(
        "naive import (django-import-export, a save per row)",
        lambda: _naive_resource()(institution).import_data(naive, dry_run=False, raise_errors=True),
        memory=False,
    )
    floor = None
    with transaction.atomic():
        floor = _copy_floor(content)
        transaction.set_rollback(True)
    if floor is not None:
        result["steps"]["COPY into a scratch table (floor)"] = {"seconds": round(floor, 4)}
        result["apply_over_copy"] = round(result["steps"]["apply"]["seconds"] / floor, 1)
    naive_seconds = result["steps"]["naive import (django-import-export, a save per row)"][
        "seconds"
    ]
    result["naive_over_app_import"] = round(
        naive_seconds
        / (
            result["steps"]["check and apply"]["seconds"]
            + result["steps"]["ANALYZE once the apply has committed"]["seconds"]
        ),
        1,
    )
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def print_roll(result: dict) -> None:
    print(f"Roll import of {result['rows']:,} new learners ({result['file_bytes'] / 1024:.0f} KB):")
    for name, figures in result["steps"].items():
        extra = f"  {figures['queries']:>6} queries" if "queries" in figures else ""
        print(f"  {name:<55} {figures['seconds']:>9.3f} s{extra}")
    if "apply_over_copy" in result:
        print(f"  apply / COPY: {result['apply_over_copy']}x (target: at most 10x)")
    print(f"  naive / the app's whole import: {result['naive_over_app_import']}x (target: 20x)")
    print(f"  peak resident size of the process: {result['peak_rss_mb']:.0f} MB")


def print_result(result: dict) -> None:
    load = os.getloadavg()[0]
    print(
        f"(load average {load:.1f} on {os.cpu_count()} CPUs: above that count, times are inflated)"
    )
    print(
        f"Encounters import of {result['rows']:,} rows ({result['file_bytes'] / 1024:.0f} KB), "
        f"{result['attendance_rows_written']:,} attendance rows written:"
    )
    for step, figures in result["steps"].items():
        print(
            f"  {step:<6} {figures['seconds']:>8.2f} s ({figures['cpu_seconds']:.2f} s CPU here)  "
            f"{figures['queries']:>6} queries  "
            f"Python peak {figures['python_peak_mb']:>7.1f} MB"
        )
    print(f"  peak resident size of the process: {result['peak_rss_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.imports", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rows", type=int, default=5000, help="encounter rows in the file")
    parser.add_argument("--learners", type=int, default=2000, help="learners of the demo school")
    parser.add_argument(
        "--roll-rows", type=int, default=0, help="also the roll import of this many rows (0: not)"
    )
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
    if args.roll_rows:
        # The encounters' rolled-back 1.9 million attendance rows are dead tuples until
        # autovacuum clears them; left there, the roll's coverage rebuild scans them (4 s).
        bench_run._analyze()
        bench_run._section(f"Roll import of {args.roll_rows:,} rows")
        result["roll_import"] = measure_roll(bench_run._bench_institution(), args.roll_rows)
        print_roll(result["roll_import"])
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
