"""Tiny instances for the solver tests: one builder, no hidden side effects."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from microconf.scheduling.solver.model import (
    Break,
    Day,
    Grid,
    Kind,
    Placement,
    Problem,
    Room,
    Session,
    TimeWindow,
    Weights,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("MICROCONF_SHARED", REPO_ROOT / ".." / "shared"))
INSTANCES = SHARED / "scheduling" / "instances"


def session(
    sid: str,
    duration: int = 30,
    *,
    kind: Kind = Kind.TALK,
    people: tuple[str, ...] = (),
    interested: tuple[int, ...] = (),
    features: frozenset[str] = frozenset(),
    availability: tuple[TimeWindow, ...] | None = None,
    pin: Placement | None = None,
    track: str = "",
) -> Session:
    return Session(
        id=sid,
        kind=kind,
        duration=duration,
        track=track,
        people=people,
        interested=interested,
        features=features,
        availability=availability,
        pin=pin,
    )


def room(rid: str, capacity: int = 100, features: frozenset[str] = frozenset()) -> Room:
    return Room(id=rid, capacity=capacity, features=features)


def problem(
    sessions: list[Session],
    rooms: list[Room] | None = None,
    *,
    days: int = 1,
    start: int = 9 * 60,
    end: int = 11 * 60,
    breaks: tuple[Break, ...] = (),
    slot: int = 30,
    attendees: int = 20,
    weights: Weights | None = None,
) -> Problem:
    """One or more days from ``start`` to ``end`` (minutes), one room by default."""
    return Problem(
        name="tiny",
        grid=Grid(
            days=tuple(
                Day(index=d, date=f"2026-11-{10 + d}", start=start, end=end)
                for d in range(days)
            ),
            slot_minutes=slot,
            breaks=breaks,
        ),
        rooms=tuple(rooms or [room("R1")]),
        sessions=tuple(sessions),
        attendee_count=attendees,
        weights=weights or Weights(),
    )


def pytest_addoption(parser, pluginmanager):
    # Run with ``-p no:django`` the project's DJANGO_SETTINGS_MODULE ini key is
    # unknown, and filterwarnings=error would turn that warning into a failure.
    if not pluginmanager.has_plugin("django"):
        parser.addini("DJANGO_SETTINGS_MODULE", "read by pytest-django when it runs")


@pytest.fixture
def instances_dir() -> Path:
    if not INSTANCES.is_dir():
        pytest.skip(f"shared instances not found in {INSTANCES}")
    return INSTANCES
