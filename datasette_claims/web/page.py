"""What every page does around its own queries: find the database, check the actor may
view the tables, and answer with HTML, JSON, or an error page."""
from __future__ import annotations

import functools

from datasette import Response

from .permissions import visible_tables
from .queries import has_claims_tables

CLAIMS_TABLES = ("sources", "articles", "claims", "incidents", "entities", "claim_entities", "comparisons",
                 "incident_summaries")


class PageError(Exception):
    """An answer other than the page: 400, 403 or 404 with a message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def page(handler):
    """Answer a PageError with Datasette's error page (or JSON), without raising it to
    Datasette: its exception handler prints a full traceback for every 404, which
    costs a second per request and buries the server's log."""

    @functools.wraps(handler)
    async def view(request, datasette):
        try:
            return await handler(request, datasette)
        except PageError as error:
            return await error_response(datasette, request, error.status, error.message)

    return view


async def error_response(datasette, request, status: int, message: str) -> Response:
    info = {"ok": False, "error": message, "status": status, "title": None}
    if wants_json(request):
        return Response.json(info, status=status)
    html = await datasette.render_template("error.html", info, request=request)
    return Response.html(html, status=status)


def path_id(request, name: str, valid, message: str) -> str:
    """The id the page's path names, or a 400 with `message` when `valid` says it is
    not one: a malformed id never reaches a query."""
    value = request.url_vars[name]
    if not valid(value):
        raise PageError(400, message)
    return value


async def claims_database(datasette, name: str | None):
    """`?database=NAME`, else the first attached database holding articles and claims."""
    if name is not None:
        db = datasette.databases.get(name)
        if db is None or not await has_claims_tables(db):
            raise PageError(404, f"No articles and claims in database: {name}")
        return db
    for db in datasette.databases.values():
        if await has_claims_tables(db):
            return db
    raise PageError(404, "No database holds articles and claims")


async def require_tables(datasette, request, db, required, what: str) -> set[str]:
    """403 unless the actor may view every required table; returns every claims table
    the actor may view, so the page can leave out the others."""
    visible = await visible_tables(datasette, request.actor, db.name, CLAIMS_TABLES)
    if not set(required) <= visible:
        raise PageError(403, f"You do not have permission to view {what}")
    return visible


def wants_json(request) -> bool:
    return bool(request.url_vars.get("format")) or request.args.get("_format") == "json"


async def respond(datasette, request, template: str, context: dict, data: dict) -> Response:
    if wants_json(request):
        return Response.json(data)
    return Response.html(await datasette.render_template(template, context, request=request))
