"""The conference as a scheduling problem, and the solver's answer back as times.

What the solver places are *units*: a microconference's accepted topics as one
contiguous block, or one talk, keynote or BoF. A unit's people are everyone who
must be there (runners and speakers); its interested attendees are those who
starred, or were imported as interested in, any of its contributions. For a
microconference that includes its accepted proposal, the microconference's own
public page, which is never placed itself.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Q

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.cfp.models import Authorship, Contribution
from microconf.conference.models import Conference, Room, Track
from microconf.interest.queries import attendees_by_contribution
from microconf.scheduling import unit_ids
from microconf.scheduling.models import (
    Availability,
    DraftSlot,
    SchedulingGrid,
)
from microconf.scheduling.solver import model as solver

Kind = Contribution.Kind
UNIT_KIND = {
    Kind.TALK: solver.Kind.TALK,
    Kind.KEYNOTE: solver.Kind.TALK,
    Kind.BOF: solver.Kind.BOF,
}
# Contributions that run inside their microconference's block.
BLOCK_KINDS = {Kind.TOPIC, Kind.MC_BLOCK}

Slot = tuple[int, dt.datetime]  # room id, start (aware)


@dataclass(frozen=True)
class Unit:
    """What the solver moves: one contribution, or a microconference's block."""

    id: str
    title: str
    kind: solver.Kind
    track: Track
    contributions: tuple[Contribution, ...]
    offsets: tuple[int, ...]  # minutes after the unit's start, per contribution
    duration: int
    people: frozenset[int]
    interested: frozenset[int]

    @property
    def is_mc(self) -> bool:
        return self.kind == solver.Kind.MC


@dataclass(frozen=True)
class UnitTimes:
    """The units of a conference's days, and their placements as times and back."""

    units: dict[str, Unit]
    days: list[dt.date]
    tz: ZoneInfo

    def moment(self, day: int, minutes: int) -> dt.datetime:
        """The aware moment of a day index and minutes after local midnight."""
        hour, minute = divmod(minutes, 60)
        local = dt.datetime.combine(self.days[day], dt.time(hour, minute), self.tz)
        return local.astimezone(dt.UTC)

    def placement_of(self, room_id: int, start: dt.datetime) -> solver.Placement | None:
        """The placement of a start time, or None if it lies outside the days."""
        local = start.astimezone(self.tz)
        day = (local.date() - self.days[0]).days
        if not 0 <= day < len(self.days):
            return None
        return solver.Placement(
            room=unit_ids.room_id(room_id),
            day=day,
            start=local.hour * 60 + local.minute,
        )

    def assignment_of(self, slots: dict[int, Slot]) -> dict[str, solver.Placement]:
        """Units placed by ``slots`` (contribution id → room, start), by first item.

        A unit none of whose contributions has a slot stays out.
        """
        assignment = {}
        for unit in self.units.values():
            for contribution, offset in zip(
                unit.contributions, unit.offsets, strict=True
            ):
                slot = slots.get(contribution.pk)
                if slot is None:
                    continue
                room_id, start = slot
                placed = self.placement_of(
                    room_id, start - dt.timedelta(minutes=offset)
                )
                if placed is not None:
                    assignment[unit.id] = placed
                break
        return assignment

    def slots_of(self, assignment: dict[str, solver.Placement]) -> dict[int, Slot]:
        """Contribution id → (room id, UTC start) for every placed unit."""
        slots = {}
        for unit_id, placed in assignment.items():
            unit = self.units[unit_id]
            for contribution, offset in zip(
                unit.contributions, unit.offsets, strict=True
            ):
                slots[contribution.pk] = (
                    unit_ids.room_pk(placed.room),
                    self.moment(placed.day, placed.start + offset),
                )
        return slots

    def unit_of(self, contribution_id: int) -> Unit | None:
        for unit in self.units.values():
            if any(c.pk == contribution_id for c in unit.contributions):
                return unit
        return None


@dataclass(frozen=True)
class ConferenceProblem(UnitTimes):
    """The conference's scheduling problem: what the solver sees, and what it means.

    ``solver_problem`` is the solver's input; the units, rooms, days and zone turn
    its placements into rooms and times of the conference.
    """

    conference: Conference
    solver_problem: solver.Problem
    rooms: dict[str, Room]


def grid_of(conference: Conference) -> SchedulingGrid:
    grid, _ = SchedulingGrid.objects.get_or_create(conference=conference)
    return grid


def _minutes(value: dt.time | str) -> int:
    if isinstance(value, str):
        value = dt.time.fromisoformat(value)
    return value.hour * 60 + value.minute


def _round_up(minutes: int, slot: int) -> int:
    return -(-minutes // slot) * slot


def _schedulable(conference: Conference) -> list[Contribution]:
    return list(
        Contribution.objects.filter(conference=conference, state__in=PUBLIC_STATES)
        .filter(Q(kind__in=UNIT_KIND) | Q(kind__in=BLOCK_KINDS))
        .select_related("track", "room")
        .order_by("track__position", "start", "title", "pk")
    )


def _people(conference: Conference) -> dict[int, set[int]]:
    people: dict[int, set[int]] = defaultdict(set)
    for contribution_id, person_id in Authorship.objects.filter(
        contribution__conference=conference
    ).values_list("contribution_id", "person_id"):
        people[contribution_id].add(person_id)
    return people


def _mc_proposals(conference: Conference) -> dict[int, tuple[int, int]]:
    """A microconference track → its accepted proposal's id and block length."""
    return {
        track_id: (pk, duration)
        for track_id, pk, duration in Contribution.objects.filter(
            conference=conference,
            kind=Kind.MC_PROPOSAL,
            microconference__isnull=False,
        ).values_list("microconference_id", "pk", "duration")
    }


def _order_key(contribution: Contribution, draft: dict[int, Slot]) -> tuple:
    slot = draft.get(contribution.pk)
    start = slot[1] if slot else contribution.start
    return (start is None, start or dt.datetime.min.replace(tzinfo=dt.UTC))


def build(conference: Conference) -> ConferenceProblem:
    """The conference's scheduling problem from the database, in a few queries."""
    tz = ZoneInfo(conference.timezone)
    grid = grid_of(conference)
    slot = grid.slot_minutes
    days = [
        conference.start_date + dt.timedelta(days=n)
        for n in range((conference.end_date - conference.start_date).days + 1)
    ]
    contributions = _schedulable(conference)
    draft = draft_slots(conference)
    people = _people(conference)
    interest = attendees_by_contribution(conference)
    runners: dict[int, set[int]] = defaultdict(set)
    for track_id, person_id in Track.runners.through.objects.filter(
        track__conference=conference
    ).values_list("track_id", "person_id"):
        runners[track_id].add(person_id)
    proposals = _mc_proposals(conference)
    pinned = set(
        DraftSlot.objects.filter(conference=conference, pinned=True).values_list(
            "contribution_id", flat=True
        )
    )

    groups: dict[str, list[Contribution]] = {}
    for contribution in contributions:
        in_block = (
            contribution.kind in BLOCK_KINDS
            and contribution.track.kind == Track.Kind.MICROCONFERENCE
        )
        key = (
            unit_ids.unit_id(track_id=contribution.track_id)
            if in_block
            else unit_ids.unit_id(contribution_id=contribution.pk)
        )
        groups.setdefault(key, []).append(contribution)

    attendee_keys = sorted({key for keys in interest.values() for key in keys})
    attendee_index = {key: n for n, key in enumerate(attendee_keys)}
    units: dict[str, Unit] = {}
    for key, members in groups.items():
        members.sort(key=lambda c: (*_order_key(c, draft), c.title, c.pk))
        offsets, at = [], 0
        for contribution in members:
            offsets.append(at)
            at += contribution.duration
        track = members[0].track
        is_mc = unit_ids.is_block(key)
        proposal, length = proposals.get(track.pk, (None, 0)) if is_mc else (None, 0)
        duration = _round_up(max(at, length), slot)
        who = set().union(*(people[c.pk] for c in members))
        if is_mc:
            who |= runners[track.pk]
        keys = set().union(*(interest[c.pk] for c in members))
        if proposal is not None:
            # Interest in the microconference's page is interest in its block.
            keys |= interest[proposal]
        units[key] = Unit(
            id=key,
            title=track.name if is_mc else members[0].title,
            kind=solver.Kind.MC
            if is_mc
            else UNIT_KIND.get(members[0].kind, solver.Kind.TALK),
            track=track,
            contributions=tuple(members),
            offsets=tuple(offsets),
            duration=duration,
            people=frozenset(who),
            interested=frozenset(attendee_index[k] for k in keys),
        )
    rooms = {
        unit_ids.room_id(room.pk): room
        for room in Room.objects.filter(conference=conference).order_by(
            "position", "pk"
        )
    }
    days_ = tuple(
        solver.Day(
            index=n,
            date=day.isoformat(),
            start=_minutes(grid.day_start),
            end=_minutes(grid.day_end),
        )
        for n, day in enumerate(days)
    )
    times = UnitTimes(units, days, tz)
    windows = availability(conference, days)
    placed = times.assignment_of(draft)
    pins = {
        unit.id: placed.get(unit.id)
        for unit in units.values()
        if pinned.intersection(c.pk for c in unit.contributions)
    }
    solver_problem = solver.Problem(
        name=conference.slug,
        grid=solver.Grid(
            days=days_,
            slot_minutes=slot,
            breaks=tuple(
                solver.Break(
                    start=_minutes(b["start"]),
                    end=_minutes(b["end"]),
                    label=b.get("label", ""),
                )
                for b in grid.breaks
            ),
        ),
        rooms=tuple(
            solver.Room(
                id=room_id,
                capacity=room.capacity,
                features=frozenset(room.features or ()),
            )
            for room_id, room in rooms.items()
        ),
        sessions=tuple(
            solver.Session(
                id=unit.id,
                kind=unit.kind,
                duration=unit.duration,
                track=unit.track.slug,
                people=tuple(unit_ids.person_id(p) for p in sorted(unit.people)),
                interested=tuple(sorted(unit.interested)),
                pin=pins.get(unit.id),
                availability=windows.get(unit.id),
            )
            for unit in units.values()
        ),
        attendee_count=len(attendee_keys),
        weights=solver.Weights(
            overflow=grid.overflow_weight,
            moves=grid.move_weight,
            track_rooms=grid.track_rooms_weight,
        ),
    )
    return ConferenceProblem(
        units=units,
        days=days,
        tz=tz,
        conference=conference,
        solver_problem=solver_problem,
        rooms=rooms,
    )


def availability(
    conference: Conference, days: list[dt.date]
) -> dict[str, tuple[solver.TimeWindow, ...]]:
    """Unit id → the windows it may run in (units without any may run any time)."""
    windows: dict[str, list[solver.TimeWindow]] = defaultdict(list)
    for track_id, contribution_id, day, start, end in Availability.objects.filter(
        conference=conference
    ).values_list("track_id", "contribution_id", "day", "start", "end"):
        if day in days:
            windows[
                unit_ids.unit_id(track_id=track_id, contribution_id=contribution_id)
            ].append(
                solver.TimeWindow(
                    day=days.index(day), start=_minutes(start), end=_minutes(end)
                )
            )
    return {key: tuple(found) for key, found in windows.items()}


def draft_slots(conference: Conference) -> dict[int, Slot]:
    """The draft: contribution id → (room id, start)."""
    return {
        contribution_id: (room_id, start)
        for contribution_id, room_id, start in DraftSlot.objects.filter(
            conference=conference
        ).values_list("contribution_id", "room_id", "start")
    }


def published_slots(conference: Conference) -> dict[int, Slot]:
    """The released schedule: contribution id → (room id, start)."""
    return {
        contribution_id: (room_id, start)
        for contribution_id, room_id, start in Contribution.objects.filter(
            conference=conference, room__isnull=False, start__isnull=False
        ).values_list("pk", "room_id", "start")
    }
