"""Seed 000's plan as test data: the same content the demo uses (plans/demo.py)."""

from plans.demo import PRIORITIES, VISION, build_plan

__all__ = ["PRIORITIES", "VISION", "build_plan"]
