"""Figures read once per page: the dashboard and the plan's measures both need the coverage of
one institution on one day, the plan's live figures and its measures both need last year's
leavers, and computing each twice doubles the page's cost (make bench).

`with sharing():` opens a store for the current context; `shared(key, compute)` computes a
figure once inside it, and every time outside it (so a selector stays correct on its own).
Any app may share a figure (this module imports none); only a read opens a store (the plan
document, the dashboards), so a write never meets a figure read before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_store: ContextVar[dict | None] = ContextVar("insights_shared_figures", default=None)


@contextmanager
def sharing() -> Iterator[None]:
    token = _store.set({})
    try:
        yield
    finally:
        _store.reset(token)


def shared[T](key: tuple, compute: Callable[[], T]) -> T:
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def offer(key: tuple, value) -> None:
    """Keep a figure another read worked out on the way (inside a store, unless one is kept)."""
    store = _store.get()
    if store is not None and key not in store:
        store[key] = value
