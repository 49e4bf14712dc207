"""The next free slug: ``base``, else ``base-2``, ``base-3``... (one loop for all).

Standard library only, so the interchange formats use it as well as the apps.
"""

from __future__ import annotations

from collections.abc import Container


def next_free_slug(base: str, taken: Container[str]) -> str:
    """``base`` if it is not taken, else ``base-N`` with the smallest free N from 2."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
