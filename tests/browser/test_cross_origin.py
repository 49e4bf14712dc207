"""A web page on another origin reads the public programme, as a conference app would.

The page is served by a tiny http.server on 127.0.0.1 while the live server
answers on localhost: two loopback origins, so Chromium applies its real CORS
checks to every fetch.
"""

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from microconf.cfp.lifecycle import State
from tests.factories import make_conference, make_contribution, make_room, make_track

pytestmark = pytest.mark.browser

APP_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another origin</title></head>
<body>
<h1>Read from another origin</h1>
<p>schedule.json: <output id="json">waiting</output></p>
<p>conference page: <output id="page">waiting</output></p>
<script>
const server = new URLSearchParams(location.search).get("server");
const conference = new URLSearchParams(location.search).get("conference");
async function read(path, into, describe) {
  const output = document.getElementById(into);
  try {
    const answer = await fetch(server + path);
    output.textContent = describe(await answer.text());
  } catch (error) {
    output.textContent = "refused: " + error.name;
  }
}
read("/" + conference + "/schedule.json", "json", text => {
  const days = JSON.parse(text).schedule.conference.days;
  const titles = days.flatMap(d => Object.values(d.rooms).flat()).map(e => e.title);
  return "read " + titles.join(", ");
});
read("/" + conference + "/", "page", text => "read " + text.length + " characters");
</script>
</body></html>
"""


class _AppPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = APP_PAGE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def other_origin():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AppPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def conference(transactional_db):
    conference = make_conference(slug="plumbers")
    room = make_room(conference, name="Ballroom")
    make_contribution(
        make_track(conference), title="Ring buffers", state=State.CONFIRMED,
        room=room, start=dt.datetime(2023, 11, 13, 15, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    return conference


def test_a_page_on_another_origin_reads_schedule_json_but_not_a_page(
    page: Page, live_server, other_origin, conference, screenshot_dir
):
    assert live_server.url.startswith("http://localhost:")

    page.goto(f"{other_origin}/?server={live_server.url}&conference=plumbers")

    expect(page.locator("#json")).to_have_text("read Ring buffers")
    # The site's pages send no CORS header: Chromium keeps them from the script.
    expect(page.locator("#page")).to_have_text("refused: TypeError")
    page.screenshot(path=screenshot_dir / "cross-origin-schedule-json.png")
