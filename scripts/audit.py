"""pip-audit over the locked dependencies: fail on any known vulnerability.

pip-audit asks PyPI's per-release JSON (its default service) which advisories
affect each pinned version. When that service cannot be reached every package is
skipped and pip-audit itself still passes, which would read as a clean audit; this
says so instead, and fails then too when MICROCONF_AUDIT_REQUIRED=true.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


def verdict(report: dict, *, required: bool) -> tuple[list[str], int]:
    """The lines to print about a pip-audit JSON report, and the exit status."""
    dependencies = report["dependencies"]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    lines = [
        f"{d['name']} {d['version']}: {v['id']} "
        f"(fixed in {', '.join(v['fix_versions']) or 'no release yet'})"
        for d in vulnerable
        for v in d["vulns"]
    ]
    lines.append(
        f"pip-audit: {len(dependencies) - len(skipped)} of {len(dependencies)} "
        f"locked packages audited, {len(vulnerable)} with known vulnerabilities."
    )
    if skipped:
        lines.append(
            f"NOT AUDITED ({len(skipped)}): {skipped[0]['skip_reason']}"
            + (f" and {len(skipped) - 1} more" if len(skipped) > 1 else "")
            + ". Is the vulnerability service out of reach from this machine?"
        )
    return lines, 1 if vulnerable or (skipped and required) else 0


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report_file = Path(tmp) / "audit.json"
        # The lock pins every package, so nothing needs resolving or installing.
        subprocess.run(  # noqa: S603 - pip-audit from our own venv
            [
                Path(sys.executable).parent / "pip-audit", "-r", str(LOCK),
                "--no-deps", "--disable-pip", "--progress-spinner", "off",
                "--format", "json", "--output", str(report_file),
            ],
            check=False,
        )  # fmt: skip
        if not report_file.exists():
            print("pip-audit wrote no report; see its output above.")
            return 1
        report = json.loads(report_file.read_text())
    required = os.environ.get("MICROCONF_AUDIT_REQUIRED", "").lower() == "true"
    lines, status = verdict(report, required=required)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
