"""scripts/audit.py: what it makes of pip-audit's report."""

import runpy
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

verdict = runpy.run_path(str(Path(REPO_ROOT) / "scripts" / "audit.py"))["verdict"]
CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
SKIPPED = {
    "name": "nh3",
    "version": "0.3.8",
    "skip_reason": "Dependency not found on PyPI and could not be audited: nh3 (0.3.8)",
}


def test_a_known_vulnerability_fails_and_names_its_fix():
    report = {
        "dependencies": [
            CLEAN,
            {
                "name": "lxml",
                "version": "6.0.0",
                "vulns": [{"id": "PYSEC-1", "fix_versions": ["6.0.1"]}],
            },
        ]
    }

    lines, status = verdict(report, required=False)

    assert status == 1
    assert lines == [
        "lxml 6.0.0: PYSEC-1 (fixed in 6.0.1)",
        "pip-audit: 2 of 2 locked packages audited, 1 with known vulnerabilities.",
    ]


@pytest.mark.parametrize(("required", "status"), [(False, 0), (True, 1)])
def test_packages_not_audited_are_reported_not_passed_silently(required, status):
    lines, got = verdict({"dependencies": [CLEAN, SKIPPED]}, required=required)

    assert got == status
    assert lines == [
        "pip-audit: 1 of 2 locked packages audited, 0 with known vulnerabilities.",
        "NOT AUDITED (1): Dependency not found on PyPI and could not be audited: "
        "nh3 (0.3.8). Is the vulnerability service out of reach from this machine?",
    ]


def test_a_clean_full_audit_passes():
    assert verdict({"dependencies": [CLEAN]}, required=True) == (
        ["pip-audit: 1 of 1 locked packages audited, 0 with known vulnerabilities."],
        0,
    )
