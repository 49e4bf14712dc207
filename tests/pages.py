"""Reading pages the way a person does."""

import html as entities
import re


def visible_text(html: str | bytes) -> str:
    """The page's visible text, one line per block, in reading order."""
    if isinstance(html, bytes):
        html = html.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", html)
    lines = (entities.unescape(line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
