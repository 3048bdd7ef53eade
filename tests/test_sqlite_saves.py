"""Two people saving at once on SQLite (the embedded default) queue rather than fail.

Each save is a request under ATOMIC_REQUESTS: it reads (as every form does), then writes, in
one transaction. Both read before either writes, as two careers leaders pressing Save together.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import DatabaseError, connections, transaction

from careers_portal.settings import SQLITE_OPTIONS


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """Name a connection alias (one per thread) onto a SQLite file with the given options."""
    aliases: list[str] = []

    def add(name: str, options: dict) -> str:
        wanted = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "school.sqlite3"),
            "OPTIONS": dict(options),
        }
        # configure_settings fills in the defaults a connection needs (it wants "default" too).
        configured = connections.configure_settings(
            {"default": connections.settings["default"], name: wanted}
        )
        connections.settings[name] = configured[name]
        aliases.append(name)
        return name

    with django_db_blocker.unblock():
        yield add
        for name in aliases:
            # The handler keeps a connection per alias and thread: drop it with its settings.
            connections[name].close()
            del connections[name]
            del connections.settings[name]


def _two_saves_at_once(sqlite_file, options) -> list[str]:
    setup = sqlite_file("setup", options)
    with connections[setup].cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS note (text TEXT)")
    aliases = [sqlite_file(f"person-{n}", options) for n in (1, 2)]
    errors: list[str] = []
    started = threading.Barrier(2)

    def save(alias: str):
        try:
            started.wait(timeout=5)
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT count(*) FROM note")
                time.sleep(0.3)  # the other person reads meanwhile
                cursor.execute("INSERT INTO note VALUES (%s)", [alias])
        except DatabaseError as error:
            errors.append(str(error))
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=save, args=(alias,)) for alias in aliases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if not errors:
        with connections[setup].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM note")
            assert cursor.fetchone()[0] == 2
    return errors


def test_two_saves_at_once_both_succeed(sqlite_file):
    assert _two_saves_at_once(sqlite_file, SQLITE_OPTIONS) == []


def test_deferred_transactions_would_fail_one_of_them(sqlite_file):
    # Why the setting exists: a deferred transaction takes the write lock too late to wait for
    # it (its read snapshot is already stale), and SQLite answers "database is locked" at once.
    deferred = {key: value for key, value in SQLITE_OPTIONS.items() if key != "transaction_mode"}
    assert any("locked" in error for error in _two_saves_at_once(sqlite_file, deferred))
