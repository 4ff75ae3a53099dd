"""Links to the article page, and the table cells that carry them."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from markupsafe import Markup

ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
LINKED_COLUMNS = {("claims", "id"), ("claims", "text"), ("articles", "id"), ("articles", "title")}


def article_path(datasette, article_id: str, database: str | None = None,
                 claim_id: str | None = None, as_json: bool = False) -> str:
    """The article page (or its JSON twin), under base_url, optionally at one claim."""
    path = datasette.urls.path(f"/-/claims/article/{article_id}{'.json' if as_json else ''}")
    if database:
        path += "?" + urlencode({"database": database})
    if claim_id:
        path += f"#claim-{claim_id}"
    return path


def article_link_cell(row, value, column, table, database, datasette):
    """render_cell: claims and articles link to the article page, claims at their mark.

    `id` is linked where Datasette lets plugins render it (row pages, queries with a
    table); on table pages Datasette draws the primary key itself as the row link, so
    `claims.text` and `articles.title` carry the link there.
    """
    if value is None or (table, column) not in LINKED_COLUMNS:
        return None
    if table == "claims":
        article_id, claim_id = _column(row, "article_id"), _column(row, "id")
    else:
        article_id, claim_id = _column(row, "id"), None
    if not isinstance(article_id, str) or not ARTICLE_ID.match(article_id):
        return None
    href = article_path(datasette, article_id, database, claim_id)
    return Markup('<a class="claims-article-link" href="{}">{}</a>').format(href, value)



def _column(row, name):
    # A column hidden with ?_col= is absent; on table pages a foreign key such as
    # claims.article_id arrives expanded, as {"value": ..., "label": ...}.
    try:
        value = row[name]
    except (IndexError, KeyError, TypeError):
        return None
    return value.get("value") if isinstance(value, dict) else value
