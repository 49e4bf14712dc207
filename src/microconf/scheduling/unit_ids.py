"""The ids the solver knows a conference's sessions, rooms and people by.

A unit is ``mc-<track id>`` (a microconference's block of topics) or
``c-<contribution id>`` (one talk, keynote or BoF); a room is ``r<room id>``; a
person ``p<person id>``. Everything that builds or reads these ids goes through here.
"""

from __future__ import annotations

BLOCK_PREFIX = "mc-"
CONTRIBUTION_PREFIX = "c-"
ROOM_PREFIX = "r"
PERSON_PREFIX = "p"


def unit_id(*, track_id: int | None = None, contribution_id: int | None = None) -> str:
    """A microconference's block (by its track) or a single contribution."""
    if track_id:
        return f"{BLOCK_PREFIX}{track_id}"
    return f"{CONTRIBUTION_PREFIX}{contribution_id}"


def is_block(unit: str) -> bool:
    return unit.startswith(BLOCK_PREFIX)


def room_id(pk: int) -> str:
    return f"{ROOM_PREFIX}{pk}"


def room_pk(room: str) -> int:
    return int(room.removeprefix(ROOM_PREFIX))


def person_id(pk: int) -> str:
    return f"{PERSON_PREFIX}{pk}"


def person_pk(token: str) -> int | None:
    """The person's primary key, or None if ``token`` is not a person's id."""
    digits = token.removeprefix(PERSON_PREFIX)
    if digits == token or not digits.isdigit():
        return None
    return int(digits)
