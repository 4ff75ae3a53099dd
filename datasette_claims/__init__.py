"""Datasette hooks only: each one hands over to datasette_claims.web.

Every hook takes only arguments that both Datasette 0.65 and 1.0 pass (pluggy rejects
an argument a version's hookspec lacks). Each imports what it hands over to when it is
called: the `datasette-claims` command imports this package too, and loads without the
pages (nor Datasette's web application, 0.4 s of start-up)."""
from datasette import hookimpl


@hookimpl
def register_routes():
    from .web.comparison_views import conflicts_page, incident_page
    from .web.views import article_page, claim_page, overview_page, source_page

    # Ids are matched loosely here so that the views can answer 400 for a malformed one.
    return [
        (r"^/-/claims(?:/|(?P<format>\.json))?$", overview_page),
        (r"^/-/claims/article/(?P<article_id>[^/]+?)(?P<format>\.json)?$", article_page),
        (r"^/-/claims/claim/(?P<claim_id>[^/]+?)(?P<format>\.json)?$", claim_page),
        (r"^/-/claims/source/(?P<source_id>[^/]+?)(?P<format>\.json)?$", source_page),
        (r"^/-/claims/incident/(?P<incident_id>[^/]+?)(?P<format>\.json)?$", incident_page),
        (r"^/-/claims/conflicts(?P<format>\.json)?$", conflicts_page),
    ]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    from .web.cells import link_cell

    return link_cell(row, value, column, table, database, datasette)


@hookimpl
def table_actions(datasette, actor, database, table, request):
    from .web.actions import claims_actions

    return claims_actions(datasette, database, table)


@hookimpl
def asgi_wrapper(datasette):
    from .web.view_counts import COUNTS_EVERY_VIEW_PAGE, without_view_counts

    return without_view_counts if COUNTS_EVERY_VIEW_PAGE else None


@hookimpl
def database_actions(datasette, actor, database, request):
    from .web.actions import claims_actions

    return claims_actions(datasette, database)


# `datasette claims ...`: the commands of datasette_claims/cli.py, also the `datasette-claims` command
@hookimpl
def register_commands(cli):
    from .cli import claims

    cli.add_command(claims)
