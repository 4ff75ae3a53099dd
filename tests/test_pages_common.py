"""What every claims page shares, tested on all six: JSON twins, 404 for unknown ids,
400 for malformed ones, permissions, escaping of hostile text, and base_url.

The other test_pages_* modules build on the database made here: two outlets, one of
them with a hostile name, reporting the same incident (the clustering a later issue
brings is made by hand with an UPDATE of incident_id), and a quiet article."""
import re
import sqlite3

import datasette
import pytest
from bs4 import BeautifulSoup
from datasette.app import Datasette
from sqlite_utils import Database

from datasette_claims.model import Article, Claim, Entity
from datasette_claims.store.schema import ensure_db_shape
from datasette_claims.store.write import source_slug, write_article

from .store_helpers import one_incident_per_claim

# 1.0 reads allow blocks, facets and canned queries from config; 0.65 from metadata.
TAKES_CONFIG = not datasette.__version__.startswith("0.")
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_OUTLET = f"Evening {SCRIPT} Wire {IMG}"
HOSTILE_SPEAKER = f"the ministry {IMG}"
HOSTILE_ACTION = f"broke through the fence {SCRIPT}"

FENCE_PARAGRAPHS = [
    "On November 16 about 100 migrants broke through the fence near Kuznica, the ministry said.",
    f"Witnesses shouted {SCRIPT} and {IMG} at the guards.",
]
FENCE_BODY = "\n\n".join(FENCE_PARAGRAPHS)
WIRE_BODY = (
    "WARSAW - Dozens of migrants crossed the border fence near Kuznica on Tuesday, "
    "police said.\nThe crossing was closed."
)


def span(body, text, kind, **values):
    start = body.index(text)
    return Claim(kind=kind, start=start, end=start + len(text), text=text, **values)


MINISTRY = Entity("organization", "the ministry")
MIGRANTS = Entity("group", "migrants")
KUZNICA = Entity("place", "Kuznica")

FENCE = Article(
    body=FENCE_BODY, published="2021-11-17", origin="news/fence.txt", outlet="Border Daily",
    url="https://example.com/fence", title=f"Fence breached {SCRIPT}",
)
FENCE_CLAIMS = [
    span(FENCE_BODY, "On November 16", "date", date_value="2021-11-16", sentence=0),
    span(FENCE_BODY, "about 100 migrants", "count", count_low=90, count_high=110,
         count_unit="migrant", sentence=0, entities=[("counted", MIGRANTS)]),
    span(FENCE_BODY, "about 100 migrants broke through the fence near Kuznica", "incident",
         date_value="2021-11-16", place="Kuznica", action=HOSTILE_ACTION, sentence=0,
         entities=[("place", KUZNICA)]),
    span(FENCE_BODY, FENCE_PARAGRAPHS[0][:-1], "statement", speaker=HOSTILE_SPEAKER,
         sentence=0, entities=[("speaker", MINISTRY)]),
]
WIRE = Article(
    body=WIRE_BODY, published="2021-11-18", origin="news/wire.txt", outlet=HOSTILE_OUTLET,
    url="https://example.org/wire", title="Border crossing closed",
)
WIRE_CLAIMS = [
    span(WIRE_BODY, "Dozens of migrants", "count", count_low=24, count_high=99,
         count_unit="migrant", sentence=1),
    span(WIRE_BODY, "Dozens of migrants crossed the border fence near Kuznica on Tuesday",
         "incident", date_value="2021-11-16", place="Kuznica", action="crossed the border fence",
         sentence=1),
    span(WIRE_BODY, "on Tuesday", "date", date_value="2021-11-16", sentence=1),
]
QUIET = Article(
    body="Nothing happened at the border.", published="2021-12-01", origin="news/quiet.txt",
    outlet="Border Daily", title="Quiet day",
)
BORDER_DAILY = source_slug("Border Daily")
EVENING_WIRE = source_slug(HOSTILE_OUTLET)


@pytest.fixture
def news_db(tmp_path):
    """news.db: the fence, reported by Border Daily and by the hostile Evening Wire."""
    path = tmp_path / "news.db"
    db = Database(path)
    ensure_db_shape(db)
    write_article(db, FENCE, FENCE_CLAIMS, extracted_with="test")
    write_article(db, WIRE, WIRE_CLAIMS, extracted_with="test")
    write_article(db, QUIET, [], extracted_with="test")
    one_incident_per_claim(db)
    # What clustering (datasette claims compare) does: both incident claims make one
    # incident, and the wire's count joins it. Border Daily's count stays unlinked, so
    # the pages must find its incident from the incident claim around it.
    fence_incident = incident_id_of(db, FENCE.id)
    wire_incident = incident_id_of(db, WIRE.id)
    db.execute("update claims set incident_id = ? where incident_id = ?", [fence_incident, wire_incident])
    db.execute("update claims set incident_id = ? where article_id = ? and kind = 'count'",
               [fence_incident, WIRE.id])
    db.execute("delete from incidents where id = ?", [wire_incident])
    counts = [claim_id_in(db, article.id, "count") for article in (FENCE, WIRE)]
    db["comparisons"].insert({
        "id": "c0ffee0000000001", "incident_id": fence_incident, "claim_a": counts[0], "claim_b": counts[1],
        "kind": "count", "quantity": "people present", "verdict": "compatible",
        "explanation": f"Border Daily: 90–110; {HOSTILE_OUTLET}: 24–99 (people present): ranges overlap",
    })
    db.conn.commit()
    db.close()
    return path


def claim_id_in(db, article_id, kind):
    return db.execute("select id from claims where article_id = ? and kind = ?", [article_id, kind]).fetchone()[0]


def incident_id_of(db, article_id):
    return db.execute(
        "select incident_id from claims where article_id = ? and kind = 'incident'", [article_id]
    ).fetchone()[0]


def claim_id(db_path, article: Article, kind: str, text: str) -> str:
    conn = sqlite3.connect(db_path)
    row = conn.execute(
        "select id from claims where article_id = ? and kind = ? and text = ?", [article.id, kind, text]
    ).fetchone()
    return row[0]


def fence_incident(db_path) -> str:
    return incident_id_of(Database(db_path), FENCE.id)


def make_datasette(*paths, private_tables=(), **kwargs):
    """A Datasette where `private_tables` of news.db are visible to actor "editor" only."""
    if private_tables:
        rules = {"databases": {"news": {"tables": {
            table: {"allow": {"id": "editor"}} for table in private_tables
        }}}}
        if TAKES_CONFIG:
            kwargs["config"] = rules
        else:
            kwargs["metadata"] = rules
    return Datasette(files=[str(p) for p in paths], **kwargs)


def editor_cookies(ds):
    return {"ds_actor": ds.sign({"a": {"id": "editor"}}, "actor")}


async def get_soup(ds, path, **kwargs):
    response = await ds.client.get(path, **kwargs)
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


def page_paths(db_path):
    """Every page, at an item that exists."""
    return {
        "overview": "/-/claims",
        "article": f"/-/claims/article/{FENCE.id}",
        "claim": f"/-/claims/claim/{claim_id(db_path, FENCE, 'count', 'about 100 migrants')}",
        "source": f"/-/claims/source/{EVENING_WIRE}",
        "incident": f"/-/claims/incident/{fence_incident(db_path)}",
        "conflicts": "/-/claims/conflicts",
    }


PAGES = ["overview", "article", "claim", "source", "incident", "conflicts"]


# --- JSON twins -------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("page", PAGES)
async def test_json_twin_and_format_json_return_the_same_data(news_db, page):
    ds = make_datasette(news_db)
    path = page_paths(news_db)[page]
    suffixed = await ds.client.get(path + ".json")
    as_format = await ds.client.get(path + "?_format=json")
    assert suffixed.status_code == as_format.status_code == 200
    assert suffixed.headers["content-type"].startswith("application/json")
    assert suffixed.json() == as_format.json()
    assert suffixed.json()["database"] == "news"


# --- unknown and malformed ids ----------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("path", [
    "/-/claims/article/0000000000000000", "/-/claims/claim/0000000000000000",
    "/-/claims/source/no-such-outlet", "/-/claims/incident/0000000000000000",
])
@pytest.mark.parametrize("suffix", ["", ".json"])
async def test_unknown_id_is_404(news_db, path, suffix):
    response = await make_datasette(news_db).client.get(path + suffix)
    assert response.status_code == 404


@pytest.mark.asyncio
@pytest.mark.parametrize("path", [
    "/-/claims/article/nothex", "/-/claims/claim/0123456789ABCDEF",
    "/-/claims/claim/0123456789abcdef0", "/-/claims/claim/%3Cscript%3E",
    "/-/claims/source/Border_Daily", "/-/claims/source/-border", "/-/claims/source/%3Cb%3E",
    "/-/claims/source/" + "a" * 201, "/-/claims/incident/0123456789ABCDEF", "/-/claims/incident/%3Cscript%3E",
])
@pytest.mark.parametrize("suffix", ["", ".json"])
async def test_malformed_id_is_400(news_db, path, suffix):
    response = await make_datasette(news_db).client.get(path + suffix)
    assert response.status_code == 400


@pytest.mark.asyncio
@pytest.mark.parametrize("page", PAGES)
async def test_unknown_database_is_404(news_db, page):
    response = await make_datasette(news_db).client.get(page_paths(news_db)[page] + "?database=nope")
    assert response.status_code == 404


# --- escaping ---------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("page", PAGES)
async def test_hostile_text_stays_text(news_db, page):
    ds = make_datasette(news_db)
    path = page_paths(news_db)[page]
    if page == "overview":
        path += "?q=" + "migrants"
    response = await ds.client.get(path)
    assert response.status_code == 200
    assert SCRIPT not in response.text
    assert "<img src=x" not in response.text
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select(".claims-page script, .claims-page img") == []
    assert not any("alert" in (s.string or "") for s in soup.select("script"))
    assert not soup.select("[onerror]")


@pytest.mark.asyncio
async def test_hostile_text_is_shown_as_written(news_db):
    ds = make_datasette(news_db)
    soup = await get_soup(ds, f"/-/claims/source/{EVENING_WIRE}")
    assert soup.select_one(".claims-source-page h1").get_text() == HOSTILE_OUTLET
    soup = await get_soup(ds, page_paths(news_db)["claim"])
    assert HOSTILE_ACTION in soup.select_one(".claims-incident").get_text()


# --- permissions ------------------------------------------------------------------------

# What each page needs: without any one of these tables the page is 403.
REQUIRED = {
    "article": ["articles", "claims"],
    "claim": ["articles", "claims"],
    "source": ["sources", "articles", "claims"],
    "incident": ["incidents", "articles", "claims"],
    "conflicts": ["comparisons", "articles", "claims"],
}


@pytest.mark.asyncio
@pytest.mark.parametrize("page,private", [(p, t) for p, tables in REQUIRED.items() for t in tables])
@pytest.mark.parametrize("suffix", ["", ".json"])
async def test_page_is_403_without_a_table_it_needs(news_db, page, private, suffix):
    ds = make_datasette(news_db, private_tables=[private])
    response = await ds.client.get(page_paths(news_db)[page] + suffix)
    assert response.status_code == 403
    for secret in ("Kuznica", "migrants", "Border Daily"):
        assert secret not in response.text


@pytest.mark.asyncio
@pytest.mark.parametrize("page", list(REQUIRED))
async def test_unknown_id_under_a_private_table_is_403_not_404(news_db, page):
    ds = make_datasette(news_db, private_tables=["claims"])
    path = {"article": "/-/claims/article/0000000000000000",
            "claim": "/-/claims/claim/0000000000000000",
            "source": "/-/claims/source/nobody",
            "incident": "/-/claims/incident/0000000000000000",
            "conflicts": "/-/claims/conflicts?source=nobody"}[page]
    assert (await ds.client.get(path)).status_code == 403


@pytest.mark.asyncio
@pytest.mark.parametrize("page", PAGES)
async def test_allowed_actor_sees_every_page(news_db, page):
    ds = make_datasette(news_db, private_tables=["sources", "articles", "claims", "incidents", "comparisons",
                                                 "incident_summaries"])
    response = await ds.client.get(page_paths(news_db)[page], cookies=editor_cookies(ds))
    assert response.status_code == 200


@pytest.mark.asyncio
async def test_overview_is_403_when_no_claims_table_is_visible(news_db):
    ds = make_datasette(news_db, private_tables=["sources", "articles", "claims", "incidents"])
    response = await ds.client.get("/-/claims")
    assert response.status_code == 403
    assert "Kuznica" not in response.text


@pytest.mark.asyncio
@pytest.mark.parametrize("suffix", ["", ".json"])
async def test_private_database_hides_every_page(news_db, suffix):
    rules = {"databases": {"news": {"allow": {"id": "editor"}}}}
    kwargs = {"config": rules} if TAKES_CONFIG else {"metadata": rules}
    ds = Datasette(files=[str(news_db)], **kwargs)
    for path in page_paths(news_db).values():
        response = await ds.client.get(path + suffix)
        assert response.status_code == 403, path
        assert "Kuznica" not in response.text


# --- base_url ---------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("page", PAGES)
async def test_every_link_carries_the_base_url(news_db, page):
    ds = make_datasette(news_db, settings={"base_url": "/prefix/"})
    response = await ds.client.get(page_paths(news_db)[page])
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    page_links = [a["href"] for a in soup.select(".claims-page a[href]")]
    page_links += [a["href"] for a in soup.select(".claims-page svg a[href]")]
    assert page_links
    local = [href for href in page_links if not href.startswith(("#", "http://", "https://"))]
    assert local and all(href.startswith("/prefix/") for href in local), local
    assert "/prefix/-/static-plugins/datasette_claims/claims.css" in [
        link["href"] for link in soup.select('link[rel="stylesheet"]')
    ]
    forms = [form["action"] for form in soup.select(".claims-page form")]
    assert all(action.startswith("/prefix/") for action in forms)


@pytest.mark.asyncio
@pytest.mark.parametrize("page", PAGES)
async def test_json_links_carry_the_base_url(news_db, page):
    ds = make_datasette(news_db, settings={"base_url": "/prefix/"})
    data = (await ds.client.get(page_paths(news_db)[page] + ".json")).json()
    urls = re.findall(r'"(?:path|claim_path|article_path)": "([^"]+)"', str(data).replace("'", '"'))
    assert all(url.startswith("/prefix/") for url in urls), urls
