"""Clock times as text: one place for minutes → "HH:MM".

Standard library only, so the solver and the interchange formats (which import no
other microconf package) use it as well as the apps.
"""

from __future__ import annotations


def hhmm(minutes: int) -> str:
    """Minutes after midnight, or a duration, as "HH:MM" (hours not wrapped at 24)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
