"""Figures kept between requests until the data changes.

The figure pages (the dashboards, the governors' questions, the plan document) run tens of
queries whose answers stay the same until somebody writes. `remembered(key, compute)` keeps a
figure in the shared cache under the *data version*, a value that every committed write changes.

The version is not bumped by each write path (there are over a hundred, bulk and raw SQL among
them) but noticed at the database: an execute wrapper on every connection sees each INSERT,
UPDATE, DELETE (and data-modifying WITH, TRUNCATE, COPY and DDL) of the web, the worker and the
commands, and changes the version when that write commits (outside a transaction at once, or on
SQLite with the database cache as soon as the statement is done with: see _can_say_at_once). So a
write path added tomorrow is covered without knowing this module exists. The sessions' and the
database cache's own tables are not data. A transaction that has written reads past the cache, so
it sees its own writes.

Keys hold the day (figures move with the calendar alone: overdue actions, benchmark 5 each
September), and an entry lasts FIGURE_CACHE_SECONDS at most: that bounds what a write made outside
the app (psql) or a cache that could not be reached at the moment of a write can leave behind.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from celery.signals import task_postrun
from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.signals import connection_created

logger = logging.getLogger(__name__)

VERSION_KEY = "figures:data-version"
_WRITE = re.compile(r"\s*(insert|update|delete|merge|truncate|copy|create|alter|drop)\b", re.I)
_WITH_WRITE = re.compile(r"\b(insert\s+into|update\s+\S+\s+set|delete\s+from)\b", re.I)
_TARGET = re.compile(r'\s*(?:insert\s+into|update|delete\s+from)\s+[`"]?([\w.]+)', re.I)


def _not_data() -> frozenset[str]:
    """Tables whose writes change no figure: sessions, the sign-in pauses' attempts, and the
    database caches' own tables (the version itself is written there when the cache is one)."""
    tables = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
    for alias in settings.CACHES.values():
        if alias["BACKEND"].endswith("DatabaseCache"):
            tables.add(alias["LOCATION"])
    return frozenset(tables)


def writes_data(sql: str) -> bool:
    """Whether a statement may change what a figure reads."""
    modifying_with = sql.lstrip()[:4].lower() == "with" and _WITH_WRITE.search(sql)
    if not (_WRITE.match(sql) or modifying_with):
        return False
    target = _TARGET.match(sql)
    return not (target and target.group(1) in _not_data())


def _cache():
    # Its own cache (settings.CACHES["figures"]): figures never push out a rate limit.
    return caches["figures"]


# After the cache fails to answer, this process leaves it alone for this long: a Redis that is
# down or cut off must not cost every write statement and every figure read a timeout.
UNREACHABLE_SECONDS = 5.0
_unreachable_until = 0.0


def _reachable() -> bool:
    return time.monotonic() >= _unreachable_until


def _unreachable(doing: str) -> None:
    global _unreachable_until
    if _reachable():  # once per spell, not once per statement
        logger.warning(
            "The figure cache could not be %s; figures are worked out on every read for the next "
            "%s seconds",
            doing,
            UNREACHABLE_SECONDS,
            exc_info=True,
        )
    _unreachable_until = time.monotonic() + UNREACHABLE_SECONDS


# A change this process could not tell the cache (it was unreachable): told before this
# process next reads or keeps a figure, so that its own pages never show what it wrote over.
_change_owed = False


def data_changed() -> None:
    """Give the data a new version: every figure kept so far is read again.

    While the cache cannot be reached, the change is owed and told at the next chance (the next
    write or figure read here); an entry kept before expires within FIGURE_CACHE_SECONDS."""
    global _change_owed
    if not _reachable():
        _change_owed = True
        return
    try:
        _cache().set(VERSION_KEY, uuid.uuid4().hex, None)
    except DatabaseError:
        # The cache's table is not made yet (the first `migrate`): no figure is kept either.
        logger.debug("The figure cache has no table yet", exc_info=True)
    except Exception:
        _change_owed = True
        _unreachable("told the data changed")
    else:
        _change_owed = False


def _tell_owed_change() -> bool:
    """Tell the cache of a change owed from while it was unreachable; False if it still is."""
    if _change_owed:
        data_changed()
    return not _change_owed


# Set on a connection whose write outside a transaction could not change the version at once.
UNSAID = "figures_changed_unsaid"


def _written_here(connection) -> bool:
    """This connection has written data that the version does not say yet: in its open
    transaction (its commit will say it), or, on SQLite, a write outside one still to say."""
    return getattr(connection, UNSAID, False) or any(
        func is data_changed for _, func, _ in connection.run_on_commit
    )


def _can_say_at_once(connection) -> bool:
    # SQLite steps a statement (an INSERT ... RETURNING) until the caller has read its rows: a
    # database cache's own queries on the same connection before then would break it (the
    # statement's row is lost). PostgreSQL's driver has read every row by the time execute returns.
    return not (connection.vendor == "sqlite" and _is_database_cache())


def _say_if_unsaid(connection) -> None:
    """Change the version for a write left unsaid, once no transaction is open (from inside one,
    the change would be lost if that transaction rolled back)."""
    if getattr(connection, UNSAID, False) and not connection.in_atomic_block:
        setattr(connection, UNSAID, False)
        data_changed()


def _notice(execute, sql, params, many, context):
    connection = context["connection"]
    _say_if_unsaid(connection)  # the statement before this one is done with
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and writes_data(sql):
        if connection.in_atomic_block:
            if not _written_here(connection):
                connection.on_commit(data_changed)
        elif _can_say_at_once(connection):
            data_changed()
        else:
            setattr(connection, UNSAID, True)
    return result


def _say_unsaid_everywhere(**kwargs) -> None:
    for connection in connections.all(initialized_only=True):
        _say_if_unsaid(connection)


def _watch(sender, connection, **kwargs) -> None:
    # First in the list: django's execute_wrapper() context manager pops the last one on exit.
    if _notice not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _notice)


def watch_writes() -> None:
    """Notice every write on every connection from now on (called once, by the schools app)."""
    connection_created.connect(_watch, dispatch_uid="figure_cache_watch_writes")
    for connection in connections.all(initialized_only=True):
        _watch(None, connection)
    # A write left unsaid (SQLite) is said by the next statement, the next figure read, or at
    # the end of the request, the task or the command, whichever comes first.
    request_finished.connect(_say_unsaid_everywhere, dispatch_uid="figure_cache_request")
    task_postrun.connect(_say_unsaid_everywhere, dispatch_uid="figure_cache_task", weak=False)
    atexit.register(_say_unsaid_everywhere)


def _code_version() -> str:
    """A digest of the app's own source: figures kept by one release are never read by another
    (during a rolling deploy replicas of both share the cache, and a changed figure class would
    not unpickle into its new shape)."""
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for app in sorted(APPS_WITH_FIGURES):
        for path in sorted((root / app).rglob("*.py")):
            digest.update(path.read_bytes())
    # Kept pages (kept_pages.py) are rendered templates naming static files: a release that
    # changes only a template, our CSS or JS, or a front-end package must not serve old pages.
    for folder in RELEASE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(path.read_bytes())
    for name in RELEASE_FILES:
        if (root / name).is_file():
            digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


# The project's own packages (tests and the bench are not the app).
APPS_WITH_FIGURES = (
    "careers_portal",
    "plans",
    "benchmarks",
    "encounters",
    "destinations",
    "surveys",
)
RELEASE_FOLDERS = ("templates", "static")
RELEASE_FILES = ("pyproject.toml",)
_CODE = _code_version()


def _is_database_cache() -> bool:
    return settings.CACHES["figures"]["BACKEND"].endswith("DatabaseCache")


def _cache_inside_transaction(connection) -> bool:
    """A database cache runs its queries on this connection, inside its open transaction."""
    return connection.in_atomic_block and _is_database_cache()


@contextmanager
def _on_its_own(connection):
    """The cache's queries in a savepoint when they share the request's transaction, so that a
    failed one (a lock timeout, no table yet) cannot abort it."""
    if _cache_inside_transaction(connection):
        with transaction.atomic():
            yield
    else:
        yield


def remembered[T](
    key: tuple, compute: Callable[[], T], keep: Callable[[T], bool] | None = None
) -> T:
    """compute(), kept until the data changes, the day turns or FIGURE_CACHE_SECONDS pass;
    with `keep`, only a value it accepts is kept (kept_pages: a page that answered 200).

    `key` names the figure and everything it depends on, in plain values (the institution's pk,
    the day, whether small groups are suppressed): never a model instance, whose repr is not
    unique. A figure that names learners must not keep them (a query built when asked, as the
    destinations' follow-up list does): learners' details do not belong in a cache."""
    connection = connections[DEFAULT_DB_ALIAS]
    _say_if_unsaid(connection)
    if _written_here(connection) or not _reachable() or not _tell_owed_change():
        return compute()
    cache = _cache()
    try:
        with _on_its_own(connection):
            version = cache.get(VERSION_KEY)
            if version is None:
                if _cache_inside_transaction(connection):
                    # Not from inside a transaction: a write's own version change could wait on
                    # this uncommitted row and be lost. The next write sets it.
                    return compute()
                cache.add(VERSION_KEY, uuid.uuid4().hex, None)
                version = cache.get(VERSION_KEY)
            entry = f"figures:{_CODE}:{version}:{hashlib.sha256(repr(key).encode()).hexdigest()}"
            kept = cache.get(entry)
    except Exception:
        _unreachable("read")
        return compute()
    if kept is not None:
        return kept
    value = compute()
    if keep is not None and not keep(value):
        return value
    if _written_here(connection):
        # Working it out wrote (the day's first coverage count, a new academic year): not kept
        # until that commits, as the write may yet be rolled back.
        return value
    try:
        with _on_its_own(connection):
            cache.set(entry, value, settings.FIGURE_CACHE_SECONDS)
    except Exception:
        _unreachable("written")
    return value
