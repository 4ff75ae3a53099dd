"""The incident page /-/claims/incident/<id>: every source's claims about one incident
side by side, conflicts marked, the range per quantity, and a chart of the figures by
publication date. Tested on the bundled seeds, loaded with the CLI: on 2021-11-16 six
independent sources report the clash at Kuźnica, The Vilnius Ledger republishes
Northwire's story, and the injured officers are 7, 9 or 12 depending on who tells it.

The fixtures here are shared with test_pages_conflicts and test_pages_queries."""
import sqlite3
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from datasette.cli import cli

from .conftest import ROOT
from .test_pages_common import IMG, SCRIPT, editor_cookies, get_soup, make_datasette

CLASH_LABEL = ("used water cannon and tear gas on Tuesday against migrants who threw stones at them "
               "at the Kuznica border crossing")
MSWIA = "Ministry of the Interior and Administration (Poland)"
CLASH_SOURCES = ["BelNews", "Northwire", MSWIA, "Open Forest Medics", "The Meridian", "TASS"]
HOSTILE_OUTLET = f"Evening {SCRIPT} Wire {IMG}"
# Joins the clash with a fourth figure for the injured officers, under a hostile name.
HOSTILE_ARTICLE = f"""\
url: https://hostile.example/clash
outlet: {HOSTILE_OUTLET}
published: 2021-11-18
title: Clash {SCRIPT} at Kuznica

WARSAW, Nov 18 - On Tuesday, twenty police officers were injured near Kuznica when migrants threw stones {SCRIPT} at them, police said.
"""


def load(path, *inputs):
    result = CliRunner().invoke(cli, ["claims", "load", str(path), *map(str, inputs)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="session")
def seeds_news_db(tmp_path_factory):
    """news.db: the bundled seeds, loaded (and compared) by `datasette claims load`."""
    return load(tmp_path_factory.mktemp("seeds") / "news.db", ROOT / "seeds")


@pytest.fixture(scope="session")
def hostile_news_db(tmp_path_factory):
    """news.db: the seeds and an article from an outlet with a hostile name."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "in").mkdir()
    (folder / "in" / "hostile.txt").write_text(HOSTILE_ARTICLE)
    return load(folder / "news.db", ROOT / "seeds", folder / "in")


def copy_db(source, target):
    """Copy a database with SQLite's backup API: a WAL database's last writes may still be
    in its -wal file, which a file copy would miss."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


@pytest.fixture
def seeds_copy(seeds_news_db, tmp_path):
    """A copy of the seeds database that a test may change."""
    return copy_db(seeds_news_db, tmp_path / "news.db")


def sql(db_path, query, *params):
    return sqlite3.connect(db_path).execute(query, params).fetchall()


def clash_id(db_path) -> str:
    [(incident,)] = sql(db_path, "select id from incidents where date_value = '2021-11-16' and label = ?", CLASH_LABEL)
    return incident


def claim_with_text(db_path, source_id, text) -> tuple[str, str]:
    """(claim id, article id) of a source's claim with these words."""
    [row] = sql(db_path, "select claims.id, claims.article_id from claims join articles on articles.id = "
                         "claims.article_id where articles.source_id = ? and claims.text = ?", source_id, text)
    return row


async def clash_page(db_path, **kwargs):
    ds = make_datasette(db_path, **kwargs)
    return await get_soup(ds, f"/-/claims/incident/{clash_id(db_path)}")


def cell(page, quantity, source_id):
    return page.select_one(f'.claims-compare-table tr[data-quantity="{quantity}"] td[data-source="{source_id}"]')


# --- the incident -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_incident_its_sources_articles_and_dates(seeds_news_db):
    page = (await clash_page(seeds_news_db)).select_one(".claims-incident-page")
    assert page.select_one("h1").get_text() == CLASH_LABEL
    assert [dd.get_text(" ", strip=True) for dd in page.select(".claims-incident-meta dd")] == [
        "2021-11-16", "Kuznica", "6 independent sources, in 7 articles", "2021-11-16 – 2021-11-23",
    ]
    assert page.select_one(".claims-incident-verdict").get_text(" ", strip=True) == (
        "⚠ conflict The sources disagree 3 times: see why ."
    )


@pytest.mark.asyncio
async def test_a_column_per_independent_source_in_the_order_they_first_reported(seeds_news_db):
    page = await clash_page(seeds_news_db)
    headers = page.select(".claims-compare-table thead th.claims-source-column")
    assert [th.select_one(".claims-source-name").get_text(strip=True) for th in headers] == CLASH_SOURCES
    # BelNews and Northwire both reported it on the 16th; TASS came last, on the 23rd
    assert [th.select_one(".claims-column-articles li").get_text(" ", strip=True) for th in headers] == [
        "2021-11-16", "2021-11-16", "2021-11-17", "2021-11-19", "2021-11-20", "2021-11-23",
    ]
    assert headers[0].select_one(".claims-source-name a")["href"] == "/-/claims/source/belnews?database=news"


@pytest.mark.asyncio
async def test_the_republished_copy_stands_under_its_original(seeds_news_db):
    page = await clash_page(seeds_news_db)
    assert page.select('th[data-source="the-vilnius-ledger"]') == []
    articles = page.select('th[data-source="northwire"] .claims-column-articles li')
    assert [li.get_text(" ", strip=True) for li in articles] == [
        "2021-11-16", "2021-11-17 republished by The Vilnius Ledger",
    ]
    copy_claim, copy_article = claim_with_text(seeds_news_db, "the-vilnius-ledger", "Seven police officers")
    northwire = cell(page, "officer injured", "northwire")
    [copy] = northwire.select(".claims-republished a")
    assert (copy.get_text(), copy["href"]) == (
        "The Vilnius Ledger", f"/-/claims/article/{copy_article}?database=news#claim-{copy_claim}")
    assert "also republished by The Vilnius Ledger" in northwire.get_text(" ", strip=True)


@pytest.mark.asyncio
async def test_a_row_per_compared_quantity_then_the_statements(seeds_news_db):
    page = await clash_page(seeds_news_db)
    rows = page.select(".claims-compare-table tbody tr")
    assert [row["data-quantity"] for row in rows] == [
        "date", "officer injured", "group crossed at border", "people present", "statements",
    ]
    assert [row.select_one(".claims-summary").get_text(" | ", strip=True) for row in rows] == [
        "2021-11-16 | 23 claims, 6 sources",
        "7–12, best 8 | 4 claims, 3 sources",
        "3–9, best 6 | 1 claim, 1 source",
        "3–9, best 6 | 1 claim, 1 source",
        "",
    ]


@pytest.mark.asyncio
async def test_the_injured_officer_figures_7_9_and_12_are_marked_as_conflicts(seeds_news_db):
    page = await clash_page(seeds_news_db)
    row = page.select_one('.claims-compare-table tr[data-quantity="officer injured"]')
    figures = {td["data-source"]: [v.get_text() for v in td.select(".claims-cell-value")]
               for td in row.select("td.claims-cell")}
    assert figures == {
        "belnews": [], "northwire": ["7 officer"], "ministry-of-the-interior-and-administration-poland": ["9 officer"],
        "open-forest-medics": [], "the-meridian": ["12 officer"], "tass": [],
    }
    conflicting = [td["data-source"] for td in row.select("td.claims-cell-conflict")]
    assert conflicting == ["northwire", "ministry-of-the-interior-and-administration-poland", "the-meridian"]
    notes = {td["data-source"]: td.select_one(".claims-in-conflict .claims-conflict-note")
             for td in row.select("td.claims-cell-conflict")}
    assert {source: note.get_text(" ", strip=True) for source, note in notes.items()} == {
        "northwire": f"⚠ conflict with {MSWIA} (9), The Meridian (12)",
        "ministry-of-the-interior-and-administration-poland": "⚠ conflict with Northwire (7), The Meridian (12)",
        "the-meridian": f"⚠ conflict with Northwire (7), {MSWIA} (9)",
    }
    # the verdicts' explanations, on hover
    assert notes["the-meridian"]["title"] == (
        "Northwire: 7; The Meridian: 12 (officer injured): cannot both be true; "
        f"{MSWIA}: 9; The Meridian: 12 (officer injured): cannot both be true"
    )


@pytest.mark.asyncio
async def test_the_conflicts_are_explained_in_words_below(seeds_news_db):
    page = await clash_page(seeds_news_db)
    items = page.select(".claims-incident-conflicts li")
    explanations = {row[0] for row in sql(
        seeds_news_db, "select explanation from comparisons where incident_id = ? and verdict = 'conflict'",
        clash_id(seeds_news_db))}
    assert len(items) == 3
    assert {next(t for t in explanations if t in li.get_text()) for li in items} == explanations


@pytest.mark.asyncio
async def test_each_claim_links_to_its_sentence_and_its_page(seeds_news_db):
    page = await clash_page(seeds_news_db)
    claim, article = claim_with_text(seeds_news_db, "the-meridian", "Twelve police officers")
    item = cell(page, "officer injured", "the-meridian").select_one(f'.claims-cell-claim[data-claim="{claim}"]')
    assert item.select_one("a.claims-cell-text")["href"] == f"/-/claims/article/{article}?database=news#claim-{claim}"
    assert item.select_one(".claims-cell-meta a")["href"] == f"/-/claims/claim/{claim}?database=news"


@pytest.mark.asyncio
async def test_every_claim_about_the_incident_is_in_a_cell(seeds_news_db):
    page = await clash_page(seeds_news_db)
    table = page.select_one(".claims-compare-table tbody")
    shown = {item["data-claim"] for item in table.select(".claims-cell-claim")}
    shown |= {a["href"].split("#claim-")[1] for a in table.select(".claims-republished a")}
    about = {row[0] for row in sql(seeds_news_db, "select id from claims where incident_id = ?", clash_id(seeds_news_db))}
    assert shown == about
    assert len(about) == 51


@pytest.mark.asyncio
async def test_statements_sit_in_their_own_row_under_their_speaker(seeds_news_db):
    page = await clash_page(seeds_news_db)
    meridian = cell(page, "statements", "the-meridian")
    assert [v.get_text() for v in meridian.select(".claims-cell-value")] == ["Polish police", "Minsk"]


# --- the chart ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_the_chart_draws_each_count_quantity_by_publication_date(seeds_news_db):
    page = await clash_page(seeds_news_db)
    svg = page.select_one(".claims-figures-section svg.claims-figures")
    panels = svg.select("g.panel")
    assert [panel["data-quantity"] for panel in panels] == ["officer injured", "group crossed at border", "people present"]
    marks = panels[0].select(".mark")
    # Northwire 7 (16th), the Ministry 9 and the Ledger's copy of 7 (17th), The Meridian 12 (20th)
    assert [(m["data-low"], m["data-high"], m.name) for m in marks] == [
        ("7", "7", "circle"), ("9", "9", "circle"), ("7", "7", "circle"), ("12", "12", "circle"),
    ]
    assert ["conflict" in m["class"] for m in marks] == [True, True, False, True]
    assert ["republished" in m["class"] for m in marks] == [False, False, True, False]
    assert marks[3].find_parent("a").select_one("title").get_text() == (
        "The Meridian, published 2021-11-20: 12 (officer injured) — in conflict with another source")
    claim, article = claim_with_text(seeds_news_db, "the-meridian", "Twelve police officers")
    assert marks[3].find_parent("a")["href"] == f"/-/claims/article/{article}?database=news#claim-{claim}"
    # a range is a bar from its low to its high
    [bar] = panels[1].select("rect.mark")
    assert (bar["data-low"], bar["data-high"]) == ("3", "9")
    # the x axis: the days the articles came out
    assert [t.get_text() for t in svg.find_all("text", class_="tick", recursive=False)] == [
        "16 Nov", "17 Nov", "20 Nov", "23 Nov"]


@pytest.mark.asyncio
async def test_the_chart_is_well_formed_svg_with_nothing_from_outside(seeds_news_db):
    page = await clash_page(seeds_news_db)
    svg = page.select_one("svg.claims-figures")
    ET.fromstring(str(svg))
    assert svg.select("script, image, foreignObject") == []
    legend = page.select(".claims-figures-section .claims-chart-source")
    # every source the chart draws, in the columns' order (Open Forest Medics gave no figure)
    assert [item.get_text(strip=True) for item in legend] == ["BelNews", "Northwire", MSWIA, "The Meridian", "TASS"]


@pytest.mark.asyncio
async def test_a_story_only_republished_is_one_source_with_no_chart(seeds_news_db):
    [(incident,)] = sql(seeds_news_db, "select id from incidents where label like 'spoke by phone%'")
    page = await get_soup(make_datasette(seeds_news_db), f"/-/claims/incident/{incident}")
    assert [th.get_text(" ", strip=True) for th in page.select(".claims-source-column")] == [
        "Northwire 2021-11-16 2021-11-17 republished by The Vilnius Ledger"]
    assert page.select_one(".claims-incident-counts").get_text(strip=True) == "1 independent source, in 2 articles"
    # the copy's claims join the original's: each is shown once, with the copy linked
    items = page.select('tr[data-quantity="date"] .claims-cell-claim')
    assert [(i.select_one(".claims-cell-text").get_text(), len(i.select(".claims-republished a"))) for i in items] == [
        ("Belarusian leader Alexander Lukashenko spoke by phone with acting German Chancellor Angela Merkel on "
         "Monday", 1),
        ("on Monday", 1), ("last year", 1),
    ]
    assert page.select(".claims-figures-section") == []
    assert page.select_one(".claims-incident-verdict").get_text(strip=True) == "Nothing here was compared between sources."


# --- JSON ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_json_twin(seeds_news_db):
    ds = make_datasette(seeds_news_db)
    data = (await ds.client.get(f"/-/claims/incident/{clash_id(seeds_news_db)}.json")).json()
    assert set(data) == {"database", "incident", "reporting_articles", "shown_articles", "sources", "rows", "chart",
                         "comparisons"}
    assert (data["reporting_articles"], data["shown_articles"]) == (7, 7)
    assert {k: data["incident"][k] for k in ("date_value", "place", "source_count", "article_count",
                                             "first_reported", "last_reported")} == {
        "date_value": "2021-11-16", "place": "Kuznica", "source_count": 6, "article_count": 7,
        "first_reported": "2021-11-16", "last_reported": "2021-11-23",
    }
    assert [s["source_name"] for s in data["sources"]] == CLASH_SOURCES
    northwire = data["sources"][1]
    assert northwire["republished_by"] == [{"source_id": "the-vilnius-ledger", "source_name": "The Vilnius Ledger"}]
    officers = next(row for row in data["rows"] if row["key"] == "officer injured")
    assert {k: officers["summary"][k] for k in ("low", "best", "high", "claims", "sources")} == {
        "low": 7, "best": 8, "high": 12, "claims": 4, "sources": 3}
    figures = {cell["source_id"]: [(c["count_low"], c["republished_from"] is not None, len(c["conflicts"]))
                                   for c in cell["claims"]] for cell in officers["cells"] if cell["claims"]}
    assert figures == {
        "northwire": [(7, False, 2), (7, True, 0)],
        "ministry-of-the-interior-and-administration-poland": [(9, False, 2)],
        "the-meridian": [(12, False, 2)],
    }
    assert sum(c["verdict"] == "conflict" for c in data["comparisons"]) == 3
    assert [s["quantity"] for s in data["chart"]] == ["officer injured", "group crossed at border", "people present"]


@pytest.mark.asyncio
async def test_an_incident_of_many_articles_shows_the_newest_and_the_compared(seeds_news_db, monkeypatch):
    from datasette_claims.web import comparison_queries

    monkeypatch.setattr(comparison_queries, "INCIDENT_ARTICLES_LIMIT", 1)
    incident = clash_id(seeds_news_db)
    [(newest,)] = sql(seeds_news_db, "select articles.id from articles join claims on claims.article_id = articles.id "
                                     "where claims.incident_id = ? order by articles.published desc, articles.id desc "
                                     "limit 1", incident)
    compared = {row[0] for row in sql(seeds_news_db, "select distinct claims.article_id from comparisons join claims "
                                                     "on claims.id in (comparisons.claim_a, comparisons.claim_b) "
                                                     "where comparisons.incident_id = ?", incident)}
    assert len(compared | {newest}) == 6  # all but the republished copy
    ds = make_datasette(seeds_news_db)
    data = (await ds.client.get(f"/-/claims/incident/{incident}.json")).json()
    assert (data["reporting_articles"], data["shown_articles"]) == (7, 6)
    shown = {article["id"] for source in data["sources"] for article in source["articles"]}
    assert shown == compared | {newest}
    assert "the-vilnius-ledger" not in {s["source_id"] for s in data["sources"]}
    # the conflicts keep both their sides
    assert sum(c["verdict"] == "conflict" for c in data["comparisons"]) == 3
    page = await get_soup(ds, f"/-/claims/incident/{incident}")
    more = page.select_one(".claims-side-by-side p.claims-more")
    assert more.get_text(" ", strip=True) == (
        "Side by side: 6 of the 7 articles that report it, the newest and those whose claims were compared; "
        "every report is in the incident_claims view.")
    assert more.select_one("a")["href"] == f"/news/incident_claims?incident_id={incident}"
    assert (await ds.client.get(f"/news/incident_claims.json?incident_id={incident}&_shape=array")).json()


# --- permissions --------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_private_comparisons_take_the_conflict_marks_away(seeds_news_db):
    ds = make_datasette(seeds_news_db, private_tables=["comparisons"])
    path = f"/-/claims/incident/{clash_id(seeds_news_db)}"
    page = await get_soup(ds, path)
    assert page.select(".claims-conflict-marker, .claims-cell-conflict, .claims-incident-conflicts") == []
    assert "cannot both be true" not in str(page)
    # the rows stay: a count's quantity is named the way compare/ names it
    assert [row["data-quantity"] for row in page.select(".claims-compare-table tbody tr")] == [
        "date", "officer injured", "group crossed at border", "people present", "statements"]
    data = (await ds.client.get(path + ".json")).json()
    assert "comparisons" not in data
    assert "cannot both be true" not in str(data)
    page = await get_soup(ds, path, cookies=editor_cookies(ds))
    assert len(page.select(".claims-cell-conflict")) == 3


@pytest.mark.asyncio
async def test_private_summaries_take_the_summary_column_away(seeds_news_db):
    page = await clash_page(seeds_news_db, private_tables=["incident_summaries"])
    assert page.select(".claims-summary, .claims-summary-head") == []
    assert "best 8" not in page.get_text()


@pytest.mark.asyncio
async def test_private_sources_leave_columns_named_by_id(seeds_news_db):
    page = await clash_page(seeds_news_db, private_tables=["sources"])
    headers = page.select(".claims-source-column .claims-source-name")
    assert [th.get_text(strip=True) for th in headers][:2] == ["belnews", "northwire"]
    assert page.select(".claims-source-column .claims-source-name a") == []
    assert "BelNews" not in page.get_text()


# --- escaping, base_url -------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_hostile_source_name_and_claim_stay_text(hostile_news_db):
    ds = make_datasette(hostile_news_db)
    response = await ds.client.get(f"/-/claims/incident/{clash_id(hostile_news_db)}")
    assert response.status_code == 200
    assert SCRIPT not in response.text
    assert "<img src=x" not in response.text
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select(".claims-page script, .claims-page img, [onerror]") == []
    names = [th.get_text(strip=True) for th in page.select(".claims-source-column .claims-source-name")]
    assert HOSTILE_OUTLET in names
    hostile = page.select_one('th.claims-source-column:-soup-contains("Evening")')["data-source"]
    twenty = cell(page, "officer injured", hostile)
    assert "claims-cell-conflict" in twenty["class"]
    assert twenty.select_one(".claims-cell-value").get_text() == "20 officer"
    note = cell(page, "officer injured", "the-meridian").select_one(".claims-conflict-note")
    assert f"{HOSTILE_OUTLET}: 20; The Meridian: 12" in note["title"]
    incident = cell(page, "date", hostile)
    assert f"migrants threw stones {SCRIPT} at them" in incident.get_text()


@pytest.mark.asyncio
async def test_links_and_chart_carry_the_base_url(seeds_news_db):
    ds = make_datasette(seeds_news_db, settings={"base_url": "/prefix/"})
    page = await get_soup(ds, f"/-/claims/incident/{clash_id(seeds_news_db)}")
    hrefs = [a["href"] for a in page.select(".claims-page a[href]")]
    local = [href for href in hrefs if not href.startswith("#")]
    assert len(local) > 100 and all(href.startswith("/prefix/") for href in local)
    marks = page.select("svg.claims-figures a")
    assert marks and all(a["href"].startswith("/prefix/-/claims/article/") for a in marks)


# --- reached from the other pages ---------------------------------------------------------


@pytest.mark.asyncio
async def test_the_overview_lists_incidents_reported_by_several_sources(seeds_news_db):
    page = await get_soup(make_datasette(seeds_news_db), "/-/claims")
    rows = page.select(".claims-overview .claims-multi-source tbody tr")
    assert [[td.get_text(strip=True) for td in row.select("td")] for row in rows] == [
        ["2021-11-16", "Kuznica", CLASH_LABEL, "6", "7", "3"],
        ["2021-11-09", "Kuznica", "suspended all traffic at the Kuznica checkpoint", "4", "5", "0"],
        ["2021-11-08", "Kuźnica", "gathered near the frontier by the evening", "4", "4", "3"],
        ["2021-11-18", "Bruzgi", "moved about 2,000 migrants from a makeshift camp on the Polish border into a "
                                 "heated logistics centre near the Bruzgi che", "3", "3", "0"],
    ]
    assert rows[0].select_one("a.claims-incident-link")["href"] == (
        f"/-/claims/incident/{clash_id(seeds_news_db)}?database=news")


@pytest.mark.asyncio
async def test_claim_and_article_pages_link_to_the_incident_page(seeds_news_db):
    ds = make_datasette(seeds_news_db)
    claim, article = claim_with_text(seeds_news_db, "the-meridian", "Twelve police officers")
    expected = f"/-/claims/incident/{clash_id(seeds_news_db)}?database=news"
    page = await get_soup(ds, f"/-/claims/claim/{claim}")
    assert page.select_one(".claims-incident a.claims-incident-link")["href"] == expected
    page = await get_soup(ds, f"/-/claims/article/{article}")
    row = page.select_one(f'.claims-list tr[data-claim="{claim}"]')
    assert row.select_one(".claim-incident a")["href"] == expected
    # and the incident page follows once clicked
    assert (await ds.client.get(expected)).status_code == 200


@pytest.mark.asyncio
async def test_a_database_not_yet_compared_still_shows_the_incident(seeds_copy):
    # what a database looks like before `compare` has run: counts unset, no comparisons
    conn = sqlite3.connect(seeds_copy)
    conn.execute("update incidents set source_count = null, article_count = null, first_reported = null, "
                 "last_reported = null")
    conn.execute("delete from comparisons")
    conn.execute("delete from incident_summaries")
    conn.commit()
    page = await clash_page(seeds_copy)
    assert [dd.get_text(" ", strip=True) for dd in page.select(".claims-incident-meta dd")][2:] == [
        "6 independent sources, in 7 articles", "2021-11-16 – 2021-11-23"]
    assert page.select(".claims-cell-conflict") == []
    assert page.select_one(".claims-incident-verdict").get_text(strip=True) == (
        "Nothing here was compared between sources.")
