"""The article page /-/claims/article/<id>, its JSON twin, and the links to it."""
import xml.etree.ElementTree as ET

import datasette
import pytest
from bs4 import BeautifulSoup
from datasette.app import Datasette
from sqlite_utils import Database

from datasette_claims.model import Article, Claim
from datasette_claims.store.schema import ensure_db_shape
from datasette_claims.store.write import write_article
from datasette_claims.web.highlight import highlight_body

# 1.0 reads allow blocks, facets and canned queries from config; 0.65 from metadata.
TAKES_CONFIG = not datasette.__version__.startswith("0.")
HOSTILE_TITLE = '<script>alert(1)</script> Fence "><img src=x onerror=alert(1)>'
HOSTILE_SPEAKER = '"><img src=x onerror=alert(1)>'
PARAGRAPHS = [
    "Border guards said on Tuesday that several thousand people gathered near the Bruzgi crossing.",
    "On November 16 about 100 migrants broke through the fence near Kuznica, the ministry reported.",
    'Witnesses shouted <script>alert(1)</script> and "><img src=x onerror=alert(1)> at the fence.',
]
BODY = PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[1] + "\n" + PARAGRAPHS[2]


def claim(kind, text, **values):
    start = BODY.index(text)
    return Claim(kind=kind, start=start, end=start + len(text), text=text, **values)


CLAIMS = [
    claim("statement", PARAGRAPHS[0][:-1], speaker="Border guards"),
    claim("date", "on Tuesday", date_value="2021-11-23"),
    claim("count", "several thousand people", count_low=3000, count_high=9999, count_unit="people"),
    claim("incident", "several thousand people gathered near the Bruzgi crossing",
          date_value="2021-11-23", place="Bruzgi", action="gathered"),
    claim("date", "On November 16", date_value="2021-11-16"),
    claim("count", "about 100 migrants", count_low=90, count_high=110, count_unit="migrant"),
    # The incident and the ministry's statement share "the fence": a partial overlap.
    claim("incident", "about 100 migrants broke through the fence",
          date_value="2021-11-16", action="broke through the fence"),
    claim("statement", "the fence near Kuznica, the ministry reported", speaker="the ministry"),
    # Overlaps the statement before it and runs across a paragraph break.
    claim("statement", "the ministry reported.\nWitnesses shouted <script>alert(1)</script>",
          speaker=HOSTILE_SPEAKER),
]

ARTICLE = Article(
    body=BODY, published="2021-11-23", origin="news/fence.txt", outlet="Border Daily",
    url="https://example.com/fence", title=HOSTILE_TITLE,
)
QUIET = Article(
    body="Nothing happened.", published="2021-11-24", origin="news/quiet.txt",
    outlet="Border Daily", url="javascript:alert(1)", title="Quiet day",
)


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "news.db"
    db = Database(path)
    ensure_db_shape(db)
    write_article(db, ARTICLE, CLAIMS, extracted_with="test")
    write_article(db, QUIET, [], extracted_with="test")
    db.close()
    return path


def claim_ids(db_path):
    """{(kind, text): id} as the loader stored them."""
    rows = Database(db_path).execute("select kind, text, id from claims").fetchall()
    return {(kind, text): id for kind, text, id in rows}


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


# --- the page ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_page_shows_article_metadata(db_path):
    soup = await get_soup(make_datasette(db_path), f"/-/claims/article/{ARTICLE.id}")
    page = soup.select_one(".claims-article")
    assert page.select_one("h1").get_text() == HOSTILE_TITLE
    assert page.select_one(".claims-source").get_text() == "Border Daily"
    assert page.select_one(".claims-published").get_text() == "2021-11-23"
    assert page.select_one(".claims-url a")["href"] == "https://example.com/fence"
    assert page.select_one(".claims-origin").get_text() == "news/fence.txt"


@pytest.mark.asyncio
async def test_url_that_is_not_http_is_shown_as_text(db_path):
    soup = await get_soup(make_datasette(db_path), f"/-/claims/article/{QUIET.id}")
    assert soup.select(".claims-article .claims-url a") == []
    assert soup.select_one(".claims-article .claims-url").get_text() == "javascript:alert(1)"
    assert soup.select(".claims-article mark") == []
    assert soup.select_one(".claims-article .claims-none") is not None


@pytest.mark.asyncio
async def test_paragraphs_render_as_p(db_path):
    soup = await get_soup(make_datasette(db_path), f"/-/claims/article/{ARTICLE.id}")
    paragraphs = soup.select(".claims-article-body > p")
    assert [strip_labels(p) for p in paragraphs] == PARAGRAPHS


def strip_labels(element):
    element = BeautifulSoup(str(element), "html.parser")
    for label in element.select(".claim-label"):
        label.decompose()
    return element.get_text()


@pytest.mark.asyncio
async def test_each_claim_is_marked_with_kind_and_value(db_path):
    ids = claim_ids(db_path)
    soup = await get_soup(make_datasette(db_path), f"/-/claims/article/{ARTICLE.id}")
    expected = {
        ("date", "on Tuesday"): "date: 2021-11-23",
        ("count", "several thousand people"): "count: 3000–9999 people",
        ("incident", "several thousand people gathered near the Bruzgi crossing"):
            "incident: 2021-11-23 · Bruzgi · gathered",
        ("statement", PARAGRAPHS[0][:-1]): "statement: Border guards",
        ("count", "about 100 migrants"): "count: 90–110 migrant",
        ("statement", "the fence near Kuznica, the ministry reported"): "statement: the ministry",
    }
    for (kind, text), label in expected.items():
        mark = soup.select_one(f'.claims-article mark#claim-{ids[(kind, text)]}')
        assert mark["data-kind"] == kind
        assert mark["class"] == ["claim", f"claim-{kind}"]
        assert mark["title"] == label
        labels = soup.select(f'.claims-article mark[data-claim="{ids[(kind, text)]}"] > .claim-label')
        assert [span.get_text() for span in labels] == [label]


@pytest.mark.asyncio
async def test_nested_claims_render_as_nested_marks(db_path):
    ids = claim_ids(db_path)
    soup = await get_soup(make_datasette(db_path), f"/-/claims/article/{ARTICLE.id}")
    count = soup.select_one(f'.claims-article mark#claim-{ids[("count", "several thousand people")]}')
    parents = [mark["data-kind"] for mark in count.find_parents("mark")]
    assert parents == ["incident", "statement"]
    assert strip_labels(count) == "several thousand people"


@pytest.mark.asyncio
async def test_partially_overlapping_claims_are_split_into_fragments(db_path):
    ids = claim_ids(db_path)
    soup = await get_soup(make_datasette(db_path), f"/-/claims/article/{ARTICLE.id}")
    ministry = ids[("statement", "the fence near Kuznica, the ministry reported")]
    fragments = soup.select(f'.claims-article mark[data-claim="{ministry}"]')
    assert [strip_labels(f) for f in fragments] == [
        "the fence", " near Kuznica, the ministry reported",
    ]
    # Only the first fragment is the anchor.
    assert [f.get("id") for f in fragments] == [f"claim-{ministry}", None]
    assert fragments[0].find_parent("mark")["data-kind"] == "incident"


@pytest.mark.asyncio
async def test_claim_across_a_paragraph_break_is_marked_in_both(db_path):
    ids = claim_ids(db_path)
    soup = await get_soup(make_datasette(db_path), f"/-/claims/article/{ARTICLE.id}")
    crossing = ids[("statement", CLAIMS[-1].text)]
    fragments = soup.select(f'.claims-article mark[data-claim="{crossing}"]')
    assert [strip_labels(f) for f in fragments] == [
        "the ministry reported", ".", "Witnesses shouted <script>alert(1)</script>",
    ]
    assert fragments[-1].select_one(".claim-label").get_text() == f"statement: {HOSTILE_SPEAKER}"


def test_highlighted_html_is_well_formed_even_with_overlaps():
    claims = [
        {"id": "a", "kind": "incident", "start": 0, "end": 7, "action": "x"},  # "one two"
        {"id": "b", "kind": "statement", "start": 4, "end": 13, "speaker": "y"},  # "two three"
        {"id": "c", "kind": "date", "start": 0, "end": 3, "date_value": "2021"},  # "one"
    ]
    html = highlight_body("one two three\nfour", claims)
    assert html == (
        '<p><mark class="claim claim-incident" id="claim-a" data-claim="a" data-kind="incident"'
        ' title="incident: x"><mark class="claim claim-date" id="claim-c" data-claim="c"'
        ' data-kind="date" title="date: 2021">one<span class="claim-label">date: 2021</span>'
        '</mark> <mark class="claim claim-statement" id="claim-b" data-claim="b"'
        ' data-kind="statement" title="statement: y">two</mark><span class="claim-label">'
        'incident: x</span></mark><mark class="claim claim-statement" data-claim="b"'
        ' data-kind="statement" title="statement: y"> three<span class="claim-label">'
        'statement: y</span></mark></p>\n<p>four</p>'
    )
    ET.fromstring(f"<div>{html}</div>")  # raises if any tag is left open or crossed


def test_full_article_body_is_well_formed_xml():
    rows = [dict(vars(c), id=str(i)) for i, c in enumerate(CLAIMS)]
    ET.fromstring(f"<div>{highlight_body(BODY, rows)}</div>")


@pytest.mark.asyncio
async def test_claims_table_lists_every_claim_with_an_anchor(db_path):
    ids = claim_ids(db_path)
    soup = await get_soup(make_datasette(db_path), f"/-/claims/article/{ARTICLE.id}")
    rows = soup.select(".claims-article table.claims-list tbody tr")
    assert len(rows) == len(CLAIMS)
    first = rows[0]
    statement = ids[("statement", PARAGRAPHS[0][:-1])]
    assert [td.get_text() for td in first.select("td")] == [
        "statement", PARAGRAPHS[0][:-1], "Border guards", "", "", "details",
    ]
    assert first.select_one(".claim-text a")["href"] == f"#claim-{statement}"
    assert first.select_one(".claim-page a")["href"] == f"/-/claims/claim/{statement}?database=news"


# --- escaping ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_hostile_text_is_escaped_everywhere(db_path):
    response = await make_datasette(db_path).client.get(f"/-/claims/article/{ARTICLE.id}")
    assert "<script>alert(1)</script>" not in response.text
    assert "<img src=x" not in response.text
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select(".claims-article img, .claims-article script") == []
    assert soup.select_one("title").get_text() == HOSTILE_TITLE


# --- the JSON twin ----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_json_twin_returns_article_and_claims(db_path):
    ids = claim_ids(db_path)
    response = await make_datasette(db_path).client.get(f"/-/claims/article/{ARTICLE.id}.json")
    assert response.status_code == 200
    data = response.json()
    assert data["article"] == {
        "id": ARTICLE.id, "title": HOSTILE_TITLE, "source_id": "border-daily",
        "source_name": "Border Daily", "published": "2021-11-23",
        "url": "https://example.com/fence", "origin": "news/fence.txt",
        "dateline_place": None, "body": BODY,
    }
    assert [(c["kind"], c["text"]) for c in data["claims"]] == [
        (c.kind, c.text) for c in sorted(CLAIMS, key=lambda c: (c.start, -c.end))
    ]
    count = next(c for c in data["claims"] if c["text"] == "several thousand people")
    assert count["id"] == ids[("count", "several thousand people")]
    assert (count["count_low"], count["count_high"], count["count_unit"]) == (3000, 9999, "people")
    assert (count["start"], count["end"]) == (CLAIMS[2].start, CLAIMS[2].end)


# --- errors -----------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("suffix", ["", ".json"])
async def test_unknown_article_is_404(db_path, suffix):
    response = await make_datasette(db_path).client.get(f"/-/claims/article/0000000000000000{suffix}")
    assert response.status_code == 404


@pytest.mark.asyncio
@pytest.mark.parametrize("article_id", ["nothex", "0123456789ABCDEF", "0123456789abcdef0", "%3Cscript%3E"])
async def test_malformed_article_id_is_400(db_path, article_id):
    response = await make_datasette(db_path).client.get(f"/-/claims/article/{article_id}")
    assert response.status_code == 400


@pytest.mark.asyncio
async def test_database_without_claims_is_skipped_or_404(db_path, tmp_path):
    empty = tmp_path / "empty.db"
    Database(empty)["notes"].insert({"id": 1})
    ds = make_datasette(empty, db_path)
    assert (await ds.client.get(f"/-/claims/article/{ARTICLE.id}")).status_code == 200
    response = await ds.client.get(f"/-/claims/article/{ARTICLE.id}?database=news")
    assert response.status_code == 200
    assert (await ds.client.get(f"/-/claims/article/{ARTICLE.id}?database=empty")).status_code == 404
    assert (await ds.client.get(f"/-/claims/article/{ARTICLE.id}?database=nope")).status_code == 404


# --- permissions ------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("private", ["articles", "claims"])
@pytest.mark.parametrize("suffix", ["", ".json"])
async def test_private_table_hides_the_article(db_path, private, suffix):
    ds = make_datasette(db_path, private_tables=[private])
    response = await ds.client.get(f"/-/claims/article/{ARTICLE.id}{suffix}")
    assert response.status_code == 403
    assert "Fence" not in response.text
    assert "Bruzgi" not in response.text


@pytest.mark.asyncio
async def test_allowed_actor_sees_private_article(db_path):
    ds = make_datasette(db_path, private_tables=["articles", "claims"])
    soup = await get_soup(ds, f"/-/claims/article/{ARTICLE.id}", cookies=editor_cookies(ds))
    assert soup.select_one(".claims-article h1").get_text() == HOSTILE_TITLE


@pytest.mark.asyncio
async def test_private_table_stays_private_for_an_unknown_id(db_path):
    ds = make_datasette(db_path, private_tables=["claims"])
    response = await ds.client.get("/-/claims/article/0000000000000000")
    assert response.status_code == 403


# --- base_url and static files ----------------------------------------------------------


@pytest.mark.asyncio
async def test_links_respect_base_url(db_path):
    ds = make_datasette(db_path, settings={"base_url": "/prefix/"})
    response = await ds.client.get(f"/-/claims/article/{ARTICLE.id}")
    assert response.status_code == 200
    assert str(response.request.url).startswith("http://localhost/prefix/-/claims/")
    soup = BeautifulSoup(response.text, "html.parser")
    stylesheets = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    assert "/prefix/-/static-plugins/datasette_claims/claims.css" in stylesheets
    formats = [a["href"] for a in soup.select(".claims-article .claims-formats a")]
    assert formats == [
        f"/prefix/-/claims/article/{ARTICLE.id}.json?database=news", "/prefix/news/articles",
        "/prefix/-/claims?database=news",
    ]


@pytest.mark.asyncio
async def test_stylesheet_is_served(db_path):
    response = await make_datasette(db_path).client.get(
        "/-/static-plugins/datasette_claims/claims.css"
    )
    assert response.status_code == 200
    assert ".claims-article mark.claim-date" in response.text


# --- links from Datasette's own pages ---------------------------------------------------


@pytest.mark.asyncio
async def test_claims_table_links_each_claim_to_its_page(db_path):
    ids = claim_ids(db_path)
    soup = await get_soup(make_datasette(db_path), "/news/claims?_sort=start")
    links = {a.get_text(): a["href"] for a in soup.select("td.col-text a.claims-claim-link")}
    assert links["on Tuesday"] == f'/-/claims/claim/{ids[("date", "on Tuesday")]}?database=news'
    assert len(links) == len(CLAIMS)


@pytest.mark.asyncio
async def test_articles_table_links_titles_to_the_article_page(db_path):
    soup = await get_soup(make_datasette(db_path), "/news/articles")
    links = {a.get_text(): a["href"] for a in soup.select("td.col-title a.claims-article-link")}
    assert links == {
        HOSTILE_TITLE: f"/-/claims/article/{ARTICLE.id}?database=news",
        "Quiet day": f"/-/claims/article/{QUIET.id}?database=news",
    }


@pytest.mark.asyncio
async def test_claim_row_page_links_its_id(db_path):
    claim_id = claim_ids(db_path)[("date", "on Tuesday")]
    soup = await get_soup(make_datasette(db_path), f"/news/claims/{claim_id}")
    link = soup.select_one("td.col-id a.claims-claim-link")
    assert link.get_text() == claim_id
    assert link["href"] == f"/-/claims/claim/{claim_id}?database=news"


@pytest.mark.asyncio
async def test_table_links_respect_base_url(db_path):
    ds = make_datasette(db_path, settings={"base_url": "/prefix/"})
    soup = await get_soup(ds, "/news/articles")
    hrefs = [a["href"] for a in soup.select("td.col-title a.claims-article-link")]
    assert f"/prefix/-/claims/article/{QUIET.id}?database=news" in hrefs
