"""The translations are built without GNU gettext, and a broken one stops the build."""

import gettext

import pytest
from scripts.compile_messages import compile_stale

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _catalogue(tmp_path, body: str):
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(HEADER + body, encoding="utf-8")
    return folder


def test_a_catalogue_is_built_into_a_mo_that_gettext_reads(tmp_path):
    folder = _catalogue(
        tmp_path,
        '#, python-format\nmsgid "%(count)s talks"\nmsgstr "%(count)s Vorträge"\n\n'
        '#, fuzzy\nmsgid "Room"\nmsgstr "Raum"\n',
    )

    assert compile_stale(tmp_path) == [folder / "django.mo"]
    with (folder / "django.mo").open("rb") as mo:
        german = gettext.GNUTranslations(mo)
    assert german.gettext("%(count)s talks") == "%(count)s Vorträge"
    assert german.gettext("Room") == "Room"  # a fuzzy guess is never used
    assert compile_stale(tmp_path) == []  # up to date: nothing rebuilt


def test_a_translation_with_a_misspelt_placeholder_stops_the_build(tmp_path):
    # It would raise KeyError on every page that shows the string.
    folder = _catalogue(
        tmp_path,
        '#, python-format\nmsgid "%(count)s talks"\nmsgstr "%(cont)s Vorträge"\n',
    )

    with pytest.raises(SystemExit, match="Broken translations"):
        compile_stale(tmp_path)
    assert not (folder / "django.mo").exists()
