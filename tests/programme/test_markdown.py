from html.parser import HTMLParser

import pytest

from microconf.programme.markdown import render_markdown


class _Elements(HTMLParser):
    """Collects every element and its attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.elements.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> world",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<iframe src="https://evil.example"></iframe>',
        '<svg onload="alert(1)"></svg>',
        "![x](https://tracker.example/pixel.png)",
    ],
)
def test_hostile_markup_is_rendered_harmless(source):
    elements = _elements(render_markdown(source))

    tags = {tag for tag, _ in elements}
    attributes = {name for _, attrs in elements for name in attrs}
    hrefs = [attrs["href"] for tag, attrs in elements if tag == "a" and "href" in attrs]
    assert tags <= {"p", "a", "strong", "em"}
    assert not [name for name in attributes if name.startswith("on")]
    assert all(href.startswith(("https://", "http://")) for href in hrefs)


def test_markdown_structure_survives_sanitising():
    html = render_markdown("Topics:\n\n- **one**\n- [two](https://example.org/)")

    assert html == (
        "<p>Topics:</p>\n<ul>\n<li><strong>one</strong></li>\n"
        '<li><a href="https://example.org/" rel="noopener noreferrer nofollow">two</a>'
        "</li>\n</ul>\n"
    )


def test_headings_sit_below_the_page_title():
    assert render_markdown("# Plan") == "<h2>Plan</h2>\n"


def test_empty_abstract_renders_nothing():
    assert render_markdown("") == ""
