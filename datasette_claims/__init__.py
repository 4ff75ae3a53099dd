"""Datasette hooks only: each one hands over to datasette_claims.web."""
from datasette import hookimpl

from .web.links import article_link_cell
from .web.views import article_page


@hookimpl
def register_routes():
    return [
        (r"^/-/claims/article/(?P<article_id>[^/]+?)(?P<format>\.json)?$", article_page),
    ]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    return article_link_cell(row, value, column, table, database, datasette)


# --- CLI: the lead engineer's `datasette claims ...` commands (datasette_claims/cli.py) ---
@hookimpl
def register_commands(cli):
    from .cli import claims

    cli.add_command(claims)
