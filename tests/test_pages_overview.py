"""The overview /-/claims: sources, claims by kind, latest incidents, the timeline of
incident dates, and full-text search over claims."""
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from datasette_claims.web.timeline import build_timeline, timeline_svg, unit_for_days

from .test_pages_common import (
    BORDER_DAILY, EVENING_WIRE, FENCE, HOSTILE_ACTION, HOSTILE_OUTLET, SCRIPT, WIRE,
    claim_id, fence_incident, get_soup, make_datasette, news_db,  # noqa: F401 - a fixture
)


@pytest.mark.asyncio
async def test_sources_with_their_article_and_claim_counts(news_db):
    soup = await get_soup(make_datasette(news_db), "/-/claims")
    rows = soup.select(".claims-overview .claims-sources tbody tr")
    assert [[td.get_text(strip=True) for td in row.select("td")] for row in rows] == [
        ["Border Daily", "2", "4", "2021-11-17 – 2021-12-01"],
        [HOSTILE_OUTLET, "1", "3", "2021-11-18"],
    ]
    assert [row.select_one("a")["href"] for row in rows] == [
        f"/-/claims/source/{BORDER_DAILY}?database=news",
        f"/-/claims/source/{EVENING_WIRE}?database=news",
    ]


@pytest.mark.asyncio
async def test_claims_by_kind_link_to_the_filtered_claims_table(news_db):
    soup = await get_soup(make_datasette(news_db), "/-/claims")
    rows = soup.select(".claims-overview .claims-kinds tbody tr")
    assert [[td.get_text(strip=True) for td in row.select("td")] for row in rows] == [
        ["count", "2", "2"], ["date", "2", "2"], ["incident", "2", "2"], ["statement", "1", "1"],
    ]
    assert rows[0].select_one("a")["href"] == "/news/claims?kind=count"


@pytest.mark.asyncio
async def test_totals_count_each_table(news_db):
    soup = await get_soup(make_datasette(news_db), "/-/claims")
    totals = soup.select_one(".claims-overview .claims-totals").get_text(" ", strip=True)
    assert totals == "In news : 2 sources · 3 articles · 7 claims · 1 incidents"


@pytest.mark.asyncio
async def test_latest_incidents_link_to_a_claim_and_to_every_report(news_db):
    incident = fence_incident(news_db)
    fence_claim = claim_id(news_db, FENCE, "incident", "about 100 migrants broke through the fence near Kuznica")
    wire_claim = claim_id(news_db, WIRE, "incident",
                          "Dozens of migrants crossed the border fence near Kuznica on Tuesday")
    soup = await get_soup(make_datasette(news_db), "/-/claims")
    rows = soup.select(".claims-overview .claims-latest-incidents tbody tr")
    assert [[td.get_text(strip=True) for td in row.select("td")] for row in rows] == [
        ["2021-11-16", "Kuznica", HOSTILE_ACTION, "2 articles"],
    ]
    label = rows[0].select_one(".claims-incident-label a")["href"]
    assert label == f"/-/claims/claim/{min(fence_claim, wire_claim)}?database=news"
    assert rows[0].select_one("a.claims-incident-link")["href"] == f"/-/claims/incident/{incident}?database=news"


@pytest.mark.asyncio
async def test_json_has_every_section(news_db):
    data = (await make_datasette(news_db).client.get("/-/claims.json")).json()
    assert set(data) == {"database", "totals", "sources", "claims_by_kind", "latest_incidents", "timeline",
                         "multi_source_incidents", "conflicts"}
    assert data["totals"] == {"sources": 2, "articles": 3, "claims": 7, "incidents": 1}
    assert data["sources"][0] == {
        "id": BORDER_DAILY, "name": "Border Daily", "articles": 2, "claims": 4,
        "first_published": "2021-11-17", "last_published": "2021-12-01",
        "path": f"/-/claims/source/{BORDER_DAILY}?database=news",
    }
    assert data["timeline"] == {
        "unit": "day",
        "bins": [{"period": "2021-11-16", "incidents": 1, "by_series": {"incident": 1}}],
        "coarser": [],
    }
    assert data["latest_incidents"][0]["label"] == HOSTILE_ACTION


# --- the timeline -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_timeline_is_an_inline_svg_whose_bars_link_to_the_incidents(news_db):
    ds = make_datasette(news_db, settings={"base_url": "/prefix/"})
    soup = await get_soup(ds, "/-/claims")
    svg = soup.select_one(".claims-overview .claims-timeline-section svg.claims-timeline")
    bars = svg.select("rect.bar")
    assert [bar["data-period"] for bar in bars] == ["2021-11-16"]
    link = bars[0].find_parent("a")
    assert link["href"] == "/prefix/news/incidents?date_value__startswith=2021-11-16"
    assert link.select_one("title").get_text() == "16 Nov 2021: 1 incidents"
    # nothing on the page comes from another site
    sources = [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[href], img[src]")]
    assert all(s.startswith("/") for s in sources), sources


def test_dates_over_a_few_weeks_get_a_bar_per_day():
    timeline = build_timeline([("2021-11-14", "incident", 2), ("2021-11-16", "incident", 1)])
    assert timeline.unit == "day"
    assert [(b.period, b.total) for b in timeline.bins] == [
        ("2021-11-14", 2), ("2021-11-15", 0), ("2021-11-16", 1),
    ]


def test_dates_over_a_year_get_a_bar_per_month_and_a_year_alone_is_set_apart():
    timeline = build_timeline([
        ("2021-01-05", "incident", 1), ("2021-03", "incident", 2), ("2021-03-30", "incident", 1),
        ("2021-12-31", "incident", 1), ("2021", "incident", 4),
    ])
    assert timeline.unit == "month"
    assert [(b.period, b.total) for b in timeline.bins if b.total] == [
        ("2021-01", 1), ("2021-03", 3), ("2021-12", 1),
    ]
    assert len(timeline.bins) == 12
    assert [(b.period, b.total) for b in timeline.coarser] == [("2021", 4)]


def test_dates_over_decades_get_a_bar_per_year():
    timeline = build_timeline([
        ("2003-05-23", "incident", 1), ("2017", "incident", 1), ("2025-08", "incident", 3),
    ])
    assert timeline.unit == "year"
    assert len(timeline.bins) == 23
    assert [(b.period, b.total) for b in timeline.bins if b.total] == [
        ("2003", 1), ("2017", 1), ("2025", 3),
    ]
    assert timeline.coarser == []


def test_days_totalled_per_bar_keep_the_unit_of_their_span():
    # 1,086 days: bars per month, though the whole months they fall in span 1,127
    unit = unit_for_days("2019-01-20", "2022-01-10")
    timeline = build_timeline([("2019-01", "claims", 2), ("2022-01", "claims", 1)], unit)
    assert (timeline.unit, len(timeline.bins)) == ("month", 37)
    assert build_timeline([("2019-01", "claims", 2), ("2022-01", "claims", 1)]).unit == "year"
    assert unit_for_days("2021-11-01", "2021-11-30") == "day"
    assert unit_for_days("2021-11", "2021-11-30") is None
    assert unit_for_days(None, None) is None


def test_impossible_dates_are_left_out():
    timeline = build_timeline([
        ("2021-13-01", "incident", 1), ("2021-02-30", "incident", 1), ("soon", "incident", 1),
        (None, "incident", 1), ("2021-02-28", "incident", 1),
    ])
    assert [(b.period, b.total) for b in timeline.bins] == [("2021-02-28", 1)]


def test_series_stack_and_every_text_is_escaped():
    timeline = build_timeline([("2021-11-16", "date", 2), ("2021-11-16", "count", 1)])
    svg = timeline_svg(timeline, f"Claims of {SCRIPT}", "claims", series_order=("date", "count"))
    assert SCRIPT not in svg
    root = ET.fromstring(str(svg))  # well-formed
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.find("svg:title", ns).text == f"Claims of {SCRIPT}"
    bars = root.findall(".//svg:rect", ns)
    assert [bar.get("class") for bar in bars] == ["bar series-date", "bar series-count"]
    # the date segment sits below the count segment
    assert float(bars[0].get("y")) > float(bars[1].get("y"))


def test_no_dates_draw_no_chart():
    assert build_timeline([]).bins == []
    assert timeline_svg(build_timeline([]), "x", "incidents") == ""


# --- search -----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_search_finds_claims_by_their_words(news_db):
    soup = await get_soup(make_datasette(news_db), "/-/claims?q=migrants")
    results = soup.select(".claims-overview .claims-search-results tbody tr")
    assert [row.select_one(".claims-result-text").get_text() for row in results] == [
        "Dozens of migrants crossed the border fence near Kuznica on Tuesday",
        "Dozens of migrants",
        "On November 16 about 100 migrants broke through the fence near Kuznica, the ministry said",
        "about 100 migrants broke through the fence near Kuznica",
        "about 100 migrants",
    ]
    first = results[0]
    assert [td.get_text(strip=True) for td in first.select("td")][2:] == [
        "2021-11-16 · Kuznica · crossed the border fence", HOSTILE_OUTLET, "2021-11-18",
    ]
    wire_incident = claim_id(news_db, WIRE, "incident", results[0].select_one(".claims-result-text").get_text())
    assert first.select_one(".claims-result-text a")["href"] == f"/-/claims/claim/{wire_incident}?database=news"
    assert soup.select_one(".claims-search input[name=q]")["value"] == "migrants"


@pytest.mark.asyncio
async def test_search_json(news_db):
    data = (await make_datasette(news_db).client.get("/-/claims.json?q=ministry")).json()
    assert data["search"]["q"] == "ministry"
    assert [(c["kind"], c["source_name"], c["published"]) for c in data["search"]["results"]] == [
        ("statement", "Border Daily", "2021-11-17"),
    ]


@pytest.mark.asyncio
@pytest.mark.parametrize("query", ['"migrants', "migrants OR", "*", "-", "NEAR(", "a:b", SCRIPT])
async def test_search_syntax_is_taken_as_words(news_db, query):
    ds = make_datasette(news_db)
    response = await ds.client.get("/-/claims", params={"q": query})
    assert response.status_code == 200
    assert SCRIPT not in response.text
    heading = BeautifulSoup(response.text, "html.parser").select_one(".claims-search-results h2")
    assert heading.get_text().startswith(f"Claims matching “{query.strip()}”")


@pytest.mark.asyncio
async def test_no_query_no_results_section(news_db):
    soup = await get_soup(make_datasette(news_db), "/-/claims?q=")
    assert soup.select(".claims-search-results") == []
    assert soup.select_one(".claims-search input[name=q]") is not None


@pytest.mark.asyncio
async def test_search_form_keeps_the_database_and_base_url(news_db):
    ds = make_datasette(news_db, settings={"base_url": "/prefix/"})
    soup = await get_soup(ds, "/-/claims")
    form = soup.select_one(".claims-overview form.claims-search")
    assert form["action"] == "/prefix/-/claims"
    assert form.select_one("input[name=database]")["value"] == "news"


# --- permissions: a section per table, gone when the table is private -------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("private,sections,keys", [
    ("claims", {".claims-timeline-section", ".claims-multi-source"}, {"timeline", "multi_source_incidents"}),
    ("incidents", {".claims-sources", ".claims-kinds", ".claims-search", ".claims-conflicts-summary"},
     {"sources", "claims_by_kind", "conflicts"}),
    ("sources", {".claims-kinds", ".claims-latest-incidents", ".claims-timeline-section", ".claims-search",
                 ".claims-multi-source", ".claims-conflicts-summary"},
     {"claims_by_kind", "latest_incidents", "timeline", "multi_source_incidents", "conflicts"}),
    ("articles", {".claims-kinds", ".claims-latest-incidents", ".claims-timeline-section", ".claims-multi-source"},
     {"claims_by_kind", "latest_incidents", "timeline", "multi_source_incidents"}),
])
async def test_a_private_table_takes_its_sections_away(news_db, private, sections, keys):
    ds = make_datasette(news_db, private_tables=[private])
    soup = await get_soup(ds, "/-/claims?q=migrants")
    every = {".claims-sources", ".claims-kinds", ".claims-latest-incidents", ".claims-timeline-section",
             ".claims-search", ".claims-multi-source", ".claims-conflicts-summary"}
    shown = {section for section in every if soup.select(f".claims-overview {section}")}
    assert shown == sections
    data = (await ds.client.get("/-/claims.json?q=migrants")).json()
    assert set(data) - {"database", "totals", "search"} == keys
    assert private not in data["totals"]
    assert ("search" in data) == (private not in ("claims", "articles"))


@pytest.mark.asyncio
async def test_private_claims_never_show_on_the_overview(news_db):
    ds = make_datasette(news_db, private_tables=["claims"])
    for path in ("/-/claims?q=migrants", "/-/claims.json?q=migrants"):
        text = (await ds.client.get(path)).text
        assert "about 100 migrants" not in text


@pytest.mark.asyncio
async def test_private_sources_leave_search_results_without_names(news_db):
    ds = make_datasette(news_db, private_tables=["sources"])
    response = await ds.client.get("/-/claims?q=ministry")
    assert "Border Daily" not in response.text
    soup = BeautifulSoup(response.text, "html.parser")
    row = soup.select_one(".claims-search-results tbody tr")
    assert [td.get_text(strip=True) for td in row.select("td")][3] == BORDER_DAILY


@pytest.mark.asyncio
async def test_overview_picks_the_database_that_holds_claims(news_db, tmp_path):
    from sqlite_utils import Database

    other = tmp_path / "other.db"
    Database(other)["notes"].insert({"id": 1})
    ds = make_datasette(other, news_db)
    data = (await ds.client.get("/-/claims.json")).json()
    assert data["database"] == "news"
    assert (await ds.client.get("/-/claims?database=other")).status_code == 404


@pytest.mark.asyncio
async def test_trailing_slash_is_the_overview(news_db):
    response = await make_datasette(news_db).client.get("/-/claims/")
    assert response.status_code == 200
    assert "Claims overview" in response.text
