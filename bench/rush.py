"""The last minutes before a call for proposals closes: 200 speakers at once.

    .venv/bin/python bench/rush.py                       # SQLite (WAL), then PostgreSQL
    .venv/bin/python bench/rush.py --db sqlite --speakers 50 --seed 3

On a fresh data directory: migrate, one conference with one open call and N verified
speakers (made through the ORM; signing up by e-mail is not what is measured), then
gunicorn on 127.0.0.1. Every speaker signs in through the real log-in form; then the
deadline is set a few seconds ahead and each speaker, starting at a random moment
around it, proposes a talk and edits it:

- half submit at once, then edit and re-submit the edited form twice;
- half save a draft, edit it, then press "Submit" on the proposal's page;
- some double-click (the same form posted twice at once, from two connections);
- those who start after the deadline, or whose last step lands after it, must be
  refused with the call's closing message.

Afterwards the database is read back: every acknowledged write (the 302 to the
proposal's page, or "is now submitted") must be there exactly once. Printed: accepted,
refused after the deadline, duplicates, 5xx, lost, p50/p99 latency. Loopback only,
bounded in speakers and time; figures are printed, never asserted.
"""

import argparse
import datetime as dt
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import speakers as sp

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    """What one speaker was told, to compare with the database afterwards."""

    email: str
    created_pk: int | None = None  # the 302 of the proposal form
    submitted: bool = False  # told it is submitted
    abstract: str | None = None  # the last acknowledged text
    refused: list[str] = field(
        default_factory=list
    )  # refusals with the closing message
    unclear: list[str] = field(default_factory=list)  # anything else unexpected
    statuses: list[int] = field(default_factory=list)
    write_ms: list[float] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)
    late_sent: int = 0  # writes that left after the deadline
    late_accepted: int = 0  # ...and were acknowledged (must be replays only)


def _pk(location: str) -> int | None:
    parts = [p for p in location.split("/") if p]
    if len(parts) >= 3 and parts[-2] == "submissions" and parts[-1].isdigit():
        return int(parts[-1])
    return None


def _double_click(browser: sp.Browser, path: str, form: dict) -> list[sp.Response]:
    """Post the same form twice at once, as a double click does."""
    twin = browser.twin()
    results: list[sp.Response | None] = [None, None]

    def post(n: int, b: sp.Browser) -> None:
        results[n] = b.request("POST", path, form)

    threads = [
        threading.Thread(target=post, args=(n, b))
        for n, b in enumerate((browser, twin))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    twin.close()
    return [r for r in results if r is not None]


class Speaker:
    def __init__(self, port: int, email: str, n: int, deadline: float, plan: dict):
        self.browser = sp.Browser(port)
        self.n, self.deadline, self.plan = n, deadline, plan
        self.out = Outcome(email)

    def _get(self, path: str) -> sp.Response:
        response = self.browser.request("GET", path)
        self.out.statuses.append(response.status)
        self.out.read_ms.append(response.ms)
        return response

    def _post(self, path: str, form: dict, *, double: bool = False) -> sp.Response:
        responses = (
            _double_click(self.browser, path, form)
            if double
            else [self.browser.request("POST", path, form)]
        )
        for r in responses:
            self.out.statuses.append(r.status)
            self.out.write_ms.append(r.ms)
            if r.sent_at >= self.deadline:
                self.out.late_sent += 1
        # The first answer is what the speaker's browser shows; a double click's
        # second must agree (same proposal) — checked through the database.
        return responses[0] if not double else _best(responses)

    def _refused(self, response: sp.Response, step: str) -> bool:
        """A 400 with the call's closing message is the expected late refusal."""
        text = response.body
        if response.status == 400 and sp.CLOSED in text:
            self.out.refused.append(step)
            return True
        return False

    def _expect_redirect(self, response: sp.Response, step: str) -> bool:
        if response.status == 302:
            if response.sent_at >= self.deadline:
                self.out.late_accepted += 1
            return True
        if not self._refused(response, step):
            self.out.unclear.append(f"{step}: HTTP {response.status}")
        return False

    def run(self) -> None:
        conf, n = sp.CONFERENCE, self.n
        time.sleep(max(0.0, self.plan["start_at"] - time.time()))
        form_page = self._get(f"/{conf}/cfp/{sp.TRACK}/propose/")
        first = {
            "csrfmiddlewaretoken": form_page.csrf(),
            "submission_key": form_page.submission_key(),
            "title": f"Talk {n} about rushing",
            "abstract": f"Version 1 by speaker {n}.",
            "submit" if self.plan["direct"] else "draft": "1",
        }
        response = self._post(
            f"/{conf}/cfp/{sp.TRACK}/propose/", first, double=self.plan["double"]
        )
        if not self._expect_redirect(response, "propose"):
            return
        pk = _pk(response.location)
        self.out.created_pk = pk
        self.out.abstract = first["abstract"]
        self.out.submitted = self.plan["direct"]
        self._get(response.location)  # the proposal's page, with its message
        time.sleep(self.plan["think"])
        for version in (2, 3) if self.plan["direct"] else (2,):
            edit_page = self._get(f"/{conf}/submissions/{pk}/edit/")
            edit = {
                "csrfmiddlewaretoken": edit_page.csrf(),
                "title": first["title"],
                "abstract": f"Version {version} by speaker {n}.",
                "save": "1",
            }
            response = self._post(f"/{conf}/submissions/{pk}/edit/", edit)
            if not self._expect_redirect(response, f"edit {version}"):
                return
            self.out.abstract = edit["abstract"]
            self._get(response.location)
            time.sleep(self.plan["think"])
        if self.plan["direct"]:
            return
        page = self._get(f"/{conf}/submissions/{pk}/")
        response = self._post(
            f"/{conf}/submissions/{pk}/state/",
            {"csrfmiddlewaretoken": page.csrf(), "to": "submitted", "reason": ""},
            double=self.plan["double_submit"],
        )
        if response.status != 302:
            self.out.unclear.append(f"submit: HTTP {response.status}")
            return
        shown = self._get(response.location).messages()
        texts = " ".join(text for _, text in shown)
        if "is now submitted" in texts:
            self.out.submitted = True
            if response.sent_at >= self.deadline:
                self.out.late_accepted += 1
        elif sp.CLOSED in texts:
            self.out.refused.append("submit")
        else:
            self.out.unclear.append(f"submit: {texts or 'no message'}")

    def safe_run(self) -> None:
        try:
            self.run()
        except Exception as error:  # counted and printed, never hidden
            self.out.unclear.append(f"{type(error).__name__}: {error}")
        finally:
            self.browser.close()


def _best(responses: list[sp.Response]) -> sp.Response:
    """Of a double click's answers, the one a browser would end on (a redirect wins)."""
    redirects = [r for r in responses if r.status == 302]
    return redirects[0] if redirects else responses[0]


def verify(outcomes: list[Outcome], closes_at: dt.datetime) -> dict:
    """Compare what speakers were told with what the database holds."""
    from microconf.audit.models import AuditEntry  # noqa: PLC0415
    from microconf.cfp.models import Contribution  # noqa: PLC0415

    rows: dict[str, list] = {}
    for c in Contribution.objects.prefetch_related("authorships__person"):
        for a in c.authorships.all():
            rows.setdefault(a.person.email, []).append(c)
    lost, duplicates, unacknowledged = [], 0, 0
    for o in outcomes:
        mine = rows.get(o.email, [])
        duplicates += max(0, len(mine) - 1)
        if o.created_pk is None:
            unacknowledged += len(mine)
            continue
        found = [c for c in mine if c.pk == o.created_pk]
        if not found:
            lost.append(f"{o.email}: proposal {o.created_pk} missing")
            continue
        c = found[0]
        if o.submitted and c.state != "submitted":
            lost.append(f"{o.email}: told submitted, is {c.state}")
        if o.abstract is not None and c.abstract != o.abstract:
            lost.append(f"{o.email}: told “{o.abstract}” was saved, has “{c.abstract}”")
        if c.authorships.count() != 1:
            lost.append(f"{o.email}: {c.authorships.count()} authorships")
    # The deadline is checked inside the saving transaction; the audit row is
    # written a few ms after that check, so a write checked just before the
    # deadline can carry a later time. How much later shows the margin.
    after = [
        (created - closes_at).total_seconds() * 1000
        for created in AuditEntry.objects.filter(
            created__gt=closes_at, action__in=["create", "edit", "state"]
        ).values_list("created", flat=True)
    ]
    return {
        "lost": lost,
        "duplicates": duplicates,
        "unacknowledged_saved": unacknowledged,
        "writes_after_deadline": after,
    }


def run(database: str, options: argparse.Namespace) -> None:
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory(prefix="microconf-rush-") as tmp:
        data_dir = Path(tmp)
        sp.setup_django(data_dir)
        from django.conf import settings  # noqa: PLC0415
        from django.db import connection  # noqa: PLC0415

        emails = sp.create_conference(options.speakers, dt.timedelta(hours=1))
        connection.close()
        port = sp._free_port()
        log = data_dir / "gunicorn.log"
        server = sp.start_gunicorn(
            data_dir, port, workers=options.workers, threads=options.threads, log=log
        )
        try:
            hasher = settings.PASSWORD_HASHERS[0].rsplit(".", 1)[1]
            print(
                f"\n{database}: {options.speakers} speakers, gunicorn "
                f"{options.workers} workers x {options.threads} threads on 127.0.0.1, "
                f"seed {options.seed}, spread {options.spread:g} s, "
                f"load average before {os.getloadavg()[0]:.1f}\n"
                f"  bench settings: allauth's per-IP log-in limit lifted (every "
                f"speaker is 127.0.0.1); password hasher {hasher}"
            )
            # 1. Everyone signs in through the log-in form (not part of the rush).
            speakers = []
            began = time.perf_counter()
            login_ms, login_bad = [], 0
            lock = threading.Lock()
            queue = list(enumerate(emails))

            def sign_in() -> None:
                nonlocal login_bad
                while True:
                    with lock:
                        if not queue:
                            return
                        n, email = queue.pop()
                    browser = sp.Browser(port)
                    response = browser.log_in(email)
                    with lock:
                        login_ms.append(response.ms)
                        if response.status != 302:
                            login_bad += 1
                    browser.close()
                    speaker = Speaker(port, email, n, 0.0, {})
                    speaker.browser.cookies = browser.cookies
                    with lock:
                        speakers.append(speaker)

            threads = [threading.Thread(target=sign_in) for _ in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            print(
                f"  log-ins: {len(login_ms) - login_bad}/{len(emails)} in "
                f"{time.perf_counter() - began:.1f} s, p50 "
                f"{sp.percentile(login_ms, 0.5):.0f} ms, p99 "
                f"{sp.percentile(login_ms, 0.99):.0f} ms"
            )
            # 2. The deadline is set a few seconds ahead; speakers start around it.
            start = time.time() + 2
            deadline = start + options.spread * 0.8
            closes_at = dt.datetime.fromtimestamp(deadline, tz=dt.UTC)
            sp.set_deadline(closes_at)
            connection.close()
            for speaker in sorted(speakers, key=lambda s: s.n):
                speaker.deadline = deadline
                speaker.plan = {
                    "start_at": start + rng.uniform(0, options.spread),
                    "direct": speaker.n % 2 == 0,
                    "double": rng.random() < options.double_click,
                    "double_submit": rng.random() < options.double_click,
                    "think": rng.uniform(0.5, 3.0),
                }
            began = time.perf_counter()
            threads = [threading.Thread(target=s.safe_run) for s in speakers]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=options.spread + 120)
            elapsed = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
        outcomes = [s.out for s in speakers]
        checked = verify(outcomes, closes_at)
        report(outcomes, checked, elapsed, options, log)


def report(
    outcomes: list[Outcome], checked: dict, elapsed: float, options, log: Path
) -> None:
    statuses = Counter(s for o in outcomes for s in o.statuses)
    writes = [ms for o in outcomes for ms in o.write_ms]
    reads = [ms for o in outcomes for ms in o.read_ms]
    every = writes + reads
    created = sum(o.created_pk is not None for o in outcomes)
    submitted = sum(o.submitted for o in outcomes)
    refused = sum(len(o.refused) for o in outcomes)
    refused_speakers = sum(bool(o.refused) for o in outcomes)
    late_sent = sum(o.late_sent for o in outcomes)
    late_accepted = sum(o.late_accepted for o in outcomes)
    unclear = [f"{o.email}: {u}" for o in outcomes for u in o.unclear]
    fivexx = sum(n for s, n in statuses.items() if s >= 500)
    late = checked["writes_after_deadline"]
    rows = [
        ("proposals saved (302 acknowledged)", created),
        ("submissions accepted (told submitted)", submitted),
        ("writes refused after the deadline, with the closing message", refused),
        ("  speakers refused at some step", refused_speakers),
        ("write requests sent after the deadline (a double click: 2)", late_sent),
        ("  of which acknowledged (replays of an earlier post)", late_accepted),
        ("writes stamped after the deadline (checked before it)", len(late)),
        ("  latest of them, ms after the deadline", round(max(late, default=0))),
        ("duplicates (extra proposals per speaker)", checked["duplicates"]),
        ("errors (5xx)", fivexx),
        ("other unexpected answers", len(unclear)),
        ("lost (acknowledged, not in the database)", len(checked["lost"])),
        ("saved without an acknowledgement", checked["unacknowledged_saved"]),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"  {label:<{width}} {value:>6}")
    print(
        f"  requests: {len(every)} in {elapsed:.1f} s ({len(every) / elapsed:.0f}/s); "
        f"HTTP {dict(sorted(statuses.items()))}"
    )
    print(
        f"  latency all: p50 {sp.percentile(every, 0.5):.0f} ms, p99 "
        f"{sp.percentile(every, 0.99):.0f} ms; writes (POST): p50 "
        f"{sp.percentile(writes, 0.5):.0f} ms, p99 {sp.percentile(writes, 0.99):.0f} "
        f"ms, max {max(writes, default=0):.0f} ms"
    )
    for line in (checked["lost"] + unclear)[:10]:
        print(f"  ! {line}")
    if fivexx:
        print("  server log tail:\n" + log.read_text()[-3000:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--speakers", type=int, default=200)
    parser.add_argument(
        "--spread", type=float, default=120.0,
        help="Seconds over which speakers start; the deadline falls at 80 %% of it.",
    )  # fmt: skip
    parser.add_argument("--double-click", type=float, default=0.15)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    options, _ = parser.parse_known_args()
    if "--child" in sys.argv:
        run(sys.argv[sys.argv.index("--child") + 1], options)
        return 0
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{platform.node()}, {os.cpu_count()} CPUs, {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    for database in ("sqlite", "postgres"):
        if options.db not in {database, "both"}:
            continue
        # Each database in its own process: Django is set up once per process.
        args = [sys.executable, __file__, *sys.argv[1:], "--child", database]
        env = dict(os.environ)
        if database == "sqlite":
            env.pop("DATABASE_URL", None)
        elif not env.get("DATABASE_URL"):
            args = ["bash", str(REPO / "scripts" / "with-postgres.sh"), *args]
        subprocess.run(args, env=env, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
