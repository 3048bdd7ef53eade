"""The reminders job over many actions: `python -m bench.reminders [--actions 10000]`.

On a scratch PostgreSQL database of its own (`careers_portal_bench_reminders`, wiped; SQLite
under var/bench/ when no PostgreSQL answers), one school whose plan has `--actions` actions
spread over `--owners` owners (due tomorrow, in 7 days, overdue, later), run on a Monday so that
overdue work is included. It prints, at a tenth of the actions and at all of them: the SQL
queries of the whole job (the same at both sizes: constant in the number of actions; per digest
a fixed few), and the job's time beside the "bare" work, the two reading queries plus rendering
and handing every email to the (in-memory) mail backend, with their ratio (target: at most 2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

from bench import run

DATABASE = "careers_portal_bench_reminders"


def _database_url() -> str:
    if os.environ.get("BENCH_REMINDERS_DATABASE_URL"):
        return os.environ["BENCH_REMINDERS_DATABASE_URL"]
    saved = run.SCRATCH_DATABASE
    run.SCRATCH_DATABASE = DATABASE
    try:
        return run._scratch_postgres() or f"sqlite:///{run.WORK_DIR / 'reminders.sqlite3'}"
    finally:
        run.SCRATCH_DATABASE = saved


def _seed(actions: int, owners: int, day: dt.date, offset: int = 0):
    from careers_portal.accounts.models import Membership, Role, User
    from careers_portal.schools.models import Institution
    from plans.models import Action, Objective, StrategicPlan

    institution = Institution.objects.first() or Institution.objects.create(
        name="Bench Academy", urn="100001"
    )
    plan = StrategicPlan.objects.first() or StrategicPlan.objects.create(
        institution=institution, start_year=day.year - 1, end_year=day.year + 2
    )
    objective = Objective.objects.first() or Objective.objects.create(
        plan=plan, number=1, title="Bench"
    )
    people = list(User.objects.order_by("pk"))
    for n in range(len(people), owners):
        user = User.objects.create_user(f"owner{n}@bench.test", first_name=f"Owner{n}")
        Membership.objects.create(user=user, institution=institution, role=Role.CHAMPION)
        people.append(user)
    spread = [1, 7, -5, 30]  # due tomorrow, in 7 days, overdue, later (not reminded)
    Action.objects.bulk_create(
        (
            Action(
                objective=objective,
                description=f"Bench action {n}",
                owner=people[n % owners],
                due_date=day + dt.timedelta(days=spread[n % len(spread)]),
                order=n,
            )
            for n in range(offset, offset + actions)
        ),
        batch_size=2000,
    )


def _bare(day: dt.date) -> float:
    """The reading queries, then every digest rendered and handed to the mail backend."""
    from django.core import mail

    from careers_portal.accounts.models import User
    from plans import reminders
    from plans.models import ReminderDigest

    started = time.perf_counter()
    items = reminders.due_items(day)
    users = User.objects.in_bulk(list(items))
    for user_id, person_items in items.items():
        digest = ReminderDigest(user=users[user_id], day=day, items=person_items)
        reminders.digest_email(digest).send()
    elapsed = time.perf_counter() - started
    mail.outbox.clear()
    return elapsed


def _job(day: dt.date) -> tuple[float, int, int]:
    from django.core import mail
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans import reminders
    from plans.models import ReminderDigest

    ReminderDigest.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        sent = reminders.send_reminders(day).sent
        elapsed = time.perf_counter() - started
    mail.outbox.clear()
    return elapsed, len(queries), sent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reminders")
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--owners", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is kept")
    args = parser.parse_args(argv)

    database_url = _database_url()
    run._prepare_environment()
    os.environ.update(DATABASE_URL=database_url, EMAIL_URL="memorymail://")
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command

    run._reset_database(database_url)
    call_command("migrate", verbosity=0)
    mail.outbox = []

    today = dt.date.today()  # noqa: DTZ011
    monday = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
    print(f"bench.reminders on {run._redact(database_url)}, as of Monday {monday:%-d %B %Y}")
    print(
        f"{'actions':>8} {'owners':>6} {'sent':>5} {'queries':>7} {'job s':>7} {'bare s':>7} ratio"
    )
    small = args.actions // 10
    _seed(small, args.owners, monday)
    rows = []
    for actions in (small, args.actions):
        if actions == args.actions:
            _seed(args.actions - small, args.owners, monday, offset=small)
        run._analyze()
        bare = min(_bare(monday) for _ in range(args.repeat))
        jobs = [_job(monday) for _ in range(args.repeat)]
        job = min(j[0] for j in jobs)
        _, queries, sent = jobs[0]
        rows.append((actions, queries))
        print(
            f"{actions:>8} {args.owners:>6} {sent:>5} {queries:>7} {job:>7.2f} {bare:>7.2f} "
            f"{job / bare:.2f}"
        )
    constant = rows[0][1] == rows[1][1]
    print("queries constant in the number of actions:", "yes" if constant else "NO")
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
