"""HTML fragments from imported descriptions become plain text."""

from __future__ import annotations

import pytest

from microconf.interchange.html_text import html_to_text


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>a &amp;lt; b</p>", "a &lt; b"),
        ("<p>One</p><p>Two<br>Three</p>", "One\n\nTwo\nThree"),
        ("Hi<script>alert(1)</script> there", "Hi there"),
    ],
)
def test_html_to_text(fragment, expected):
    assert html_to_text(fragment) == expected
