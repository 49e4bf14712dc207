import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

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
