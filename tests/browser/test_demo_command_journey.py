"""``microconf demo`` as a new organiser meets it: one command, then the browser.

The command runs as a subprocess with its own data folder and port, exactly as
typed; nothing here touches its database. It must run the worker itself, so a
solve pressed on the board finishes and a mail ticked in the outbox is sent.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Demo:
    """The running command, its output collected line by line as it comes."""

    def __init__(self, data_dir: Path, port: int) -> None:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env |= {
            "MICROCONF_DATA_DIR": str(data_dir),
            "MICROCONF_DEMO_SOLVE_SECONDS": "2",
        }
        self.url = f"http://127.0.0.1:{port}"
        self.data_dir = data_dir
        self.lines: list[str] = []
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "microconf", "demo", "--bind", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, pattern: str, timeout: float = 180) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if match := re.search(pattern, line):
                    return match
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        pytest.fail(f"microconf demo never printed {pattern!r}:\n{''.join(self.lines)}")

    def stop(self) -> int:
        os.killpg(self.process.pid, signal.SIGTERM)
        code = self.process.wait(timeout=60)
        self.reader.join(timeout=10)
        self.process.stdout.close()
        return code


@pytest.fixture
def running_demo(tmp_path):
    demo = _Demo(tmp_path, _free_port())
    yield demo
    assert demo.stop() == 0, "".join(demo.lines)


def test_the_demo_command_solves_on_the_board_and_sends_from_the_outbox(
    page: Page, running_demo: _Demo, screenshot_dir
):
    password = running_demo.wait_for(r"password (\S+) \(shown once")[1]
    running_demo.wait_for(r"Listening at")
    base = running_demo.url

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill("organiser@example.org")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Your page")).to_be_visible()

    page.goto(f"{base}/lpc2023/manage/schedule/")
    expect(page.locator("#worker-missing")).to_have_count(0)
    page.get_by_label("Time limit (seconds)").fill("5")
    page.get_by_role("button", name="Solve the draft").click()
    # The worker beside the server picks it up; the page reloads when it ends.
    expect(page.locator("#solve-state")).to_have_text("Finished", timeout=90_000)
    expect(page.locator("#solve-result")).to_contain_text("sessions solved in")
    page.screenshot(path=screenshot_dir / "demo-board-solved.png")

    page.goto(f"{base}/lpc2023/manage/outbox/")
    expect(page.locator("#worker-missing")).to_have_count(0)
    page.get_by_role("button", name="Write reminders to confirm").click()
    first = page.locator("input[name=mail]").first
    mail_id = first.get_attribute("value")
    first.check()
    page.get_by_role("button", name="Send the ticked mails").click()
    expect(page.get_by_text("1 mail queued")).to_be_visible()
    state = page.locator(f"#mail-row-{mail_id} .mail-state")
    for _ in range(60):
        if state.inner_text() == "Sent":
            break
        time.sleep(1)
        page.reload()
    expect(state).to_have_text("Sent")
    # Without EMAIL_HOST the demo writes each sent mail as a file.
    [sent] = list((running_demo.data_dir / "mail").iterdir())
    # Its link names the port the demo serves on (issue 20), not the default's.
    body = message_from_bytes(sent.read_bytes()).get_payload(decode=True).decode()
    assert f"{base}/lpc2023/submissions/" in body
