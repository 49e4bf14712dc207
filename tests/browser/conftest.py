import os
import threading
import time
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from playwright.sync_api import Browser, expect

# Playwright's sync API keeps an event loop running in the test thread; Django would
# then refuse ORM calls from the test body. Tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The machines are shared and slow at times: wait longer than Playwright's 5 s.
expect.set_options(timeout=20_000)

CHROMIUM = os.environ.get("MICROCONF_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install Debian's package (apt-get install "
            "chromium) or set MICROCONF_CHROMIUM to a Chromium binary."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-quic", "--no-first-run",
            "--disable-default-apps",
        ],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """Block the programme's service worker unless a test asks for it.

    Left on, it keeps fetching pages to keep offline after a test has ended, while the
    live server's database is being flushed for the next one.
    """
    return {**browser_context_args, "service_workers": "block"}


@pytest.fixture(scope="session", autouse=True)
def _live_server_outlives_the_browser(live_server) -> None:
    """Start the live server before Chromium, so Chromium closes first at the end.

    Otherwise the server stops while Chromium still holds kept-alive connections,
    and their threads fail to close the test database's shared connection.
    """


class _RequestsInFlight:
    """Counts the live server's requests, so a test ends once they have finished."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()
        request_started.connect(self.started, weak=False)
        request_finished.connect(self.finished, weak=False)

    # The live server answers in its own threads; the test client in the test's.
    def started(self, **_: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.count += 1

    def finished(self, **_: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.count -= 1

    def wait_until_idle(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while self.count > 0 and time.monotonic() < deadline:
            time.sleep(0.05)


_IN_FLIGHT = _RequestsInFlight()


@pytest.fixture(autouse=True)
def _browser_quiet_before_the_flush(transactional_db: None, browser: Browser):
    """Close the pages a test opened itself and let their requests finish.

    Set up after the test database, so torn down before its flush: a page left open
    (or a request still being served) would hold the SQLite table lock the flush needs.
    """
    yield
    for context in list(browser.contexts):
        context.close()
    _IN_FLIGHT.wait_until_idle()
    _IN_FLIGHT.count = 0


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo(transactional_db: None, live_server) -> str:
    """The demo conference served by a live server; returns the server's base URL."""
    from microconf.demo.builder import build_demo  # noqa: PLC0415 - needs the test DB

    build_demo()
    return live_server.url
