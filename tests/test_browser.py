"""A real browser on a real server: Debian's chromium, driven by Playwright, opens the
pages of a `datasette serve` started with the README's command for the installed
Datasette, over a database loaded from seeds/ with the CLI.

Screenshots go to $CLAIMS_SCREENSHOTS, or to a temporary folder (printed). Playwright's
own browser downloads are never used: `executable_path` is the system chromium, which
CI installs with apt-get. Without it the tests are skipped.
"""
import os
import re
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import datasette
import pytest

from .conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SEED_FILE = "000_1499b85d5e9ca7ec.txt"
HOSTILE_ARTICLE = """\
url: https://hostile.example/story
outlet: Hostile <script>window.__pwned = 1</script> Times
published: 2021-11-20
title: Fence "><img src=x onerror="window.__pwned = 1"> breached

On Friday about 50 migrants broke through the fence near Kuznica <script>window.__pwned = 1</script>, police said.
"""

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")


def readme_serve_command() -> list[str]:
    """The README's `datasette serve` command for the installed Datasette version."""
    version = "0.65" if datasette.__version__.startswith("0.") else "1.0"
    readme = (ROOT / "README.md").read_text()
    block = re.search(rf"<!-- serve-command {re.escape(version)} -->\s*```bash\n(.+?)\n```", readme, re.S)
    assert block, f"README.md has no serve command for Datasette {version}"
    return shlex.split(block.group(1))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"datasette exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"datasette did not answer {url} within {seconds} s")


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("CLAIMS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, database path) of `datasette serve` on the seeds and a hostile article."""
    work = tmp_path_factory.mktemp("served")
    hostile = work / "hostile"
    hostile.mkdir()
    (hostile / "hostile.txt").write_text(HOSTILE_ARTICLE)
    db_path = work / "claims.db"
    datasette_bin = str(Path(sys.executable).parent / "datasette")
    subprocess.run([datasette_bin, "claims", "load", str(db_path), str(ROOT / "seeds"), str(hostile)],
                   check=True, capture_output=True, timeout=300)
    command = readme_serve_command()
    assert command[:3] == ["datasette", "serve", "claims.db"], command
    port = free_port()
    log = (work / "datasette.log").open("w")
    # Run from the project's folder, so metadata.yml and datasette.yml resolve as in the README.
    process = subprocess.Popen(
        [datasette_bin, "serve", str(db_path), *command[3:], "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/-/versions.json", process)
        yield base, db_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside = []
    # Nothing may be fetched from outside the site.
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "about:")) else None)
    yield page
    context.close()
    assert outside == []


def article_id(db_path, origin_ending: str) -> str:
    rows = sqlite3.connect(db_path).execute("select id, origin from articles").fetchall()
    return next(id for id, origin in rows if origin.endswith(origin_ending))


def test_overview_shows_its_sections_and_timeline(server, page, screenshots):
    base, _ = server
    page.goto(base + "/-/claims")
    overview = page.locator(".claims-overview")
    assert overview.locator("h1").inner_text() == "Claims overview"
    assert overview.locator("svg.claims-timeline rect.bar").first.is_visible()
    assert overview.locator(".claims-sources tbody tr").count() >= 6
    assert overview.locator(".claims-kinds tbody tr").count() == 4
    assert overview.locator(".claims-latest-incidents tbody tr").count() == 10
    page.screenshot(path=str(screenshots / "overview.png"), full_page=True)


def test_search_from_the_overview(server, page, screenshots):
    base, _ = server
    page.goto(base + "/-/claims")
    page.fill(".claims-search input[name=q]", "Lukashenko")
    page.click(".claims-search button")
    page.wait_for_url(re.compile(r".*q=Lukashenko.*"))
    results = page.locator(".claims-search-results tbody tr")
    assert results.count() >= 1
    assert "Lukashenko" in results.first.inner_text()
    page.screenshot(path=str(screenshots / "search.png"), full_page=True)


def test_seed_article_shows_its_claims_highlighted(server, page, screenshots):
    base, db_path = server
    page.goto(f"{base}/-/claims/article/{article_id(db_path, SEED_FILE)}")
    marks = page.locator(".claims-article-body mark.claim")
    assert marks.count() >= 10
    for kind, colour in (("date", "rgb(219, 234, 254)"), ("count", "rgb(220, 252, 231)"),
                         ("incident", "rgb(254, 243, 199)"), ("statement", "rgb(243, 232, 255)")):
        mark = page.locator(f".claims-article-body mark.claim-{kind}").first
        assert mark.is_visible(), kind
        # the stylesheet is served and applied: each kind has its colour
        assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == colour
    several = page.locator(".claims-article-body mark.claim-count", has_text="Several thousand people").first
    assert several.is_visible()
    assert "count: 3000–9999 people" in several.inner_text()
    page.screenshot(path=str(screenshots / "article.png"), full_page=True)


def test_claim_page_from_the_article(server, page, screenshots):
    base, db_path = server
    page.goto(f"{base}/-/claims/article/{article_id(db_path, SEED_FILE)}")
    row = page.locator(".claims-list tr.claim-count", has_text="Several thousand people")
    row.locator(".claim-page a").click()
    page.wait_for_url(re.compile(r".*/-/claims/claim/[0-9a-f]{16}.*"))
    sentence = page.locator(".claims-excerpt .claim-sentence")
    assert sentence.is_visible()
    assert sentence.inner_text() == (
        "Several thousand peoplecount: 3000–9999 people approached the Polish border on the "
        "Belarusian side and tried to cross into Poland."
    )
    assert page.locator(".claims-excerpt mark.claim-count .claim-label").is_visible()
    page.screenshot(path=str(screenshots / "claim.png"), full_page=True)


def test_source_page(server, page, screenshots):
    base, _ = server
    page.goto(base + "/-/claims/source/tass")
    source = page.locator(".claims-source-page")
    assert source.locator("h1").inner_text() == "TASS"
    assert source.locator("svg.claims-timeline rect.bar").first.is_visible()
    assert source.locator(".claims-source-articles tbody tr").count() >= 1
    page.screenshot(path=str(screenshots / "source.png"), full_page=True)


def test_hostile_article_text_stays_text(server, page, screenshots):
    base, db_path = server
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/-/claims/article/{article_id(db_path, 'hostile.txt')}")
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    article = page.locator(".claims-article")
    assert article.locator("img").count() == 0
    assert 'Fence "><img src=x onerror="window.__pwned = 1"> breached' in article.locator("h1").inner_text()
    assert "<script>window.__pwned = 1</script>" in article.locator(".claims-article-body").inner_text()
    page.screenshot(path=str(screenshots / "hostile.png"), full_page=True)


def clash_incident_id(db_path) -> str:
    """The clash at Kuźnica on 2021-11-16: the incident most sources report."""
    return sqlite3.connect(db_path).execute(
        "select id from incidents where date_value = '2021-11-16' order by source_count desc limit 1").fetchone()[0]


def test_incident_page_from_the_overview(server, page, screenshots):
    base, db_path = server
    page.goto(base + "/-/claims")
    page.locator(".claims-multi-source tbody tr").first.locator("a.claims-incident-link").click()
    page.wait_for_url(re.compile(rf".*/-/claims/incident/{clash_incident_id(db_path)}.*"))
    incident = page.locator(".claims-incident-page")
    headers = incident.locator("thead th.claims-source-column .claims-source-name")
    assert headers.all_inner_texts() == [
        "BelNews", "Northwire", "Ministry of the Interior and Administration (Poland)", "Open Forest Medics",
        "The Meridian", "TASS",
    ]
    officers = incident.locator('tr[data-quantity="officer injured"]')
    conflicts = officers.locator("td.claims-cell-conflict")
    assert conflicts.count() == 3
    assert [c.locator(".claims-cell-value").inner_text() for c in conflicts.all()] == [
        "7 officer", "9 officer", "12 officer"]
    # the marker is drawn, and the cell stands out
    marker = conflicts.first.locator(".claims-conflict-marker")
    assert marker.is_visible()
    assert conflicts.first.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(255, 245, 245)"
    assert "cannot both be true" in conflicts.first.locator(".claims-conflict-note").get_attribute("title")
    # the whole table fits the window: every source's column is on screen
    assert incident.locator("thead th.claims-source-column").last.bounding_box()["x"] < 1280
    chart = incident.locator("svg.claims-figures")
    assert chart.is_visible()
    assert chart.locator('g.panel[data-quantity="officer injured"] .mark').count() == 4
    page.screenshot(path=str(screenshots / "incident.png"), full_page=True)


def test_conflicts_page_filtered_by_source(server, page, screenshots):
    base, _ = server
    page.goto(base + "/-/claims")
    page.locator(".claims-conflicts-summary a.claims-conflicts-link").click()
    page.wait_for_url(re.compile(r".*/-/claims/conflicts.*"))
    rows = page.locator(".claims-conflicts-page table.claims-conflicts tbody tr")
    assert rows.count() == 6
    page.screenshot(path=str(screenshots / "conflicts.png"), full_page=True)
    page.select_option(".claims-filter select[name=source]", "belnews")
    page.click(".claims-filter button")
    page.wait_for_url(re.compile(r".*source=belnews.*"))
    assert rows.count() == 3
    assert all("BelNews" in text for text in rows.all_inner_texts())
    page.locator("table.claims-conflicts a.claims-incident-link").first.click()
    page.wait_for_url(re.compile(r".*/-/claims/incident/[0-9a-f]{16}.*"))
    assert page.locator(".claims-incident-page td.claims-cell-conflict").count() == 4
