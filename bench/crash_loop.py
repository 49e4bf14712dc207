"""SIGKILL the web server or the worker at random moments; check that nothing broke.

    .venv/bin/python bench/crash_loop.py                 # 10 rounds on SQLite
    bash scripts/with-postgres.sh .venv/bin/python bench/crash_loop.py --rounds 6

On a fresh data directory (the database in DATABASE_URL, else SQLite in WAL mode):
gunicorn on 127.0.0.1 and one task worker (``microconf db_worker``). Speakers keep
proposing (some double-clicking), an organiser keeps accepting what was submitted
and sending the decision mails from the outbox. Each round lasts a random time,
then SIGKILL hits one of: the whole web server, one gunicorn worker, or the task
worker; the victim is restarted (the task worker after ``recover_outbox
--older-than 0``, as a single worker's service does). At the end the outbox is
drained and the database and the mail directory are checked:

- every acknowledged proposal (302) is there once, submitted, with its author;
- nothing half-written: no contribution without author or audit entry, no
  acknowledged acceptance without its decision mail;
- every mail queued by an acknowledged "send" was sent, each Message-ID written
  exactly once, and no mail is left queued or sending;
- a ``microconf backup`` taken half-way, under load, restores (checksums, row counts)
  into a fresh SQLite database.

The mail transport is the product's file transport slowed down like SMTP
(bench/slow_mail.py), and a kill of the task worker waits until a mail is being
sent, so it lands before, during or just after a hand-over.

Exits 1 on any loss, duplicate or half-written row. Bounded and seedable.
"""

import argparse
import contextlib
import datetime as dt
import email
import http.client
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import speakers as sp

_MAIL_BOX = re.compile(r'name="mail" value="(\d+)"')


class Ledger:
    """What clients were told, shared by their threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.proposals: dict[
            int, tuple[str, str, str]
        ] = {}  # pk -> (email, key, title)
        self.accepted: set[int] = set()
        self.sent_ids: set[int] = set()  # mails an acknowledged "send" queued
        self.errors = Counter()


def _post(browser: sp.Browser, path: str, form: dict, answers: list) -> None:
    # Killed mid-request: no answer, so nothing was acknowledged.
    with contextlib.suppress(OSError, http.client.HTTPException):
        answers.append(browser.request("POST", path, form))


def _speaker(port: int, email_: str, n: int, ledger: Ledger, stop, rng) -> None:
    browser = sp.Browser(port, timeout=10)
    signed_in, attempt = False, 0
    while not stop.is_set():
        try:
            if not signed_in:
                signed_in = browser.log_in(email_).status == 302
                continue
            page = browser.request("GET", f"/{sp.CONFERENCE}/cfp/{sp.TRACK}/propose/")
            if page.status != 200:
                ledger.errors[f"propose form {page.status}"] += 1
                continue
            attempt += 1
            form = {
                "csrfmiddlewaretoken": page.csrf(),
                "submission_key": page.submission_key(),
                "title": f"Crash talk {n}-{attempt}",
                "abstract": "Written while servers die.",
                "submit": "1",
            }
            path = f"/{sp.CONFERENCE}/cfp/{sp.TRACK}/propose/"
            tabs = [browser, browser.twin()] if rng.random() < 0.2 else [browser]
            answers: list = []
            threads = [
                threading.Thread(target=_post, args=(b, path, form, answers))
                for b in tabs
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for answer in answers:
                if answer.status == 302 and "/submissions/" in answer.location:
                    pk = int(answer.location.rstrip("/").rsplit("/", 1)[1])
                    with ledger.lock:
                        ledger.proposals[pk] = (
                            email_, form["submission_key"], form["title"]
                        )  # fmt: skip
                elif answer.status >= 500:
                    ledger.errors[f"propose {answer.status}"] += 1
        except (OSError, http.client.HTTPException, TypeError, ValueError):
            # The server was killed under us: nothing acknowledged, try again.
            browser.close()
            time.sleep(0.2)
        time.sleep(rng.uniform(0.05, 0.3))
    browser.close()


def _organiser(port: int, email_: str, ledger: Ledger, stop) -> None:
    browser = sp.Browser(port, timeout=10)
    signed_in = False
    outbox = f"/{sp.CONFERENCE}/manage/outbox/"
    while not stop.is_set():
        try:
            if not signed_in:
                signed_in = browser.log_in(email_).status == 302
                continue
            page = browser.request("GET", outbox)
            with ledger.lock:
                todo = [pk for pk in ledger.proposals if pk not in ledger.accepted][:3]
            for pk in todo:
                answer = browser.request(
                    "POST", f"/{sp.CONFERENCE}/submissions/{pk}/state/",
                    {"csrfmiddlewaretoken": page.csrf(), "to": "accepted"},
                )  # fmt: skip
                shown = browser.request("GET", answer.location).messages()
                if any("is now accepted" in text for _, text in shown):
                    with ledger.lock:
                        ledger.accepted.add(pk)
            page = browser.request("GET", outbox)
            ids = _MAIL_BOX.findall(page.body)
            if ids:
                answer = browser.request(
                    "POST", f"{outbox}send/",
                    {"csrfmiddlewaretoken": page.csrf(), "mail": ids},
                )  # fmt: skip
                shown = browser.request("GET", answer.location).messages()
                if any("queued" in text for _, text in shown):
                    with ledger.lock:
                        ledger.sent_ids.update(int(i) for i in ids)
        except (OSError, http.client.HTTPException, TypeError, ValueError):
            browser.close()
            time.sleep(0.2)
        time.sleep(0.3)
    browser.close()


def _start_worker(data_dir: Path, log: Path) -> subprocess.Popen:
    env = os.environ | {
        "MICROCONF_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": str(sp.BENCH_DIR),
    }
    command = [sys.executable, "-m", "microconf"]
    with log.open("ab") as out:
        subprocess.run(
            [*command, "recover_outbox", "--older-than", "0"],
            env=env, stdout=out, stderr=out, check=True,
        )  # fmt: skip
        return subprocess.Popen(
            [*command, "db_worker", "--interval", "0.1", "--no-startup-delay"],
            env=env, stdout=out, stderr=out, start_new_session=True,
        )  # fmt: skip


def _wait_for_a_send(rng: random.Random) -> None:
    """Aim at the worker's risky moment: while some mail is being sent."""
    from django.db import connection  # noqa: PLC0415

    from microconf.notifications.models import OutboxMail  # noqa: PLC0415

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if OutboxMail.objects.filter(state=OutboxMail.State.SENDING).exists():
            break
        time.sleep(0.02)
    connection.close()
    # Before, during or after the hand-over (slow_mail waits 0.15 s each side).
    time.sleep(rng.uniform(0.0, 0.35))


def _kill_group(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _gunicorn_children(server: subprocess.Popen) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.pid)],
        capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    return [int(p) for p in out.split()]


def _microconf(data_dir: Path, log: Path, *args: str, sqlite: bool = False) -> int:
    env = os.environ | {
        "MICROCONF_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": str(sp.BENCH_DIR),
    }
    if sqlite:
        env.pop("DATABASE_URL", None)
    with log.open("ab") as out:
        return subprocess.run(
            [sys.executable, "-m", "microconf", *args],
            env=env, stdout=out, stderr=out, check=False,
        ).returncode  # fmt: skip


def _restores(archive: Path, tmp: Path, log: Path) -> list[str]:
    """The backup taken under fire loads into a fresh SQLite database, checked."""
    if not archive.exists():
        return ["backup: the mid-run backup failed (see the log)"]
    fresh = tmp / "restored"
    if _microconf(fresh, log, "migrate", "--no-input", sqlite=True):
        return ["backup: could not migrate a fresh database to restore into"]
    if _microconf(fresh, log, "restore", str(archive), sqlite=True):
        return ["backup: the mid-run backup did not restore (see the log)"]
    return []


def _drain(data_dir: Path, log: Path) -> None:
    """Recover what the last kill left, then run every due task."""
    env = os.environ | {
        "MICROCONF_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": str(sp.BENCH_DIR),
    }
    with log.open("ab") as out:
        for args in (
            ["recover_outbox", "--older-than", "0"],
            ["db_worker", "--batch", "--no-startup-delay"],
        ):
            subprocess.run(
                [sys.executable, "-m", "microconf", *args],
                env=env, stdout=out, stderr=out, check=True,
            )  # fmt: skip


def check(ledger: Ledger, mail_dir: Path) -> list[str]:
    """Everything that went wrong, in words; empty when nothing did."""
    from microconf.audit.models import AuditEntry  # noqa: PLC0415
    from microconf.cfp.models import Contribution  # noqa: PLC0415
    from microconf.notifications.models import OutboxMail  # noqa: PLC0415

    problems = []
    contributions = {
        c.pk: c for c in Contribution.objects.prefetch_related("authorships__person")
    }
    for pk, (email_, key, title) in ledger.proposals.items():
        c = contributions.get(pk)
        if c is None:
            problems.append(f"lost: proposal {pk} ({title}) was acknowledged")
            continue
        authors = [a.person.email for a in c.authorships.all()]
        if (c.submission_key, c.title, authors) != (key, title, [email_]):
            problems.append(f"wrong: proposal {pk} is {c.title!r} by {authors}")
        if c.state not in {"submitted", "accepted"}:
            problems.append(f"lost: proposal {pk} acknowledged, is {c.state}")
    titles = Counter(c.title for c in contributions.values())
    problems += [
        f"duplicate: {t!r} saved {n} times" for t, n in titles.items() if n > 1
    ]
    audited = set(
        AuditEntry.objects.filter(action="create").values_list(
            "contribution", flat=True
        )
    )
    for c in contributions.values():
        if not c.authorships.all():
            problems.append(f"half-written: proposal {c.pk} has no author")
        if c.pk not in audited:
            problems.append(f"half-written: proposal {c.pk} has no audit entry")
    mails = {m.pk: m for m in OutboxMail.objects.all()}
    decided = {m.contribution_id for m in mails.values() if m.kind == "accepted"}
    for pk in ledger.accepted:
        if contributions.get(pk) is None or contributions[pk].state != "accepted":
            problems.append(f"lost: acceptance of {pk} was acknowledged")
        if pk not in decided:
            problems.append(f"half-written: {pk} accepted without its decision mail")
    for pk in ledger.sent_ids:
        if mails[pk].state != OutboxMail.State.SENT:
            problems.append(f"lost: mail {pk} was queued, is {mails[pk].state}")
    stuck = [m.pk for m in mails.values() if m.state in {"queued", "sending"}]
    problems += [f"stuck: mail {pk} never left the outbox" for pk in stuck]
    files = sorted(mail_dir.glob("*.eml")) if mail_dir.is_dir() else []
    ids = Counter(email.message_from_bytes(f.read_bytes())["Message-ID"] for f in files)
    problems += [
        f"duplicate: {mid} written {n} times" for mid, n in ids.items() if n > 1
    ]
    from microconf.notifications.tasks import message_id  # noqa: PLC0415

    expected = {message_id(m.key) for m in mails.values() if m.state == "sent"}
    problems += [f"lost: sent mail {mid} has no file" for mid in expected - set(ids)]
    problems += [f"phantom: {mid} written but not sent" for mid in set(ids) - expected]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--speakers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--max-round", type=float, default=4.0, help="Longest round, in seconds."
    )
    options = parser.parse_args()
    rng = random.Random(options.seed)
    os.environ.pop("EMAIL_HOST", None)  # the file transport: data_dir/mail
    os.environ["BENCH_SLOW_MAIL"] = "true"  # as slow as SMTP: see bench/slow_mail.py
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="microconf-crash-") as tmp:
        data_dir = Path(tmp)
        sp.setup_django(data_dir)
        from django.db import connection  # noqa: PLC0415

        from microconf.conference.models import Conference  # noqa: PLC0415
        from microconf.people.models import TeamMembership  # noqa: PLC0415

        emails = sp.create_conference(options.speakers + 1, dt.timedelta(days=1))
        from django.contrib.auth.models import User  # noqa: PLC0415

        TeamMembership.objects.create(
            conference=Conference.objects.get(slug=sp.CONFERENCE),
            user=User.objects.get(email=emails[-1]),
            role=TeamMembership.Role.ORGANISER,
        )
        connection.close()
        database = connection.vendor
        log = data_dir / "servers.log"
        port = sp._free_port()
        web = sp.start_gunicorn(data_dir, port, workers=2, threads=2, log=log)
        worker = _start_worker(data_dir, log)
        ledger, stop = Ledger(), threading.Event()
        clients = [
            threading.Thread(
                target=_speaker,
                args=(port, e, n, ledger, stop, random.Random(options.seed + n)),
            )
            for n, e in enumerate(emails[:-1])
        ] + [threading.Thread(target=_organiser, args=(port, emails[-1], ledger, stop))]
        for t in clients:
            t.start()
        kills = Counter()
        archive = data_dir / "mid-run.tar.gz"
        try:
            for n in range(options.rounds):
                if n == options.rounds // 2:
                    # A backup while speakers write and servers die around it.
                    _microconf(data_dir, log, "backup", str(archive))
                time.sleep(rng.uniform(0.5, options.max_round))
                victim = rng.choice(["web server", "web worker", "task worker"])
                kills[victim] += 1
                if victim == "task worker":
                    _wait_for_a_send(rng)
                    _kill_group(worker)
                    worker = _start_worker(data_dir, log)
                elif victim == "web worker" and _gunicorn_children(web):
                    # gunicorn's master notices and starts a new one.
                    os.kill(rng.choice(_gunicorn_children(web)), signal.SIGKILL)
                else:
                    _kill_group(web)
                    web = sp.start_gunicorn(
                        data_dir, port, workers=2, threads=2, log=log
                    )
            time.sleep(1.0)
        finally:
            stop.set()
            for t in clients:
                t.join(timeout=30)
            for process in (web, worker):
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=30)
        _drain(data_dir, log)
        problems = check(ledger, data_dir / "mail")
        problems += _restores(archive, data_dir, log)
        from microconf.notifications.models import OutboxMail  # noqa: PLC0415

        sent = OutboxMail.objects.filter(state="sent").count()
        recovered = sum(
            int(n)
            for n in re.findall(
                r"^(\d+) mail\(s\) left sending and", log.read_text(), re.M
            )
        )
        print(
            f"crash loop on {database}: {options.rounds} rounds, seed {options.seed}, "
            f"{time.monotonic() - began:.0f} s; kills: {dict(kills)}\n"
            f"  acknowledged: {len(ledger.proposals)} proposals, "
            f"{len(ledger.accepted)} acceptances, {len(ledger.sent_ids)} mails queued; "
            f"{sent} mails sent ({recovered} taken back from a killed worker and "
            f"sent again); client errors: {dict(ledger.errors) or 'none'}\n"
            f"  a backup taken mid-run restored into a fresh SQLite database: "
            f"{'no' if any(p.startswith('backup') for p in problems) else 'yes'}"
        )
        for problem in problems[:30]:
            print(f"  ! {problem}")
        print(f"  {len(problems)} problem(s): " + ("FAIL" if problems else "OK"))
        if problems:
            print("  server log tail:\n" + log.read_text()[-3000:])
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
