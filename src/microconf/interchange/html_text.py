"""Plain text from the HTML fragments schedules carry in descriptions."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_TAG_RE = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def looks_like_html(text: str) -> bool:
    """Tell whether `text` contains an HTML tag."""
    return bool(_HTML_TAG_RE.search(text))


def html_to_text(fragment: str) -> str:
    """Return the text of an HTML fragment with paragraph and line breaks kept."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _TextExtractor(HTMLParser):
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4"})

    _HIDDEN = frozenset({"script", "style"})

    def __init__(self) -> None:
        # convert_charrefs turns &amp; and friends into text exactly once.
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._HIDDEN:
            self._hidden_depth += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._HIDDEN:
            self._hidden_depth = max(self._hidden_depth - 1, 0)
        elif tag in {"p", "div", "li"}:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._hidden_depth:
            self.parts.append(data)
