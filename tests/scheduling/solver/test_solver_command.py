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


def test_unreadable_files_are_refused_in_words_and_nothing_is_written(tmp_path, capsys):
    good = tmp_path / "instance.json"
    good.write_text(json.dumps(INSTANCE))
    broken = dict(INSTANCE, sessions=[dict(INSTANCE["sessions"][0], kind="keynote")])
    files = {
        "missing.json": None,
        "prose.json": "not json at all",
        "empty.json": "{}",
        "kind.json": json.dumps(broken),
        "schedule.json": json.dumps({"assignments": {"A": {"room": "R1"}}}),
    }
    for name, text in files.items():
        if text is not None:
            (tmp_path / name).write_text(text)
    output = tmp_path / "out.json"
    cases = [
        ([str(tmp_path / "missing.json")], "cannot read the instance", "No such file"),
        ([str(tmp_path / "prose.json")], "is not JSON", "line 1"),
        ([str(tmp_path / "empty.json")], "lacks the field 'grid'", "instance"),
        ([str(tmp_path / "kind.json")], "value of the wrong form", "keynote"),
        (
            [str(good), "--previous", str(tmp_path / "schedule.json")],
            "the schedule",
            "lacks the field 'day'",
        ),
    ]
    for args, said, detail in cases:
        code = main(["solve-file", *args, "--output", str(output), "--json"])
        captured = capsys.readouterr()
        assert code == 2
        assert captured.err.startswith("solve-file: ")
        assert said in captured.err
        assert detail in captured.err
        assert "Traceback" not in captured.err
        assert captured.out == ""
        assert not output.exists()
