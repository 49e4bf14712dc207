"""The conflict picture: which sessions clash, for how many attendees, and when.

Geometry only (no queries): one panel a day, rooms as lanes along the time axis,
each session a bar shaded by the attendees it loses to others, the worst clashing
pairs joined by arcs, and under the lanes the attendee conflicts live at each slot.
The template draws it as inline SVG.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import combinations

from microconf.clock import hhmm
from microconf.scheduling.solver.model import Placement, Problem, Session

LANE = 34
LEFT = 150
WIDTH = 1000
CHART = 60
TOP = 24
ARCS_PER_DAY = 12


@dataclass(frozen=True)
class Bar:
    unit_id: str
    title: str
    x: float
    y: float
    width: float
    load: int  # attendees this session shares with sessions overlapping it
    shade: int  # 0..4, for the CSS class


@dataclass(frozen=True)
class Clash:
    first: str
    second: str
    shared: int
    path: str
    label_x: float
    label_y: float
    stroke: float
    when: str


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    value: int
    when: str


@dataclass
class Panel:
    day: int
    date: str
    height: float
    lanes: list[tuple[str, float]] = field(default_factory=list)  # room name, y
    ticks: list[tuple[str, float]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    chart_top: float = 0.0
    total: int = 0

    @property
    def label(self) -> str:
        return f"{dt.date.fromisoformat(self.date):%A %d %B}"


def overlaps(a: Session, pa: Placement, b: Session, pb: Placement) -> bool:
    """Open-interval overlap on the same day, as the measure counts it."""
    return (
        pa.day == pb.day
        and pa.start < pb.start + b.duration
        and pb.start < pa.start + a.duration
    )


def clashes(
    problem: Problem, assignment: dict[str, Placement]
) -> list[tuple[int, str, str]]:
    """Every overlapping pair with shared interest: (attendees, first, second)."""
    sessions = [s for s in problem.sessions if s.id in assignment]
    interest = {s.id: set(s.interested) for s in sessions}
    found = []
    for a, b in combinations(sessions, 2):
        if overlaps(a, assignment[a.id], b, assignment[b.id]):
            shared = len(interest[a.id] & interest[b.id])
            if shared:
                found.append((shared, a.id, b.id))
    found.sort(key=lambda c: (-c[0], c[1], c[2]))
    return found


def losses(pairs: list[tuple[int, str, str]]) -> dict[str, int]:
    """Per session, the attendees it shares with sessions at the same time."""
    load: dict[str, int] = {}
    for shared, a, b in pairs:
        load[a] = load.get(a, 0) + shared
        load[b] = load.get(b, 0) + shared
    return load


def panels(
    problem: Problem,
    assignment: dict[str, Placement],
    titles: dict[str, str],
    room_names: dict[str, str],
) -> list[Panel]:
    """One panel a conference day."""
    pairs = clashes(problem, assignment)
    sessions = {s.id: s for s in problem.sessions}
    load = losses(pairs)
    heaviest = max(load.values(), default=0)
    rooms = [r.id for r in problem.rooms]
    lane_y = {room: TOP + n * LANE for n, room in enumerate(rooms)}
    result = []
    for day in problem.grid.days:
        span = max(1, day.end - day.start)

        def x_of(minutes: int, day_start: int = day.start, span: int = span) -> float:
            return LEFT + (minutes - day_start) * (WIDTH - LEFT - 10) / span

        chart_top = TOP + len(rooms) * LANE + 16
        panel = Panel(
            day=day.index,
            date=day.date,
            height=chart_top + CHART + 24,
            chart_top=chart_top,
        )
        panel.lanes = [(room_names.get(room, room), lane_y[room]) for room in rooms]
        panel.ticks = [
            (hhmm(m), x_of(m))
            for m in range(day.start - day.start % 60 + 60, day.end, 60)
        ]
        for unit_id, placed in sorted(assignment.items()):
            if placed.day != day.index or unit_id not in sessions:
                continue
            session = sessions[unit_id]
            units_load = load.get(unit_id, 0)
            panel.bars.append(
                Bar(
                    unit_id=unit_id,
                    title=titles.get(unit_id, unit_id),
                    x=x_of(placed.start),
                    y=lane_y[placed.room] + 3,
                    width=max(
                        2.0, x_of(placed.start + session.duration) - x_of(placed.start)
                    ),
                    load=units_load,
                    shade=0
                    if not units_load
                    else 1 + 3 * units_load // max(1, heaviest),
                )
            )
        todays = [p for p in pairs if assignment[p[1]].day == day.index]
        panel.total = sum(p[0] for p in todays)
        strongest = todays[0][0] if todays else 1
        for shared, a, b in todays[:ARCS_PER_DAY]:
            pa, pb = assignment[a], assignment[b]
            ax = x_of(pa.start + sessions[a].duration // 2)
            bx = x_of(pb.start + sessions[b].duration // 2)
            ay, by = lane_y[pa.room] + LANE / 2, lane_y[pb.room] + LANE / 2
            bend = 40 + abs(ay - by) / 3
            cx, cy = (ax + bx) / 2 + bend, (ay + by) / 2
            panel.clashes.append(
                Clash(
                    first=titles.get(a, a),
                    second=titles.get(b, b),
                    shared=shared,
                    path=f"M{ax:.1f},{ay:.1f} Q{cx:.1f},{cy:.1f} {bx:.1f},{by:.1f}",
                    label_x=(ax + bx) / 4 + cx / 2,
                    label_y=(ay + by) / 4 + cy / 2,
                    stroke=1 + 5 * shared / strongest,
                    when=hhmm(max(pa.start, pb.start)),
                )
            )
        slot = problem.grid.slot_minutes
        live = []
        for minutes in range(day.start, day.end, slot):
            value = sum(
                shared
                for shared, a, b in todays
                if all(
                    assignment[u].start
                    <= minutes
                    < assignment[u].start + sessions[u].duration
                    for u in (a, b)
                )
            )
            live.append((minutes, value))
        peak = max((v for _, v in live), default=0) or 1
        for minutes, value in live:
            height = CHART * value / peak
            panel.columns.append(
                Column(
                    x=x_of(minutes),
                    y=chart_top + CHART - height,
                    width=max(1.0, x_of(minutes + slot) - x_of(minutes) - 1),
                    height=height,
                    value=value,
                    when=hhmm(minutes),
                )
            )
        result.append(panel)
    return result
