"""Build each django.mo that is older than its django.po, without GNU gettext.

The .mo files Django reads are not kept in git. `make install` and the test run call
this, so a fresh machine needs neither msgfmt nor any step of its own: Babel reads the
catalogue, checks that every translation keeps its placeholders, and writes the .mo.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "microconf" / "locale"


def compile_stale(locale_dir: Path = LOCALE) -> list[Path]:
    """Write the .mo of every catalogue newer than it; return what was written."""
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        problems = [
            f"{po}:{message.lineno}: {error}"
            for message, errors in catalog.check()
            for error in errors
        ]
        if problems:
            raise SystemExit("\n".join(["Broken translations:", *problems]))
        partial = mo.with_suffix(".mo.partial")
        with partial.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        partial.replace(mo)  # never a half-written .mo for Django to read
        written.append(mo)
    return written


if __name__ == "__main__":
    for path in compile_stale(Path(sys.argv[1]) if len(sys.argv) > 1 else LOCALE):
        print(f"built {path}")
