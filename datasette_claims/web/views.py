"""The plugin's pages, one handler each."""
from __future__ import annotations

from datasette import Response
from datasette.utils.asgi import BadRequest, Forbidden, NotFound

from .highlight import claim_label, describe_value, highlight_body
from .links import ARTICLE_ID, article_path
from .permissions import can_view_table
from .queries import REQUIRED_TABLES, fetch_article, fetch_claims, has_claims_tables


async def article_page(request, datasette):
    """/-/claims/article/<id>[.json]: an article with its claims highlighted in the text."""
    article_id = request.url_vars["article_id"]
    if not ARTICLE_ID.match(article_id):
        raise BadRequest("An article id is 16 lower-case hex digits")
    db = await claims_database(datasette, request.args.get("database"))
    for table in REQUIRED_TABLES:
        if not await can_view_table(datasette, request.actor, db.name, table):
            raise Forbidden("You do not have permission to view this article")
    article = await fetch_article(db, article_id)
    if article is None:
        raise NotFound("Article not found")
    claims = await fetch_claims(db, article_id)
    if request.url_vars.get("format"):
        return Response.json({"article": article, "claims": claims})
    context = {
        "database": db.name,
        "article": article,
        "url_is_link": (article["url"] or "").lower().startswith(("http://", "https://")),
        "body_html": highlight_body(article["body"] or "", claims),
        "claims": [
            dict(claim, label=claim_label(claim), value=describe_value(claim)) for claim in claims
        ],
        "json_url": article_path(datasette, article_id, db.name, as_json=True),
        "articles_url": datasette.urls.table(db.name, "articles"),
    }
    return Response.html(
        await datasette.render_template("claims_article.html", context, request=request)
    )


async def claims_database(datasette, name: str | None):
    """`?database=NAME`, else the first attached database holding articles and claims."""
    if name is not None:
        db = datasette.databases.get(name)
        if db is None or not await has_claims_tables(db):
            raise NotFound(f"No articles and claims in database: {name}")
        return db
    for db in datasette.databases.values():
        if await has_claims_tables(db):
            return db
    raise NotFound("No database holds articles and claims")
