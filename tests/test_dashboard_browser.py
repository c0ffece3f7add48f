"""The dashboard in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Skips with a reason when chromium or the playwright package is missing. Screenshots go to
``artifacts/dashboard/`` (git-ignored)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from web_fixtures import build_store

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "dashboard"
CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()),
                shutil.which("chromium"))
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-default-apps",
        "--disable-features=Translate,OptimizationHints,MediaRouter"]

playwright_sync = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from marsad.api import create_app

    db = build_store(tmp_path_factory.mktemp("dash") / "dash.db")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="error"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    th.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        except Exception as exc:  # noqa: BLE001 - e.g. a chromium that cannot start here
            pytest.skip(f"chromium does not start: {exc}")
        yield b
        b.close()


class Watched:
    """A page that records console errors, page errors and every request's host."""

    def __init__(self, browser: object, base: str):
        self.ctx = browser.new_context(viewport={"width": 1360, "height": 900})
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

        def on_request(req: object) -> None:
            u = urlparse(req.url)
            if u.scheme in ("data", "blob", "about"):
                return
            if u.hostname not in ("127.0.0.1",):
                self.outside.append(req.url)

        self.page.on("request", on_request)

    def open(self, url: str, ready: str | None = None) -> object:
        self.page.goto(url)
        if ready:
            self.page.wait_for_selector(f"body[data-ready='{ready}']", timeout=15000)
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def check_clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.outside, f"requests leaving 127.0.0.1: {self.outside}"
        assert self.page.evaluate("() => window.__xss === undefined"), "injected script ran"

    def close(self) -> None:
        self.ctx.close()


@pytest.fixture()
def watched(browser: object, server: str) -> Iterator[Watched]:
    w = Watched(browser, server)
    yield w
    w.close()


@pytest.mark.parametrize("view", ["overview", "events", "map", "network", "articles"])
def test_each_page_loads_clean(watched: Watched, server: str, view: str) -> None:
    page = watched.open(f"{server}/#/{view}", ready=view)
    assert page.locator("main .error").count() == 0, page.locator("main .error").all_inner_texts()
    assert page.locator("main h2").count() >= 1
    watched.shot(view)
    watched.check_clean()


def test_api_docs_page_offline(watched: Watched, server: str) -> None:
    page = watched.open(f"{server}/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() >= 6
    assert "/api/events" in page.content()
    watched.shot("docs")
    watched.check_clean()


def test_filter_narrows_events_table(watched: Watched, server: str) -> None:
    page = watched.open(f"{server}/#/events", ready="events")
    rows_all = page.locator("#events-table tbody tr").count()
    assert rows_all == 7
    page.select_option("#filters select[name=type]", "ASSAULT")
    with page.expect_response(lambda r: "/api/events" in r.url and "type=ASSAULT" in r.url):
        page.click("#filters button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('#events-table tbody tr').length === 3")
    types = page.locator("#events-table tbody tr td:nth-child(2)").all_inner_texts()
    assert types == ["ASSAULT"] * 3
    page.fill("#filters input[name=place]", "Damascus")
    with page.expect_response(lambda r: "/api/events" in r.url and "place=Damascus" in r.url):
        page.click("#filters button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('#events-table tbody tr').length === 2")
    watched.shot("events-filtered")
    watched.check_clean()


def test_sorting_events_table(watched: Watched, server: str) -> None:
    page = watched.open(f"{server}/#/events?sort=type&order=asc", ready="events")
    types = page.locator("#events-table tbody tr td:nth-child(2)").all_inner_texts()
    assert types == sorted(types)
    with page.expect_response(lambda r: "/api/events" in r.url and "order=desc" in r.url):
        page.click("#events-table th[data-sort=type]")
    page.wait_for_selector("#events-table th.sorted-desc")
    types = page.locator("#events-table tbody tr td:nth-child(2)").all_inner_texts()
    assert types == sorted(types, reverse=True)
    watched.check_clean()


def test_clicking_event_opens_article_with_evidence(watched: Watched, server: str) -> None:
    page = watched.open(f"{server}/#/events?type=REQUEST", ready="events")
    link = page.locator("#events-table a.evidence").first
    assert link.inner_text() == "وطالب"
    link.click()
    page.wait_for_selector("body[data-ready='article']")
    focus = page.locator("#article-text .focus-trigger")
    assert focus.count() == 1 and focus.inner_text() == "وطالب"
    assert page.locator("#article-text .evtgt").first.inner_text() == "الحكومة العراقية"
    assert page.locator("#article-text .focus-sent").count() >= 1
    assert page.locator("#article-text .ent-LOC").first.inner_text() == "بغداد"
    assert page.locator("#article-text .date").count() == 2
    assert page.locator("#article-text").get_attribute("dir") == "rtl"
    assert page.locator("#article-events tr.selected").count() == 1
    assert "IRQGOV" in page.locator("#article-events tr.selected").inner_text()
    watched.shot("article")
    watched.check_clean()


def test_hostile_article_is_shown_as_text(watched: Watched, server: str) -> None:
    page = watched.open(f"{server}/#/article/syn-xss-3", ready="article")
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__xss=1</script>" in text
    assert 'onerror="window.__xss=2"' in text
    assert page.locator("#article-text script, #article-text img, main script, main img, main svg svg").count() == 0
    assert "<b onmouseover" in page.locator("main h2").inner_text()
    # a javascript: URL is never a link target
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    watched.shot("hostile-article")
    page.goto(f"{server}/#/events")
    page.wait_for_selector("body[data-ready='events']")
    assert "<IMG>" in page.locator("#events-table").inner_text()
    page.goto(f"{server}/#/map")
    page.wait_for_selector("body[data-ready='map']")
    page.hover("circle.pt >> nth=0")
    watched.shot("hostile-map")
    watched.check_clean()


def test_map_shows_points(watched: Watched, server: str) -> None:
    page = watched.open(f"{server}/#/map", ready="map")
    assert page.locator("path.land").count() > 150  # the Natural Earth countries
    assert page.locator("circle.pt").count() == 3  # Baghdad, Damascus, Mosul
    page.select_option("#filters select[name=type]", "ASSAULT")
    page.click("#filters button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('circle.pt').length === 2")
    watched.shot("map-filtered")
    watched.check_clean()


def test_network_draws_edges(watched: Watched, server: str) -> None:
    page = watched.open(f"{server}/#/network", ready="network")
    assert page.locator("svg .node").count() == 3  # IRQCVL → IRQGOV → IRN
    assert page.locator("svg .edge").count() == 2
    watched.check_clean()
