"""The interchange package stays framework-free: importing it loads no Django."""

from __future__ import annotations

import subprocess
import sys

import microconf.interchange

CHECK = """
import importlib, pkgutil, sys
import microconf.interchange as package
for module in pkgutil.iter_modules(package.__path__):
    importlib.import_module(f"microconf.interchange.{module.name}")
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(list(pkgutil.iter_modules(package.__path__))), loaded)
"""


def test_interchange_and_all_submodules_import_without_django():
    completed = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", CHECK],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )

    count, loaded = completed.stdout.split(" ", 1)
    assert int(count) >= 10
    assert loaded.strip() == "[]"


def test_public_api_names_resolve():
    missing = [
        name
        for name in microconf.interchange.__all__
        if not hasattr(microconf.interchange, name)
    ]

    assert missing == []
