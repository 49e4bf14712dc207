"""A small deterministic generator of LPC-like instances in the anchor-1 format.

``scale`` 1.0 gives roughly lpc-s1's shape (25 microconference blocks of 210 min,
100 talks, 40 BoFs, 8 rooms, 3 days, 1500 attendees with skewed interests); 2.0
gives 330 sessions. Room count and days grow so that rooms stay about 3/4 full.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

DAY_START, DAY_END = "09:00", "19:30"
LUNCH = {"start": "12:30", "end": "13:30", "label": "lunch"}
ROOM_MINUTES_PER_DAY = 570
FILL = 0.76


def generate(*, scale: float = 1.0, seed: int = 1) -> dict[str, Any]:
    """Return an instance dict; the same (scale, seed) always gives the same one."""
    rng = np.random.default_rng(seed)
    n_mc, n_talk, n_bof = round(25 * scale), round(100 * scale), round(40 * scale)
    n_sessions = n_mc + n_talk + n_bof
    attendees = round(1500 * scale)
    days = 3 if scale <= 1.5 else 4
    minutes = n_mc * 210 + (n_talk + n_bof) * 37.5
    n_rooms = max(2, math.ceil(minutes / FILL / (days * ROOM_MINUTES_PER_DAY)))
    tracks = [f"track{k:02d}" for k in range(max(2, round(16 * scale)))]
    popularity = 1.0 / np.arange(1, len(tracks) + 1) ** 0.8
    popularity /= popularity.sum()

    rooms = []
    capacities = np.linspace(500 * min(scale, 1.5), 100, n_rooms).round().astype(int)
    for k, capacity in enumerate(capacities):
        features = []
        if k < math.ceil(0.75 * n_rooms):
            features.append("video")
        if k < n_rooms // 2:
            features.append("hybrid")
        rooms.append(
            {"id": f"R{k + 1}", "capacity": int(capacity), "features": features}
        )

    people = [f"p{k:03d}" for k in range(round(n_sessions * 1.3))]
    sessions = []
    kinds = ["mc"] * n_mc + ["talk"] * n_talk + ["bof"] * n_bof
    counters = {"mc": 0, "talk": 0, "bof": 0}
    prefix = {"mc": "MC", "talk": "T", "bof": "B"}
    for kind in kinds:
        counters[kind] += 1
        sid = (
            f"{prefix[kind]}{counters[kind]:02d}"
            if kind == "mc"
            else (f"{prefix[kind]}{counters[kind]:03d}")
        )
        track = tracks[int(rng.choice(len(tracks), p=popularity))]
        duration = 210 if kind == "mc" else int(rng.choice([30, 45]))
        staff = sorted(
            {
                people[int(i)]
                for i in rng.choice(len(people), size=3 if kind == "mc" else 2)
            }
        )
        if kind == "mc":
            features = ["video"]
        elif kind == "talk" and rng.random() < 0.5:
            features = ["video"] if rng.random() < 0.95 else ["video", "hybrid"]
        else:
            features = []
        sessions.append(
            {
                "id": sid,
                "kind": kind,
                "duration": duration,
                "track": track,
                "people": staff,
                "features": features,
                "availability": None,
                "pin": None,
                "interested": [],
            }
        )
    # Skewed interests: each attendee follows a few tracks and a few sessions there.
    by_track: dict[str, list[int]] = {}
    for i, s in enumerate(sessions):
        by_track.setdefault(s["track"], []).append(i)
    interested: list[list[int]] = [[] for _ in sessions]
    for a in range(attendees):
        for t in rng.choice(
            len(tracks), size=int(rng.integers(1, 4)), replace=False, p=popularity
        ):
            members = by_track.get(tracks[int(t)], [])
            for i in members:
                base = 0.45 if sessions[i]["kind"] == "mc" else 0.25
                if rng.random() < base:
                    interested[i].append(a)
        extra = rng.integers(0, n_sessions, size=int(rng.integers(0, 3)))
        for i in extra:
            interested[int(i)].append(a)
    for s, ids in zip(sessions, interested, strict=True):
        s["interested"] = sorted(set(ids))
        s["demand"] = len(s["interested"])
    # A few sessions are available on some days only; one BoF a day is pinned.
    for s in sessions:
        if rng.random() < 0.08:
            allowed = sorted(
                int(d) for d in rng.choice(days, size=days - 1, replace=False)
            )
            s["availability"] = [
                {"day": d, "start": DAY_START, "end": DAY_END} for d in allowed
            ]
    bofs = [s for s in sessions if s["kind"] == "bof"]
    for day, s in enumerate(bofs[:days]):
        s["availability"] = None
        s["features"] = []
        s["pin"] = {"room": rooms[-1]["id"], "day": day, "start": "16:30"}
    return {
        "format": "anchor-1",
        "name": f"generated-x{scale:g}-s{seed}",
        "size": f"x{scale:g}",
        "seed": seed,
        "grid": {
            "days": [
                {
                    "index": d,
                    "date": f"2026-11-{10 + d}",
                    "start": DAY_START,
                    "end": DAY_END,
                }
                for d in range(days)
            ],
            "slot_minutes": 15,
            "breaks": [LUNCH],
        },
        "rooms": rooms,
        "attendees": {"count": attendees},
        "people": people,
        "sessions": sessions,
    }
