"""The conflicts page /-/claims/conflicts: every conflict in the comparisons table, newest
first (by the later of the two articles), filterable by source (either side) and kind.
On the bundled seeds: the injured officers (7, 9, 12) and the migrants at the border
(3,000–4,000 or several thousand against several hundred)."""
import pytest
from bs4 import BeautifulSoup

from .test_pages_common import IMG, SCRIPT, editor_cookies, get_soup, make_datasette
from .test_pages_incident import (  # noqa: F401 - fixtures
    HOSTILE_OUTLET, MSWIA, clash_id, hostile_news_db, load, seeds_news_db, sql,
)
from .conftest import ROOT

# One article that dates the clash of 2021-11-16 to the 15th: the loader finds date conflicts.
MISDATED_ARTICLE = """\
url: https://harbour.example/clash
outlet: Harbour Post
published: 2021-11-19

KUZNICA, Nov 19 - On November 15, Polish forces used water cannon and tear gas against migrants who threw stones at them at the Kuznica border crossing, officials said.
"""


@pytest.fixture(scope="module")
def misdated_news_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("misdated")
    (folder / "in").mkdir()
    (folder / "in" / "misdated.txt").write_text(MISDATED_ARTICLE)
    return load(folder / "news.db", ROOT / "seeds", folder / "in")


def rows_of(page):
    return page.select(".claims-conflicts-page table.claims-conflicts tbody tr.claims-conflict")


def conflict_ids(db_path, where="", *params):
    return {row[0] for row in sql(db_path, f"select id from comparisons where verdict = 'conflict' {where}", *params)}


@pytest.mark.asyncio
async def test_lists_exactly_the_conflicts_in_the_comparisons_table(seeds_news_db):
    page = await get_soup(make_datasette(seeds_news_db), "/-/claims/conflicts")
    rows = rows_of(page)
    assert {row["data-comparison"] for row in rows} == conflict_ids(seeds_news_db)
    assert len(rows) == 6
    assert page.select_one(".claims-totals").get_text(" ", strip=True) == (
        "6 conflicts: two sources' claims about one incident that cannot both be true. Newest first.")


@pytest.mark.asyncio
async def test_newest_first_by_the_later_article(seeds_news_db):
    page = await get_soup(make_datasette(seeds_news_db), "/-/claims/conflicts")
    assert [row.select_one("td.claims-dates").get_text() for row in rows_of(page)] == [
        "2021-11-23", "2021-11-20", "2021-11-20", "2021-11-17", "2021-11-17", "2021-11-09",
    ]


@pytest.mark.asyncio
async def test_a_row_shows_the_incident_both_claims_and_why(seeds_news_db):
    page = await get_soup(make_datasette(seeds_news_db), "/-/claims/conflicts")
    newest = rows_of(page)[0]
    cells = [td.get_text(" | ", strip=True) for td in newest.select("td")]
    # Which claim the explanation names first follows the claims' ids, which are hashes
    # of the articles' paths for seeds that give no URL: either order is right.
    why = cells.pop()
    assert cells == [
        "2021-11-23",
        "gathered near the frontier by the evening | 2021-11-08, Kuźnica",
        "count | people present at border",
        "300–999 | “Several hundred refugees” | BelNews | , 2021-11-09 · | details",
        "3000–9999 | “Several thousand people” | TASS | , 2021-11-23 · | details",
    ]
    assert why in ("TASS: 3000–9999; BelNews: 300–999 (people present at border): cannot both be true",
                   "BelNews: 300–999; TASS: 3000–9999 (people present at border): cannot both be true")
    [(incident,)] = sql(seeds_news_db, "select incident_id from comparisons where id = ?", newest["data-comparison"])
    assert newest.select_one("a.claims-incident-link")["href"] == f"/-/claims/incident/{incident}?database=news"
    belnews = newest.select_one('td.claims-conflict-claim[data-source="belnews"]')
    [(article,)] = sql(seeds_news_db, "select article_id from claims where id = ?", belnews["data-claim"])
    assert belnews.select_one("a.claims-cell-text")["href"] == (
        f"/-/claims/article/{article}?database=news#claim-{belnews['data-claim']}")
    assert belnews.select_one("a.claims-conflict-source")["href"] == "/-/claims/source/belnews?database=news"
    assert belnews.select("small a")[-1]["href"] == f"/-/claims/claim/{belnews['data-claim']}?database=news"


@pytest.mark.asyncio
@pytest.mark.parametrize("source,expected", [
    ("belnews", 3),  # always on one side: "several hundred" against three sources
    ("the-meridian", 2),  # its 12 officers against 7 and 9
    ("tass", 1),
    ("open-forest-medics", 0),
    ("no-such-outlet", 0),
])
async def test_filter_by_source_on_either_side(seeds_news_db, source, expected):
    page = await get_soup(make_datasette(seeds_news_db), f"/-/claims/conflicts?source={source}")
    shown = {row["data-comparison"] for row in rows_of(page)}
    on_either_side = conflict_ids(seeds_news_db, """and exists (
        select 1 from claims join articles on articles.id = claims.article_id
        where claims.id in (comparisons.claim_a, comparisons.claim_b) and articles.source_id = ?)""", source)
    assert shown == on_either_side
    assert len(shown) == expected
    for row in rows_of(page):
        assert source in [td["data-source"] for td in row.select("td.claims-conflict-claim")]


@pytest.mark.asyncio
async def test_filter_by_kind(misdated_news_db):
    ds = make_datasette(misdated_news_db)
    # one date conflict per other source: each source's latest date is compared
    for kind, expected in (("count", 6), ("date", 6)):
        page = await get_soup(ds, f"/-/claims/conflicts?kind={kind}")
        shown = {row["data-comparison"] for row in rows_of(page)}
        assert shown == conflict_ids(misdated_news_db, "and kind = ?", kind)
        assert len(shown) == expected
    both = await get_soup(ds, "/-/claims/conflicts?kind=date&source=harbour-post")
    assert len(rows_of(both)) == 6
    assert both.select_one(".claims-totals").get_text(" ", strip=True).startswith(
        "6 conflicts involving Harbour Post about dates:")


@pytest.mark.asyncio
async def test_a_filter_with_nothing_to_show(seeds_news_db):
    page = await get_soup(make_datasette(seeds_news_db), "/-/claims/conflicts?kind=date")
    assert rows_of(page) == []
    assert page.select_one(".claims-conflicts-page .claims-none").get_text() == "No conflict matches these filters."


@pytest.mark.asyncio
async def test_the_filter_form_offers_the_sources_in_conflict_and_keeps_the_choice(seeds_news_db):
    ds = make_datasette(seeds_news_db, settings={"base_url": "/prefix/"})
    page = await get_soup(ds, "/-/claims/conflicts?source=tass&kind=count")
    form = page.select_one(".claims-conflicts-page form.claims-filter")
    assert form["action"] == "/prefix/-/claims/conflicts"
    assert form.select_one("input[name=database]")["value"] == "news"
    options = form.select("select[name=source] option")
    assert [(o["value"], o.get_text()) for o in options] == [
        ("", "any"), ("belnews", "BelNews"), ("ministry-of-the-interior-and-administration-poland", MSWIA),
        ("northwire", "Northwire"), ("tass", "TASS"), ("the-meridian", "The Meridian"),
    ]
    assert [o["value"] for o in form.select("option[selected]")] == ["tass", "count"]
    assert page.select_one("a.claims-clear")["href"] == "/prefix/-/claims/conflicts?database=news"


@pytest.mark.asyncio
@pytest.mark.parametrize("query", ["source=Bad_Slug", "source=-belnews", "source=%3Cb%3E", "kind=people",
                                   "kind=%3Cscript%3Ealert(1)%3C/script%3E"])
@pytest.mark.parametrize("suffix", ["", ".json"])
async def test_a_malformed_filter_is_400(seeds_news_db, query, suffix):
    response = await make_datasette(seeds_news_db).client.get(f"/-/claims/conflicts{suffix}?{query}")
    assert response.status_code == 400
    assert SCRIPT not in response.text


# --- JSON ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_json_twin(seeds_news_db):
    ds = make_datasette(seeds_news_db)
    data = (await ds.client.get("/-/claims/conflicts.json?source=the-meridian")).json()
    assert data == (await ds.client.get("/-/claims/conflicts?source=the-meridian&_format=json")).json()
    assert set(data) == {"database", "filters", "total", "conflicts", "sources"}
    assert data["filters"] == {"source": "the-meridian", "kind": None}
    assert data["total"] == 2
    assert [[(c["source_name"], c["count_low"], c["published"]) for c in conflict["claims"]]
            for conflict in data["conflicts"]] == [
        [("Northwire", 7, "2021-11-16"), ("The Meridian", 12, "2021-11-20")],
        [(MSWIA, 9, "2021-11-17"), ("The Meridian", 12, "2021-11-20")],
    ]
    first = data["conflicts"][0]
    assert {k: first[k] for k in ("kind", "quantity", "verdict", "published", "explanation")} == {
        "kind": "count", "quantity": "officer injured", "verdict": "conflict", "published": "2021-11-20",
        "explanation": "Northwire: 7; The Meridian: 12 (officer injured): cannot both be true",
    }
    assert first["incident"]["id"] == first["incident_id"] == clash_id(seeds_news_db)
    assert first["incident_path"] == f"/-/claims/incident/{clash_id(seeds_news_db)}?database=news"
    assert [s["id"] for s in data["sources"]][:2] == ["belnews", "ministry-of-the-interior-and-administration-poland"]


# --- permissions --------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("suffix", ["", ".json"])
async def test_private_comparisons_make_the_page_403_and_hide_it_from_the_overview(seeds_news_db, suffix):
    ds = make_datasette(seeds_news_db, private_tables=["comparisons"])
    response = await ds.client.get("/-/claims/conflicts" + suffix)
    assert response.status_code == 403
    assert "cannot both be true" not in response.text
    overview = await get_soup(ds, "/-/claims")
    assert overview.select(".claims-conflicts-summary") == []
    assert [th.get_text() for th in overview.select(".claims-multi-source th")] == [
        "Date", "Place", "What happened", "Sources", "Articles"]
    assert (await ds.client.get("/-/claims/conflicts" + suffix, cookies=editor_cookies(ds))).status_code == 200


@pytest.mark.asyncio
async def test_private_incidents_leave_the_conflicts_without_incident_links(seeds_news_db):
    ds = make_datasette(seeds_news_db, private_tables=["incidents"])
    page = await get_soup(ds, "/-/claims/conflicts")
    assert len(rows_of(page)) == 6
    assert page.select(".claims-conflicts a.claims-incident-link") == []
    assert "gathered near the frontier" not in page.get_text()
    data = (await ds.client.get("/-/claims/conflicts.json")).json()
    assert all(conflict["incident"] is None for conflict in data["conflicts"])


@pytest.mark.asyncio
async def test_private_sources_leave_source_ids(seeds_news_db):
    page = await get_soup(make_datasette(seeds_news_db, private_tables=["sources"]), "/-/claims/conflicts")
    claims = rows_of(page)[0].select("td.claims-conflict-claim small")
    assert [c.get_text(" ", strip=True).split(",")[0] for c in claims] == ["belnews", "tass"]
    assert page.select(".claims-conflict-source") == []


# --- escaping, base_url, the overview -----------------------------------------------------


@pytest.mark.asyncio
async def test_a_hostile_source_name_stays_text(hostile_news_db):
    ds = make_datasette(hostile_news_db)
    response = await ds.client.get("/-/claims/conflicts")
    assert response.status_code == 200
    assert SCRIPT not in response.text and "<img src=x" not in response.text
    page = BeautifulSoup(response.text, "html.parser")
    assert page.select(".claims-page script, .claims-page img, [onerror]") == []
    assert len(rows_of(page)) == 9
    explanations = [td.get_text() for td in page.select("td.claims-conflict-explanation")]
    assert f"Northwire: 7; {HOSTILE_OUTLET}: 20 (officer injured): cannot both be true" in explanations
    options = [o.get_text() for o in page.select("select[name=source] option")]
    assert HOSTILE_OUTLET in options
    assert IMG in page.select_one("select[name=source]").get_text()


@pytest.mark.asyncio
async def test_every_link_carries_the_base_url(seeds_news_db):
    ds = make_datasette(seeds_news_db, settings={"base_url": "/prefix/"})
    page = await get_soup(ds, "/-/claims/conflicts")
    hrefs = [a["href"] for a in page.select(".claims-page a[href]")]
    assert len(hrefs) > 30 and all(href.startswith("/prefix/") for href in hrefs)
    data = (await ds.client.get("/-/claims/conflicts.json")).json()
    paths = [c["incident_path"] for c in data["conflicts"]]
    paths += [claim[k] for c in data["conflicts"] for claim in c["claims"] for k in ("path", "article_path", "source_path")]
    assert all(path.startswith("/prefix/") for path in paths)


@pytest.mark.asyncio
async def test_the_overview_links_to_the_conflicts(seeds_news_db):
    page = await get_soup(make_datasette(seeds_news_db), "/-/claims")
    section = page.select_one(".claims-overview .claims-conflicts-summary")
    assert " ".join(section.select_one("p").get_text(" ").split()) == (
        "6 conflicts between sources : 6 about counts . Two sources' claims about one incident that cannot both be true.")
    assert [a["href"] for a in section.select("a")] == [
        "/-/claims/conflicts?database=news", "/-/claims/conflicts?database=news&kind=count"]
    data = (await make_datasette(seeds_news_db).client.get("/-/claims.json")).json()
    assert data["conflicts"]["total"] == 6
    assert [(k["kind"], k["conflicts"]) for k in data["conflicts"]["by_kind"]] == [("count", 6)]


@pytest.mark.asyncio
async def test_the_incident_page_and_comparisons_table_lead_here(seeds_news_db):
    ds = make_datasette(seeds_news_db)
    page = await get_soup(ds, f"/-/claims/incident/{clash_id(seeds_news_db)}")
    assert "/-/claims/conflicts?database=news" in [a["href"] for a in page.select(".claims-formats a")]
    table = await get_soup(ds, "/news/comparisons")
    actions = {a.get_text(strip=True): a["href"] for a in table.select("details.actions-menu-links a")}
    assert actions["Conflicts between sources"] == "/-/claims/conflicts?database=news"
