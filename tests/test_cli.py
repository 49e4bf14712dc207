"""The microconf command as a newcomer runs it: real processes, a real server."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from lxml import etree

from tests.pages import visible_text


def _environment(tmp_path) -> dict[str, str]:
    # The run command uses the embedded SQLite database, whatever the suite runs on.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {"MICROCONF_DATA_DIR": str(tmp_path)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, deadline: float) -> bytes:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                return response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.slow
def test_demo_command_serves_the_seed_page(tmp_path):
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "microconf", "demo", "--bind", f"127.0.0.1:{port}"],
        env=_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        body = _get(
            f"http://127.0.0.1:{port}/lpc2023/contributions/rust-mc/",
            # Building the demo (a 15 s solve) takes minutes on a loaded machine.
            deadline=time.monotonic() + 300,
        )
        css = _get(
            f"http://127.0.0.1:{port}/static/microconf/site.css", time.monotonic()
        )
        schedule = _get(
            f"http://127.0.0.1:{port}/lpc2023/schedule.xml", time.monotonic()
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()

    text = visible_text(body)
    sections = [
        "Linux Plumbers Conference 2023",
        "Nov 13 – 15, 2023",
        "America/New_York timezone",
        "Not scheduled",
        "LPC Microconference Proposals",
        "Rust is a systems programming language",
        "Possible Rust for Linux topics:",
        "Possible Rust topics:",
        "Last year was the first edition of the Rust MC",
        "Primary authors",
        "Presentation materials",
        "There are no materials yet.",
        "Diamond Sponsors",
        "Platinum Sponsor",
        "Gold Sponsors",
        "Silver Sponsors",
        "Catchbox Sponsor",
        "Livestream Sponsors",
        "T-Shirt Sponsor",
    ]
    positions = [text.find(s) for s in sections]
    assert -1 not in positions, (sections, positions)
    assert positions == sorted(positions)
    assert b"--ink" in css
    # Its links name the port it serves on, not the default's 8000.
    urls = [e.text for e in etree.fromstring(schedule).iter("url")]
    assert urls
    assert [u for u in urls if not u.startswith(f"http://127.0.0.1:{port}/")] == []
    assert f"Serving on http://127.0.0.1:{port}/" in output


def test_serve_refuses_an_unmigrated_database_and_says_what_to_do(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "microconf", "serve", "--bind", "127.0.0.1:1"],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "Run: microconf migrate" in result.stderr


def test_other_words_pass_through_to_django(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "microconf", "check"],
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_schedule_solve_file_answers_with_json(tmp_path, shared_dir):
    output = tmp_path / "schedule.json"

    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [
            sys.executable, "-m", "microconf", "schedule", "solve-file",
            str(shared_dir / "scheduling" / "instances" / "small-s1.json"),
            "--time-limit", "3", "--output", str(output), "--json",
        ],
        env=_environment(tmp_path), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip

    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 0, result.stderr
    assert summary["hard_violations"] == 0
    assert summary["bound"] <= summary["attendee_conflicts"] + summary["overflow"]
    assert len(json.loads(output.read_text())["assignments"]) == 20
