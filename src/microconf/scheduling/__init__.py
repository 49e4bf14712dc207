"""Scheduling: the schedule solver lives in ``solver`` (framework-free)."""
