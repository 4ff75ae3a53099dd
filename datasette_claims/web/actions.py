"""Table and database actions: from Datasette's own pages to the claims overview."""
from __future__ import annotations

from .links import conflicts_path, overview_path
from .queries import has_claims_tables

# The tables whose pages offer the overview: the ones the overview and the pages show.
CLAIMS_TABLES = {"sources", "articles", "claims", "incidents", "entities", "claim_entities",
                 "entity_mentions", "comparisons", "incident_summaries"}


def claims_actions(datasette, database: str, table: str | None = None):
    """[{"href", "label"}] (the form both 0.65 and 1.0 menus take), only in a database
    that holds claims. The actor is already on a page of this database or table."""
    if table is not None and table not in CLAIMS_TABLES:
        return None

    async def inner():
        db = datasette.databases.get(database)
        if db is None or not await has_claims_tables(db):
            return []
        actions = [{"href": overview_path(datasette, database), "label": "Claims overview"}]
        if table == "comparisons":
            actions.append({"href": conflicts_path(datasette, database), "label": "Conflicts between sources"})
        return actions

    return inner
