"""`make bench` (`python -m bench.run`): how fast each page is, and how its queries grow with data.

In one run, on a fresh database: BENCH_DATABASE_URL, else a scratch PostgreSQL database
(careers_portal_bench on 127.0.0.1:5432, user postgres, created if need be), else SQLite under
var/bench/ as the fallback; whichever it is gets wiped. ANALYZE runs after each seeding, as
production's autovacuum would.

1. seed_demo with --small learners, then each page's SQL query count (django.test.Client and
   CaptureQueriesContext, in this process);
2. seed_demo tops the same school up to --learners, then the query counts again;
   then, in this process, the encounters import of --import-rows rows (bench/imports.py: check
   and apply, time and peak memory; rolled back, so the pages see the school as seeded), and the
   roll import of --roll-rows rows against django-import-export's per-row import and COPY;
3. gunicorn on 127.0.0.1 (a free port, --workers, DEBUG off, plain HTTP) and, for the floor view and
   each page of bench/pages.py, --requests GETs, --concurrency at a time, as that page's role
   (a form page is POSTed instead, with a CSRF token, as many times as it says).
   p50/p95 latency, and their ratio to the floor's;
4. the mixed load test at --learners: --users simulated people (default 50) for --seconds (at
   most 60), each choosing a page of bench/pages.py by its `weight` (the four roles' usual pages
   and the champion's encounter logging) and asking for it, again and again, against gunicorn;
   p50/p95 per page, its p95 as a ratio to the floor's, and errors (--users 0 skips this);
5. seed_demo tops the school up to --largest learners, then, for the floor and the pages marked
   `largest`, the query count and the load test again (0 skips this).

It prints a table and writes bench/results.json. Every loop is bounded in count and time, and
gunicorn is always stopped.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = ROOT / "var" / "bench"
RESULTS = Path(__file__).resolve().parent / "results.json"
HOST = "127.0.0.1"
# A page whose requests have not all finished by then is reported with what it has.
PAGE_TIME_LIMIT = 40.0
MIXED_TIME_LIMIT = 60
REQUEST_TIMEOUT = 15.0
WARM_UP_REQUESTS = 10
# Tried when BENCH_DATABASE_URL is not set: a local PostgreSQL with trust authentication.
SCRATCH_USER, SCRATCH_PORT, SCRATCH_DATABASE = "postgres", 5432, "careers_portal_bench"
TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT)\b", re.I)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=2000, help="learners for the load test")
    parser.add_argument("--small", type=int, default=100, help="learners for the first count")
    parser.add_argument(
        "--largest",
        type=int,
        default=20000,
        help="learners for the pages marked `largest` (0: not measured)",
    )
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--users", type=int, default=50, help="mixed load test: people at once")
    parser.add_argument("--seconds", type=int, default=30, help="mixed load test: how long")
    parser.add_argument(
        "--import-rows",
        type=int,
        default=5000,
        help="rows of the encounters import measured (0: not measured; bench/imports.py)",
    )
    parser.add_argument(
        "--roll-rows",
        type=int,
        default=10000,
        help="rows of the roll import, naive import and COPY measured (0: not measured)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= MIXED_TIME_LIMIT:
        parser.error(f"--seconds must be from 1 to {MIXED_TIME_LIMIT}")
    if not 0 < args.small < args.learners:
        parser.error("--small must be more than 0 and less than --learners")
    if args.largest and args.largest <= args.learners:
        parser.error("--largest must be more than --learners (or 0)")

    started = time.monotonic()
    # Taken before the bench's own processes add to it.
    load_before = os.getloadavg()[0]
    database_url = _prepare_environment()
    import django

    django.setup()
    from django.core.management import call_command

    from bench.pages import FLOOR, PAGES

    pages = [FLOOR, *PAGES]
    from django.db import connection

    fallback = " (no PostgreSQL answered: SQLite is only the fallback)"
    _section(
        f"Database: {connection.vendor}, {_redact(database_url)}"
        f"{fallback if connection.vendor == 'sqlite' else ''}; wiped and migrated"
    )
    _reset_database(database_url)
    (WORK_DIR / "gunicorn.log").unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)

    _section(f"seed_demo --learners {args.small}")
    call_command("seed_demo", learners=args.small, verbosity=1)
    _analyze()
    institution = _bench_institution()
    clients = {page.role: _signed_in_client(institution, page.role) for page in pages}
    queries = {args.small: _query_counts(pages, institution, clients)}

    _section(f"seed_demo --learners {args.learners} (tops the same school up)")
    call_command("seed_demo", learners=args.learners, verbosity=1)
    _analyze()
    queries[args.learners] = _query_counts(pages, institution, clients)
    made = {args.learners: _made_again(pages, institution, clients)}
    imports = None
    if args.import_rows:
        from bench import imports as bench_imports

        _section(f"Import of {args.import_rows:,} encounter rows (rolled back afterwards)")
        imports = bench_imports.measure(institution, args.import_rows)
        bench_imports.print_result(imports)
        _analyze()  # the rolled-back rows are dead tuples until autovacuum clears them
    roll = None
    if args.roll_rows:
        from bench import imports as bench_imports

        _section(f"Roll import of {args.roll_rows:,} rows, naive import and COPY (rolled back)")
        roll = bench_imports.measure_roll(institution, args.roll_rows)
        bench_imports.print_roll(roll)
        _analyze()

    sessions = {
        role: client.cookies[_session_cookie()].value
        for role, client in clients.items()
        if role is not None
    }
    rows = _measure(args, database_url, pages, institution, sessions, args.learners, queries)
    mixed = _mixed(args, database_url, pages, institution, sessions, rows[0]) if args.users else []
    reports = {args.learners: _report_build()}

    largest = [FLOOR, *(page for page in PAGES if page.largest)]
    if args.largest and len(largest) > 1:
        _section(f"seed_demo --learners {args.largest} (tops the same school up)")
        call_command("seed_demo", learners=args.largest, verbosity=1)
        _analyze()
        queries[args.largest] = _query_counts(largest, institution, clients)
        made[args.largest] = _made_again(largest, institution, clients)
        rows += _measure(args, database_url, largest, institution, sessions, args.largest, queries)
        reports[args.largest] = _report_build()

    results = _results(args, database_url, rows, sorted(queries), started, load_before)
    for row in results["pages"]:
        row["first_view_after_a_write_p50_ms_in_process"] = made.get(row["learners"], {}).get(
            row["label"]
        )
    results["mixed_load_test"] = {"users": args.users, "seconds": args.seconds, "pages": mixed}
    results["encounters_import"] = imports
    results["roll_import"] = roll
    results["annual_report_build"] = {str(n): figures for n, figures in reports.items()}
    _print_table(results)
    _print_made(made)
    _print_mixed(mixed, args)
    _write(results)
    print(f"\nWrote {RESULTS.relative_to(ROOT)} in {time.monotonic() - started:.0f} s.")
    failed = [row["label"] for row in [*results["pages"], *mixed] if row["errors"]]
    if failed:
        print(f"Some requests failed on: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _measure(args, database_url, pages, institution, sessions, learners, queries) -> list[dict]:
    """The load test of `pages` on gunicorn, at `learners`: one row each, against this floor."""
    from django.db import connections

    paths = {page.label: _path(page, institution) for page in pages}
    bodies = {page.label: _body(page, institution) for page in pages}
    notes = {page.label: page.note(institution) if page.note else "" for page in pages}
    concurrency = {page.label: _concurrency(page, args) for page in pages}
    connections.close_all()

    _section(
        f"gunicorn, {args.workers} workers, {learners} learners: {args.requests} requests per "
        f"page, {args.concurrency} at a time (unless the page says otherwise)"
    )
    load = {}
    with Gunicorn(database_url, args.workers) as port:
        for page in pages:
            cookie = sessions[page.role] if page.role else None
            load[page.label] = _load(
                port,
                Request(page.method, paths[page.label], cookie, bodies[page.label], page.status),
                page.requests or args.requests,
                concurrency[page.label],
            )
            note = f" ({notes[page.label]})" if notes[page.label] else ""
            print(f"  {page.label}: {load[page.label]['p50_ms']:.1f} ms p50{note}", flush=True)

    floor = load[pages[0].label]
    rows = []
    for page in pages:
        measured = load[page.label]
        rows.append(
            {
                "label": page.label,
                "method": page.method,
                "url": paths[page.label],
                "role": page.role.value if page.role else "anonymous",
                "learners": learners,
                "note": notes[page.label],
                "p50_ms": round(measured["p50_ms"], 2),
                "p95_ms": round(measured["p95_ms"], 2),
                "max_ms": round(measured["max_ms"], 2),
                "p50_ratio_to_floor": round(measured["p50_ms"] / floor["p50_ms"], 2),
                "p95_ratio_to_floor": round(measured["p95_ms"] / floor["p95_ms"], 2),
                "requests_per_second": round(measured["requests_per_second"], 1),
                "requests": measured["requests"],
                "concurrency": concurrency[page.label],
                "errors": measured["errors"],
                "error_examples": measured["error_examples"],
                **{
                    f"queries_at_{count}_learners": counted.get(page.label)
                    for count, counted in sorted(queries.items())
                },
            }
        )
    return rows


def _mixed(args, database_url, pages, institution, sessions, floor_row) -> list[dict]:
    """--users people at once for --seconds, each asking for pages chosen by their weight.

    Every person is a thread that sends a request, waits for the answer and sends the next: a
    closed loop, so 50 people on 2 workers measure queueing as well as each page's own cost.
    """
    import random

    from django.db import connections

    from bench.pages import FLOOR

    chosen = [page for page in pages if page.weight]
    requests = {
        page.label: Request(
            page.method,
            _path(page, institution),
            sessions[page.role] if page.role else None,
            _body(page, institution),
            page.status,
        )
        for page in chosen
    }
    connections.close_all()
    _section(
        f"mixed load test: {args.users} people at once for {args.seconds} s, "
        f"{len(chosen)} pages by weight, {args.workers} gunicorn workers"
    )
    latencies: dict[str, list[float]] = {page.label: [] for page in chosen}
    errors: dict[str, list[str]] = {page.label: [] for page in chosen}
    lock = threading.Lock()
    weights = [page.weight for page in chosen]

    with Gunicorn(database_url, args.workers) as port:
        deadline = time.monotonic() + args.seconds

        def person(seed: int) -> None:
            rng = random.Random(seed)
            while time.monotonic() < deadline:
                page = rng.choices(chosen, weights)[0]
                request = requests[page.label]
                began = time.perf_counter()
                try:
                    status, _ = _send(port, request)
                except OSError as error:
                    problem = repr(error)
                else:
                    problem = f"HTTP {status}" if status != request.status else ""
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    (errors[page.label] if problem else latencies[page.label]).append(
                        problem or elapsed
                    )

        with ThreadPoolExecutor(max_workers=args.users) as pool:
            for seed in range(args.users):
                pool.submit(person, seed)

    # The floor asked for among the others, under the same load; else the floor measured alone.
    floor_p95 = _percentile(sorted(latencies.get(FLOOR.label, [])), 95)
    if math.isnan(floor_p95):
        floor_p95 = floor_row["p95_ms"]
    rows = []
    for page in chosen:
        measured = sorted(latencies[page.label])
        p95 = _percentile(measured, 95)
        rows.append(
            {
                "label": page.label,
                "method": page.method,
                "requests": len(measured) + len(errors[page.label]),
                "errors": len(errors[page.label]),
                "error_examples": sorted(set(errors[page.label]))[:3],
                "p50_ms": round(_percentile(measured, 50), 2),
                "p95_ms": round(p95, 2),
                "p95_ratio_to_floor": round(p95 / floor_p95, 2),
            }
        )
    return rows


def _print_mixed(rows: list[dict], args) -> None:
    if not rows:
        return
    print(
        f"\nMixed load test: {args.users} people at once for {args.seconds} s "
        "(p95 x floor: against the floor's p95 in the same mix)"
    )
    widths = (48, 9, 9, 9, 12, 7)
    print(
        "".join(
            h.ljust(w)
            for h, w in zip(
                ("page", "requests", "p50 ms", "p95 ms", "p95 x floor", "errors"),
                widths,
                strict=True,
            )
        )
    )
    for row in rows:
        cells = (
            row["label"] + (" (POST)" if row["method"] != "GET" else ""),
            str(row["requests"]),
            f"{row['p50_ms']:.1f}",
            f"{row['p95_ms']:.1f}",
            f"{row['p95_ratio_to_floor']:.2f}",
            str(row["errors"]),
        )
        print("".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))


def _concurrency(page, args) -> int:
    """Requests in flight at once; forms one at a time on SQLite, which has a single writer.

    Two SQLite transactions that both read and then write cannot both go on: one fails at once
    with "database is locked" (waiting does not help), so concurrent POSTs would measure errors.
    """
    from django.db import connection

    wanted = page.concurrency or args.concurrency
    return 1 if page.method != "GET" and connection.vendor == "sqlite" else wanted


def _prepare_environment() -> str:
    """Point this process (and gunicorn, which inherits it) at the bench database and settings."""
    (WORK_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("BENCH_DATABASE_URL") or _scratch_postgres() or _sqlite_url()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SECURE_HTTPS="0",
        # Tasks run in-process: the bench measures pages, not a broker.
        CELERY_BROKER_URL="",
        LOG_LEVEL="WARNING",
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return database_url


def _sqlite_url() -> str:
    return f"sqlite:///{WORK_DIR / 'bench.sqlite3'}"


def _scratch_postgres() -> str | None:
    """A scratch database on the local PostgreSQL, created if need be; None when none answers.

    PostgreSQL is the reference (CI and docker compose run on it, and SQLite hides the cost of
    the queries' plans), so SQLite is only the fallback for a machine without one.
    """
    try:
        import psycopg2
    except ImportError:
        return None
    server = f"postgres://{SCRATCH_USER}@{HOST}:{SCRATCH_PORT}"
    try:
        conn = psycopg2.connect(f"{server}/postgres", connect_timeout=3)
    except psycopg2.Error:
        return None
    try:
        # CREATE DATABASE cannot run in a transaction.
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [SCRATCH_DATABASE])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{SCRATCH_DATABASE}"')
    except psycopg2.Error:
        return None
    finally:
        conn.close()
    return f"{server}/{SCRATCH_DATABASE}"


def _analyze() -> None:
    """Fresh planner statistics after seeding, as production's autovacuum would have them.

    Without them PostgreSQL plans for empty tables: one coverage query took 29 s before and
    68 ms after (issue 14).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        # Autovacuum also vacuums, which sets the visibility map that index-only scans need.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _reset_database(database_url: str) -> None:
    """An empty database: the SQLite file removed, or PostgreSQL's public schema recreated."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(connection.settings_dict["NAME"] + suffix).unlink(missing_ok=True)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    else:
        raise SystemExit(f"bench: cannot reset a {connection.vendor} database ({database_url}).")


def _bench_institution():
    from careers_portal.schools.models import Institution

    return Institution.objects.order_by("pk").first()


def _signed_in_client(institution, role):
    """A test client signed in as the demo user with `role` (or anonymous), its session warmed."""
    from django.test import Client
    from django.urls import reverse

    from careers_portal.accounts.models import Membership

    client = Client()
    if role is not None:
        membership = (
            Membership.objects.for_institution(institution)
            .active()
            .filter(role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        client.force_login(membership.user)
        # The first request records the chosen institution in the session, so that the measured
        # requests (and gunicorn's, which share the session) write nothing.
        response = client.get(reverse("home"))
        if response.status_code != 200:
            raise SystemExit(f"bench: home page for {role} answered {response.status_code}")
    return client


def _session_cookie() -> str:
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME


def _path(page, institution) -> str:
    from django.urls import reverse

    return reverse(page.url_name, kwargs=page.kwargs(institution))


def _body(page, institution) -> str | None:
    """A form page's fields, URL-encoded (a CSRF token is added per request)."""
    if page.method == "GET":
        return None
    return urllib.parse.urlencode(page.data(institution) if page.data else {}, doseq=True)


def _made_again(pages, institution, clients, rounds: int = 5) -> dict[str, float]:
    """In this process, p50 ms of each GET page's first view after a write (the kept figures
    and pages are read again after every write): what the gunicorn figures, all kept, hide."""
    from careers_portal.figure_cache import data_changed

    made = {}
    for page in pages:
        if page.method != "GET" or page.role is None:
            continue
        client, path, times = clients[page.role], _path(page, institution), []
        client.get(path)  # a first view may write (the day's first coverage count)
        for _ in range(rounds):
            data_changed()
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        made[page.label] = round(statistics.median(times), 1)
    return made


def _print_made(made: dict[int, dict[str, float]]) -> None:
    print("\nFirst view after a write, in process (p50 ms; every page above was read kept):")
    for learners, pages in sorted(made.items()):
        for label, ms in pages.items():
            print(f"  {label:<50} {learners:>6} learners  {ms:>7.1f} ms")


def _query_counts(pages, institution, clients) -> dict[str, int]:
    return {page.label: _query_count(page, institution, clients) for page in pages}


def _query_count(page, institution, clients) -> int:
    """SQL queries of one request for the page, after a first request has warmed any cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = clients[page.role]
    path = _path(page, institution)

    def ask():
        if page.method == "GET":
            return client.get(path)
        # The test client does not check CSRF tokens; gunicorn's requests carry one.
        return client.generic(
            page.method,
            path,
            _body(page, institution),
            content_type="application/x-www-form-urlencoded",
        )

    # Twice: a first view may write (the day's first coverage count), and a page made while
    # writing is not kept, so the second is what warms the kept figures and pages.
    ask()
    ask()
    with CaptureQueriesContext(connection) as captured:
        response = ask()
    if response.status_code != page.status:
        raise SystemExit(
            f"bench: {page.label} ({path}) answered {response.status_code}, not {page.status}"
        )
    # SQLite shows ATOMIC_REQUESTS' BEGIN and COMMIT, PostgreSQL does not: count only the work.
    return sum(
        1 for query in captured.captured_queries if not TRANSACTION_CONTROL.match(query["sql"])
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving the bench settings on a free loopback port; stopped on the way out."""

    def __init__(self, database_url: str, workers: int):
        self.database_url = database_url
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> int:
        port = _free_port()
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        # Appended to: a run starts gunicorn once per number of learners.
        self.log = (WORK_DIR / "gunicorn.log").open("a")
        self.process = subprocess.Popen(
            [
                gunicorn,
                "careers_portal.wsgi",
                "--chdir",
                str(ROOT),
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                *_no_control_socket(),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_until_up(port)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return port

    def _wait_until_up(self, port: int) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited; see {WORK_DIR / 'gunicorn.log'}")
            try:
                status, _ = _send(port, Request("GET", "/bench/floor", None))
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("bench: gunicorn did not answer within 30 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.log.close()


def _no_control_socket() -> list[str]:
    """gunicorn 27 opens a control socket at one fixed path; a bench needs none."""
    import gunicorn

    return ["--no-control-socket"] if gunicorn.version_info >= (27,) else []


class Request:
    """What one page's load test sends: method, path, session and, for a form, its fields."""

    def __init__(self, method, path, session, body=None, status=200):
        self.method, self.path, self.session, self.body, self.status = (
            method,
            path,
            session,
            body,
            status,
        )
        # A form's CSRF token: the same fresh secret in the cookie and the field (plain HTTP
        # over loopback sends no Origin or Referer, so Django checks only these two).
        self.csrf = secrets.token_hex(16) if body is not None else None


def _send(port: int, request: Request) -> tuple[int, int]:
    """One request on a new connection (gunicorn's sync workers close each one): status, size."""
    from django.conf import settings

    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        cookies = [f"{_session_cookie()}={request.session}"] if request.session else []
        headers = {}
        body = None
        if request.body is not None:
            cookies.append(f"{settings.CSRF_COOKIE_NAME}={request.csrf}")
            body = f"{request.body}&csrfmiddlewaretoken={request.csrf}".encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        connection.request(request.method, request.path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        return response.status, len(content)
    finally:
        connection.close()


def _load(port: int, request: Request, requests: int, concurrency: int) -> dict:
    """`requests` requests, `concurrency` at a time, after a warm-up; latencies in milliseconds.

    A form (which writes each time) warms up with fewer requests.
    """
    for _ in range(WARM_UP_REQUESTS if request.body is None else 2):
        _send(port, request)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + PAGE_TIME_LIMIT

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            began = time.perf_counter()
            try:
                status, _ = _send(port, request)
            except OSError as error:
                status, problem = 0, repr(error)
            else:
                problem = f"HTTP {status}" if status != request.status else ""
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    latencies.append(elapsed)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for _ in range(concurrency):
            pool.submit(worker)
    wall = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:3],
        "p50_ms": _percentile(latencies, 50),
        "p95_ms": _percentile(latencies, 95),
        "max_ms": latencies[-1] if latencies else math.nan,
        "requests_per_second": len(latencies) / wall if wall else 0.0,
    }


def _percentile(ordered: list[float], percent: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def _report_build() -> dict:
    """The annual impact report built once in a fresh process: seconds, peak memory, size."""
    import subprocess

    _section("annual impact report: one build")
    done = subprocess.run(
        [sys.executable, "-m", "bench.report_build"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    figures = json.loads(done.stdout)
    print(
        f"  {figures['seconds']} s, peak {figures['peak_mb']} MB "
        f"({figures['before_build_mb']} MB before the build), {figures['bytes']:,} bytes"
    )
    return figures


def _results(args, database_url, rows, learner_counts, started, load_before):
    from django.db import connection

    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "database_url": _redact(database_url),
        "learners": args.learners,
        "small_learners": args.small,
        "largest_learners": args.largest,
        "query_counts_at": learner_counts,
        "requests_per_page": args.requests,
        "concurrency": args.concurrency,
        "gunicorn_workers": args.workers,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
            # Other work on the machine slows every page; a load above the CPU count means noise.
            "load_average_1m_before": round(load_before, 2),
        },
        "seconds": round(time.monotonic() - started, 1),
        "pages": rows,
    }


def _print_table(results: dict) -> None:
    counts = results["query_counts_at"]
    headers = [
        "page",
        "learners",
        "p50 ms",
        "p95 ms",
        "p50 x floor",
        "p95 x floor",
        "req/s",
        "requests",
        "errors",
        *(f"SQL @{count}" for count in counts),
    ]

    def queries(row, count) -> str:
        value = row.get(f"queries_at_{count}_learners")
        return "-" if value is None else str(value)

    rows = [
        [
            f"{row['label']}{' (POST)' if row['method'] != 'GET' else ''}",
            str(row["learners"]),
            f"{row['p50_ms']:.1f}",
            f"{row['p95_ms']:.1f}",
            f"{row['p50_ratio_to_floor']:.2f}",
            f"{row['p95_ratio_to_floor']:.2f}",
            f"{row['requests_per_second']:.0f}",
            str(row["requests"]),
            str(row["errors"]),
            *(queries(row, count) for count in counts),
        ]
        for row in results["pages"]
    ]
    widths = [max(len(cells[i]) for cells in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    _section(
        f"Results: {results['database']}, {results['requests_per_page']} requests per page, "
        f"{results['concurrency']} at a time unless noted, "
        f"{results['gunicorn_workers']} gunicorn workers; each row against the floor measured "
        "at the same number of learners"
    )
    load, cpus = results["machine"]["load_average_1m_before"], results["machine"]["cpus"]
    if cpus and load > cpus:
        print(f"(Busy machine before the run: load {load} on {cpus} CPUs; latencies suffer.)")
    print(line(headers))
    print("  ".join("-" * width for width in widths))
    for cells in rows:
        print(line(cells))
    for row in results["pages"]:
        if row["note"]:
            print(
                f"{row['label']} at {row['learners']} learners: {row['note']}; "
                f"{row['requests']} requests, {row['concurrency']} at a time."
            )


def _write(results: dict) -> None:
    temporary = RESULTS.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(results, indent=2) + "\n")
    temporary.replace(RESULTS)


def _redact(database_url: str) -> str:
    """The URL without its password or this checkout's path, for printing."""
    database_url = database_url.replace(f"{ROOT}/", "")
    scheme, sep, rest = database_url.partition("://")
    if "@" in rest:
        credentials, _, host = rest.rpartition("@")
        rest = f"{credentials.split(':')[0]}:***@{host}" if ":" in credentials else rest
    return f"{scheme}{sep}{rest}"


def _section(title: str) -> None:
    print(f"\n== {title}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
