"""Markdown from speakers and organisers, rendered to HTML that is safe to show."""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Raw HTML in the source is escaped, not passed through; nh3 then keeps only these
# tags, and links only to these schemes, whatever the parser produced.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _demote_headings(state) -> None:
    # The page's own title is the only <h1>; an abstract's headings sit below it.
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


_parser.core.ruler.push("demote_headings", _demote_headings)
_TAGS = {
    "p", "br", "hr", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(source: str) -> SafeString:
    """Render Markdown and strip anything that could run script or load content."""
    html = _parser.render(source or "")
    cleaned = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it
