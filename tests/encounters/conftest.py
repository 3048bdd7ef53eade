"""Fixtures for the encounters tests."""

from tests.conftest import AUTUMN_TERM_2026, pinned_today

# These tests type their dates (encounters on "2026-11-20", assessments of "2026-10-15"): each runs
# on the day they were written around, whatever the real date or --today says.
_today = pinned_today(AUTUMN_TERM_2026)
