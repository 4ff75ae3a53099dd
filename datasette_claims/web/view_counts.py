"""No row count on the pages of the project's views under Datasette 0.65.

Datasette 0.65 counts a view's rows on every page of it, and `incident_claims` joins
every claim that has an incident to its incident, article and source: at millions of
claims the count runs into the time limit, a second, for a page that shows 100 rows.
Datasette 1.0 counts only when asked. Under 0.65 this middleware so adds `_nocount=1`
(Datasette's own switch) to requests for those views that do not set it themselves;
`select count(*) from incident_claims` still gives the number.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl

import datasette

from ..store.schema import VIEWS

COUNTS_EVERY_VIEW_PAGE = datasette.__version__.startswith("0.")
# /<database>/<view>, with a format (.json, .csv) or not, under any base_url prefix
VIEW_PAGE = re.compile(r"/[^/]+/(?:{})(?:\.\w+)?$".format("|".join(map(re.escape, VIEWS))))


def without_view_counts(app):
    async def app_without_view_counts(scope, receive, send):
        if scope["type"] == "http" and VIEW_PAGE.search(scope["path"]):
            query = scope.get("query_string", b"")
            if not any(key == "_nocount" for key, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True)):
                scope = dict(scope, query_string=query + (b"&" if query else b"") + b"_nocount=1")
        await app(scope, receive, send)

    return app_without_view_counts
