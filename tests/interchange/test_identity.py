"""Guids stay stable across releases; slugs and acronyms satisfy both schemas."""

from __future__ import annotations

import pytest

from microconf.interchange.identity import (
    MICROCONF_NAMESPACE,
    event_slug,
    export_acronym,
    is_valid_slug,
    normalise_color,
    stable_guid,
    track_slug,
)


def test_stable_guid_is_the_same_for_the_same_key():
    namespace = stable_guid(MICROCONF_NAMESPACE, "https://lpc.example.org/2023")

    first = stable_guid(namespace, "event:42")
    again = stable_guid(namespace, "event:42")
    other = stable_guid(namespace, "event:43")

    assert first == again
    assert first != other
    assert first.version == 5


def test_namespace_never_changes():
    assert str(MICROCONF_NAMESPACE) == "9c8f60df-2bdf-591f-886e-edb23e02cf1a"


@pytest.mark.parametrize(
    ("acronym", "event_id", "title", "expected"),
    [
        ("lpc2023", 12, "Opening Ceremony", "lpc2023-12-opening_ceremony"),
        ("LPC", 1, "Über große Änderungen", "lpc_-1-uber_grosse_anderungen"),
        ("lpc-2023", 7, "eBPF 在生产环境中", "lpc_2023-7-ebpf"),
        ("lpc2023", 3, "日本語", "lpc2023-3-event"),
        ("", 5, "--", "conf-5-event"),
    ],
)
def test_event_slug_is_valid_for_xsd_and_json(acronym, event_id, title, expected):
    slug = event_slug(acronym, event_id, title)

    assert slug == expected
    assert is_valid_slug(slug)


@pytest.mark.parametrize(
    ("acronym", "expected"),
    [("38C3", "38c3"), ("lpc", "lpc_"), ("fosdem-2021", "fosdem_2021"), ("", "conf")],
)
def test_export_acronym(acronym, expected):
    assert export_acronym(acronym) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Art & Beauty", "art-beauty"), ("2D graphics", "t2d-graphics"), ("", "track")],
)
def test_track_slug(name, expected):
    assert track_slug(name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("#F9B000", "#f9b000"), ("abc", "#aabbcc"), ("red", ""), ("#12345", "")],
)
def test_normalise_color(value, expected):
    assert normalise_color(value) == expected
