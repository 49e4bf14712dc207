"""``solve-file`` writes the schedule and ends stdout with one JSON line."""

import json

from microconf.scheduling.solver.command import main

INSTANCE = {
    "format": "anchor-1",
    "grid": {
        "days": [{"index": 0, "date": "2026-11-10", "start": "09:00", "end": "10:00"}],
        "slot_minutes": 30,
        "breaks": [],
    },
    "rooms": [{"id": "R1", "capacity": 10, "features": []}],
    "attendees": {"count": 2},
    "sessions": [
        {"id": "A", "kind": "talk", "duration": 30, "interested": [0, 1], "people": []},
        {"id": "B", "kind": "talk", "duration": 30, "interested": [1], "people": []},
    ],
}


def test_solve_file_prints_figures_as_json(tmp_path, capsys):
    instance = tmp_path / "instance.json"
    instance.write_text(json.dumps(INSTANCE))
    output = tmp_path / "schedule.json"
    code = main(
        [
            "solve-file",
            str(instance),
            "--time-limit",
            "1",
            "--output",
            str(output),
            "--json",
        ]
    )
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0
    assert (figures["attendee_conflicts"], figures["hard_violations"]) == (0, 0)
    assert sorted(json.loads(output.read_text())["assignments"]) == ["A", "B"]


def test_solve_file_resolves_from_a_previous_schedule(tmp_path, capsys):
    instance = tmp_path / "instance.json"
    instance.write_text(json.dumps(INSTANCE))
    first = tmp_path / "first.json"
    main(
        [
            "solve-file",
            str(instance),
            "--time-limit",
            "1",
            "--output",
            str(first),
            "--json",
        ]
    )
    capsys.readouterr()
    main(
        [
            "solve-file",
            str(instance),
            "--time-limit",
            "1",
            "--previous",
            str(first),
            "--json",
        ]
    )
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["moves"] == 0


def test_a_move_budget_below_one_is_refused_in_words(tmp_path, capsys):
    instance = tmp_path / "instance.json"
    instance.write_text(json.dumps(INSTANCE))
    for bad in ("0", "-5", "many"):
        code = main(["solve-file", str(instance), "--moves", bad, "--json"])
        err = capsys.readouterr().err
        assert code == 2
        assert f"whole number of moves above 0, not '{bad}'" in err
