"""A deterministic FOSDEM-like instance in the shared "anchor-1" format.

FOSDEM's shape, not LPC's: two days without a common break, 30+ rooms of very
different sizes, most of the programme in developer rooms that each hold a
half-day or a full day of their own talks in one room (one block here, kind
``mc``), a few hundred free talks (main-track talks in the large rooms, lightning
talks, BoFs), and thousands of attendees who follow a few topics each.

    .venv/bin/python bench/fosdem_like.py [--scale 1] [--seed 1] [-o FILE.json]

``scale`` 1 gives about 66 blocks and 280 free talks in 36 rooms over two days
with 8000 attendees; rooms grow with the scale so that they stay about 3/4 full.
The same (scale, seed) always gives the same instance.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

import numpy as np

DAY_START, DAY_END = "09:00", "19:00"
DAY_MINUTES = 600
FILL = 0.77
# Per kind: count at scale 1, durations, chance a follower of its topic is interested.
KINDS = {
    "full": (22, (480, 510, 540), 0.55),
    "half": (44, (210, 240, 270), 0.55),
    "main": (90, (45, 60), 0.25),
    "lightning": (120, (15, 30), 0.15),
    "bof": (70, (60,), 0.20),
}
LARGE_CAPACITY = 500


def _rooms(count: int, large: int, rng: np.random.Generator) -> list[dict]:
    """A few auditoriums, some mid-sized rooms, many small classrooms; all filmed."""
    big = np.linspace(1400, LARGE_CAPACITY, large)
    rest = np.sort(rng.integers(40, 320, size=count - large))[::-1]
    return [
        {
            "id": f"R{k + 1:02d}",
            "capacity": int(capacity),
            "features": ["video", "large"] if k < large else ["video"],
        }
        for k, capacity in enumerate(np.concatenate([big, rest]).round())
    ]


def generate_fosdem(*, scale: float = 1.0, seed: int = 1) -> dict[str, Any]:
    """Return an instance dict; the same (scale, seed) always gives the same one."""
    rng = np.random.default_rng(seed)
    counts = {kind: max(1, round(n * scale)) for kind, (n, _, _) in KINDS.items()}
    durations = {
        kind: [int(rng.choice(KINDS[kind][1])) for _ in range(counts[kind])]
        for kind in KINDS
    }
    minutes = sum(sum(d) for d in durations.values())
    n_rooms = max(30, math.ceil(minutes / FILL / (2 * DAY_MINUTES)))
    # Main-track talks fill the large rooms to about 3/4.
    large = max(2, math.ceil(sum(durations["main"]) / 0.75 / (2 * DAY_MINUTES)))
    rooms = _rooms(n_rooms, large, rng)

    n_dev = counts["full"] + counts["half"]
    n_topics = n_dev + max(2, round(6 * scale))
    popularity = 1.0 / np.arange(1, n_topics + 1) ** 0.9
    popularity /= popularity.sum()
    # Developer rooms take the topics in a shuffled order, so popularity is not
    # tied to whether a room runs a full or a half day.
    dev_topics = rng.permutation(n_dev)

    sessions: list[dict] = []
    topic_of: list[int] = []
    kind_of: list[str] = []
    next_person = 0

    def people(k: int) -> list[str]:
        nonlocal next_person
        names = [f"p{next_person + i:04d}" for i in range(k)]
        next_person += k
        return names

    dev = 0
    for kind in ("full", "half"):
        for k in range(counts[kind]):
            topic = int(dev_topics[dev])
            dev += 1
            sessions.append(
                {
                    "id": f"D{kind[0].upper()}{k + 1:03d}",
                    "kind": "mc",
                    "duration": durations[kind][k],
                    "track": f"dev{topic:03d}",
                    "people": people(int(rng.integers(2, 4))),
                    "features": ["video"],
                    "availability": None,
                    "pin": None,
                }
            )
            topic_of.append(topic)
            kind_of.append(kind)
    speakers = [f"s{k:04d}" for k in range(round(sum(counts.values()) * 1.1))]
    prefix = {"main": "M", "lightning": "L", "bof": "B"}
    for kind in ("main", "lightning", "bof"):
        for k in range(counts[kind]):
            topic = int(rng.choice(n_topics, p=popularity))
            staff = {speakers[int(i)] for i in rng.choice(len(speakers), size=2)}
            if rng.random() < 0.1:  # a devroom manager who also speaks elsewhere
                staff.add(sessions[int(rng.integers(n_dev))]["people"][0])
            sessions.append(
                {
                    "id": f"{prefix[kind]}{k + 1:03d}",
                    "kind": "bof" if kind == "bof" else "talk",
                    "duration": durations[kind][k],
                    "track": kind if kind != "bof" else f"bof{topic % 8}",
                    "people": sorted(staff),
                    "features": ["video", "large"] if kind == "main" else [],
                    "availability": None,
                    "pin": None,
                }
            )
            topic_of.append(topic)
            kind_of.append(kind)

    attendees = round(8000 * scale)
    by_topic: dict[int, np.ndarray] = {}
    for i, topic in enumerate(topic_of):
        by_topic.setdefault(topic, []).append(i)
    by_topic = {t: np.array(m) for t, m in by_topic.items()}
    base = np.array([KINDS[kind][2] for kind in kind_of])
    interested: list[list[int]] = [[] for _ in sessions]
    for a in range(attendees):
        followed = rng.choice(
            n_topics, size=int(rng.integers(2, 6)), replace=False, p=popularity
        )
        for topic in followed:
            members = by_topic.get(int(topic))
            if members is None:
                continue
            for i in members[rng.random(len(members)) < base[members]]:
                interested[int(i)].append(a)
        for i in rng.integers(0, len(sessions), size=int(rng.integers(0, 4))):
            interested[int(i)].append(a)
    for s, ids in zip(sessions, interested, strict=True):
        s["interested"] = sorted(set(ids))
        s["demand"] = len(s["interested"])

    # About a third of the developer rooms are given one day; the opening and
    # closing talks are pinned in the largest room.
    for s in sessions[:n_dev]:
        if rng.random() < 0.35:
            day = int(rng.integers(2))
            s["availability"] = [{"day": day, "start": DAY_START, "end": DAY_END}]
    mains = [s for s in sessions if s["id"].startswith("M")]
    mains[0]["pin"] = {"room": rooms[0]["id"], "day": 0, "start": "09:30"}
    mains[-1]["pin"] = {"room": rooms[0]["id"], "day": 1, "start": "17:30"}
    return {
        "format": "anchor-1",
        "name": f"fosdem-like-x{scale:g}-s{seed}",
        "size": f"fosdem-x{scale:g}",
        "seed": seed,
        "grid": {
            "days": [
                {
                    "index": d,
                    "date": f"2027-02-0{6 + d}",
                    "start": DAY_START,
                    "end": DAY_END,
                }
                for d in range(2)
            ],
            "slot_minutes": 15,
            "breaks": [],
        },
        "rooms": rooms,
        "attendees": {"count": attendees},
        "people": sorted({p for s in sessions for p in s["people"]}),
        "sessions": sessions,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", default="-")
    options = parser.parse_args()
    text = json.dumps(generate_fosdem(scale=options.scale, seed=options.seed))
    if options.output == "-":
        sys.stdout.write(text + "\n")
    else:
        with open(options.output, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
