"""The source page /-/claims/source/<id>: one outlet's articles and claims over time."""
import pytest
from sqlite_utils import Database

from datasette_claims.model import Article, Claim
from datasette_claims.store.write import write_article

from .test_pages_common import (
    BORDER_DAILY, EVENING_WIRE, FENCE, HOSTILE_OUTLET, QUIET, claim_id, get_soup, make_datasette,
    news_db,  # noqa: F401 - a fixture
)

FENCE_INCIDENT_TEXT = "about 100 migrants broke through the fence near Kuznica"


@pytest.mark.asyncio
async def test_heading_and_totals(news_db):
    soup = await get_soup(make_datasette(news_db), f"/-/claims/source/{BORDER_DAILY}")
    page = soup.select_one(".claims-source-page")
    assert page.select_one("h1").get_text() == "Border Daily"
    assert " ".join(page.select_one(".claims-totals").get_text().split()) == (
        "2 articles · 4 claims · published 2021-11-17 – 2021-12-01"
    )


@pytest.mark.asyncio
async def test_articles_newest_first_with_claims_by_kind(news_db):
    soup = await get_soup(make_datasette(news_db), f"/-/claims/source/{BORDER_DAILY}")
    rows = soup.select(".claims-source-page .claims-source-articles tbody tr")
    assert [[td.get_text(strip=True) for td in row.select("td")] for row in rows] == [
        ["2021-12-01", "Quiet day", "0", "0", "0", "0", "0"],
        ["2021-11-17", FENCE.title, "4", "1", "1", "1", "1"],
    ]
    assert [row.select_one(".claims-article-title a")["href"] for row in rows] == [
        f"/-/claims/article/{QUIET.id}?database=news", f"/-/claims/article/{FENCE.id}?database=news",
    ]


@pytest.mark.asyncio
async def test_incidents_it_reported_by_date(news_db):
    incident = claim_id(news_db, FENCE, "incident", FENCE_INCIDENT_TEXT)
    soup = await get_soup(make_datasette(news_db), f"/-/claims/source/{BORDER_DAILY}")
    rows = soup.select(".claims-source-page .claims-source-incidents tbody tr")
    assert [[td.get_text(strip=True) for td in row.select("td")] for row in rows] == [
        ["2021-11-16", "Kuznica", FENCE_INCIDENT_TEXT, "2021-11-17"],
    ]
    assert rows[0].select_one(".claims-report-text a")["href"] == f"/-/claims/claim/{incident}?database=news"


@pytest.mark.asyncio
async def test_claims_over_time_stack_by_kind(news_db, tmp_path):
    db = Database(news_db)
    later = Article(body="On Friday two boats landed.", published="2022-06-03", origin="news/boats.txt",
                    outlet="Border Daily", title="Boats")
    write_article(db, later, [
        Claim("date", 0, 9, "On Friday", date_value="2022-06-03"),
        Claim("count", 10, 19, "two boats", count_low=2, count_high=2, count_unit="boat"),
    ], extracted_with="test")
    db.close()
    ds = make_datasette(news_db)
    soup = await get_soup(ds, f"/-/claims/source/{BORDER_DAILY}")
    svg = soup.select_one(".claims-source-page svg.claims-timeline")
    bars = [(rect["data-period"], rect["class"][1]) for rect in svg.select("rect.bar")]
    assert bars == [
        ("2021-11", "series-date"), ("2021-11", "series-count"), ("2021-11", "series-incident"),
        ("2021-11", "series-statement"), ("2022-06", "series-date"), ("2022-06", "series-count"),
    ]
    titles = [t.get_text() for t in svg.select("g > title")]
    assert titles == [
        "Nov 2021: 4 claims (1 date, 1 count, 1 incident, 1 statement)",
        "Jun 2022: 2 claims (1 date, 1 count)",
    ]
    data = (await ds.client.get(f"/-/claims/source/{BORDER_DAILY}.json")).json()
    assert data["timeline"]["unit"] == "month"
    assert [(b["period"], b["claims"]) for b in data["timeline"]["bins"]] == [
        ("2021-11", 4), ("2021-12", 0), ("2022-01", 0), ("2022-02", 0), ("2022-03", 0), ("2022-04", 0),
        ("2022-05", 0), ("2022-06", 2),
    ]


@pytest.mark.asyncio
async def test_json_twin(news_db):
    data = (await make_datasette(news_db).client.get(f"/-/claims/source/{EVENING_WIRE}.json")).json()
    assert set(data) == {"database", "source", "articles", "timeline", "incident_claims"}
    assert data["source"] == {
        "id": EVENING_WIRE, "name": HOSTILE_OUTLET, "articles": 1, "claims": 3,
        "first_published": "2021-11-18", "last_published": "2021-11-18",
    }
    assert [(a["title"], a["claims"], a["counts"]) for a in data["articles"]] == [("Border crossing closed", 3, 1)]
    assert [c["kind"] for c in data["incident_claims"]] == ["incident"]


@pytest.mark.asyncio
async def test_a_source_with_many_articles_links_to_the_rest(news_db, monkeypatch):
    from datasette_claims.web import queries

    monkeypatch.setattr(queries, "SOURCE_LIST_LIMIT", 1)
    soup = await get_soup(make_datasette(news_db), f"/-/claims/source/{BORDER_DAILY}")
    section = soup.select_one(".claims-source-page .claims-source-articles")
    assert len(section.select("tbody tr")) == 1
    assert section.select_one("p a")["href"] == f"/news/articles?source_id={BORDER_DAILY}"
