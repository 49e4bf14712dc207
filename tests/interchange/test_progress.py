"""Importers report progress as (done, total) for the command-line bar."""

from __future__ import annotations

from microconf.interchange import detect_and_import
from tests.interchange.conftest import REALDATA


def test_progress_callback_counts_up_to_the_total():
    calls: list[tuple[int, int]] = []

    detect_and_import(
        (REALDATA / "debconf23-wafer.schedule.xml").read_bytes(),
        progress=lambda done, total: calls.append((done, total)),
    )

    assert len(calls) == 117
    assert calls[0] == (1, 117)
    assert calls[-1] == (117, 117)
