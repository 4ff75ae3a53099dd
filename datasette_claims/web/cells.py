"""render_cell: ids and names in Datasette's own tables link to the plugin's pages.

Datasette draws a table page's primary key itself (as the link to the row page) and
never passes it to render_cell, so on table pages a second column carries the link:
claims.text, articles.title, sources.name, incidents.label. Row pages and query results
do pass the id, and it is linked too. Elsewhere (query results, where `table` is None,
views and link tables) columns are recognised by name: claim_id, article_id, source_id,
incident_id (and a comparison's claim_a, claim_b, other_claim_id), in a database that holds
the claims tables.
"""
from __future__ import annotations

from markupsafe import Markup

from .links import HEX_ID, article_path, claim_path, incident_path, is_source_id, source_path
from .queries import has_claims_tables

# (table, column) -> (the page it links to, the column holding that page's id)
TABLE_LINKS = {
    ("claims", "id"): ("claim", "id"),
    ("claims", "text"): ("claim", "id"),
    ("claims", "incident_id"): ("incident", "incident_id"),
    ("articles", "id"): ("article", "id"),
    ("articles", "title"): ("article", "id"),
    ("sources", "id"): ("source", "id"),
    ("sources", "name"): ("source", "id"),
    ("incidents", "id"): ("incident", "id"),
    ("incidents", "label"): ("incident", "id"),
    ("comparisons", "claim_a"): ("claim", "claim_a"),
    ("comparisons", "claim_b"): ("claim", "claim_b"),
    ("comparisons", "incident_id"): ("incident", "incident_id"),
    ("source_disagreements", "source_a"): ("source", "source_a"),
    ("source_disagreements", "source_b"): ("source", "source_b"),
}
# The columns that carry the link on table pages: an empty one still gets a link.
NAME_COLUMNS = {("claims", "text"), ("articles", "title"), ("sources", "name"), ("incidents", "label")}
UNTITLED = Markup("<em>untitled</em>")
# Anywhere else, a column of one of these names holds that page's id.
ID_COLUMN_LINKS = {
    "claim_id": "claim",
    "claim_a": "claim",  # the two sides of a comparison, as the canned queries name them
    "claim_b": "claim",
    "other_claim_id": "claim",
    "article_id": "article",
    "source_id": "source",
    "incident_id": "incident",
}
# Tables whose own links above say all: their other columns are left to Datasette.
LINKED_TABLES = {table for table, _ in TABLE_LINKS}


def link_cell(row, value, column, table, database, datasette):
    if table in LINKED_TABLES:
        link = TABLE_LINKS.get((table, column))
        if link is None or (value is None and (table, column) not in NAME_COLUMNS):
            return None
        page, id_column = link
        text = UNTITLED if value in (None, "") else display(value)
        return _link(datasette, database, page, column_value(row, id_column), text)
    page = ID_COLUMN_LINKS.get(column)
    target = value.get("value") if isinstance(value, dict) else value
    if page is None or not isinstance(target, str) or not _is_id(page, target):
        return None

    async def link_if_claims_database():
        db = datasette.databases.get(database)
        if db is None or not await has_claims_tables(db):
            return None
        return _link(datasette, database, page, target, display(value))

    return link_if_claims_database


def _is_id(page: str, value: str) -> bool:
    return is_source_id(value) if page == "source" else bool(HEX_ID.match(value))


def _link(datasette, database, page, target, text):
    if not isinstance(target, str) or not _is_id(page, target):
        return None
    if page == "claim":
        href = claim_path(datasette, target, database)
    elif page == "article":
        href = article_path(datasette, target, database)
    elif page == "source":
        href = source_path(datasette, target, database)
    else:
        href = incident_path(datasette, target, database)
    return Markup('<a class="claims-link claims-{}-link" href="{}">{}</a>').format(page, href, text)


def display(value):
    # An expanded foreign key arrives as {"value": ..., "label": ...}: show its label.
    if isinstance(value, dict):
        return value.get("label") or value.get("value")
    return value


def column_value(row, name):
    # A column hidden with ?_col= is absent; on table pages a foreign key such as
    # claims.incident_id arrives expanded, as {"value": ..., "label": ...}.
    try:
        value = row[name]
    except (IndexError, KeyError, TypeError):
        return None
    return value.get("value") if isinstance(value, dict) else value
