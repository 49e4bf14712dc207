import subprocess

import pytest
from django.urls import reverse

from microconf.demo.builder import build_demo
from tests.programme.conftest import fetched

# The PDFs are made by the worker when the demo's schedule is released
# (``built_demo``); the addresses serve the stored files.


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
        check=True,
    )  # fmt: skip
    return result.stdout.decode()


def _pages(pdf: bytes) -> int:
    result = subprocess.run(
        ["/usr/bin/pdfinfo", "-"], input=pdf, capture_output=True, check=True
    )
    line = next(
        x for x in result.stdout.decode().splitlines() if x.startswith("Pages:")
    )
    return int(line.split()[1])


@pytest.mark.slow
def test_the_demo_programme_prints_with_the_rust_mc_abstract(client, built_demo):
    response = client.get(reverse("print:conference", args=["lpc2023"]))

    pdf = fetched(response)
    text = " ".join(_text(pdf).split())
    assert response["Content-Type"] == "application/pdf"
    assert _pages(pdf) > 1
    assert "Linux Plumbers Conference 2023" in text
    assert "Rust for Linux is the project adding support for the Rust language" in text
    assert "Monday, November 13, 2023" in text


@pytest.mark.slow
def test_a_track_prints_only_its_own_contributions(client, built_demo):
    pdf = fetched(client.get(reverse("print:track", args=["lpc2023", "rust"])))

    text = " ".join(_text(pdf).split())
    assert "Rust abstractions for the block layer" in text
    assert "BPF arenas" not in text


@pytest.mark.django_db
def test_an_unknown_track_has_no_pdf(client):
    build_demo()

    response = client.get(reverse("print:track", args=["lpc2023", "nope"]))

    assert response.status_code == 404
