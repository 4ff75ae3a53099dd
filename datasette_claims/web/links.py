"""Where the plugin's pages live, and how ids in URLs must look.

Every path goes through `datasette.urls`, so it carries the `base_url` prefix, and names
its database (`?database=NAME`) so a link still works with several databases attached.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

from datasette.utils import tilde_encode

# Articles, claims and incidents have 16-hex-digit ids (model.stable_id); sources a slug.
HEX_ID = re.compile(r"^[0-9a-f]{16}$")
ARTICLE_ID = CLAIM_ID = INCIDENT_ID = HEX_ID
SOURCE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SOURCE_ID = 200


def is_source_id(value: str) -> bool:
    return len(value) <= MAX_SOURCE_ID and bool(SOURCE_ID.match(value))


def _page(datasette, path: str, database: str | None, as_json: bool, args=None) -> str:
    url = datasette.urls.path(path + (".json" if as_json else ""))
    query = ({"database": database} if database else {}) | dict(args or {})
    return url + ("?" + urlencode(query) if query else "")


def overview_path(datasette, database: str | None = None, as_json: bool = False, q=None) -> str:
    return _page(datasette, "/-/claims", database, as_json, {"q": q} if q else None)


def article_path(datasette, article_id: str, database: str | None = None,
                 claim_id: str | None = None, as_json: bool = False) -> str:
    """The article page (or its JSON twin), optionally scrolled to one claim's mark."""
    path = _page(datasette, f"/-/claims/article/{article_id}", database, as_json)
    return path + (f"#claim-{claim_id}" if claim_id else "")


def claim_path(datasette, claim_id: str, database: str | None = None, as_json: bool = False) -> str:
    return _page(datasette, f"/-/claims/claim/{claim_id}", database, as_json)


def source_path(datasette, source_id: str, database: str | None = None, as_json: bool = False) -> str:
    return _page(datasette, f"/-/claims/source/{source_id}", database, as_json)


def incident_path(datasette, incident_id: str, database: str | None = None, as_json: bool = False) -> str:
    """The incident page: every source's claims about one incident, side by side."""
    return _page(datasette, f"/-/claims/incident/{incident_id}", database, as_json)


def conflicts_path(datasette, database: str | None = None, as_json: bool = False, **filters) -> str:
    """The conflicts page, optionally filtered (`source=`, `kind=`; None leaves one out)."""
    return _page(datasette, "/-/claims/conflicts", database, as_json,
                 {name: value for name, value in filters.items() if value})


def table_path(datasette, database: str, table: str, **args) -> str:
    """A core table page, filtered with Datasette's own query string arguments."""
    url = datasette.urls.table(database, table)
    return url + ("?" + urlencode(args) if args else "")


def row_path(datasette, database: str, table: str, row_id: str) -> str:
    return datasette.urls.row(database, table, tilde_encode(str(row_id)))
