"""Permission checks that work on Datasette 0.65 and on the 1.0 alphas."""
from __future__ import annotations


async def can_view_table(datasette, actor, database: str, table: str) -> bool:
    """May this actor see this table? The same question core table pages ask."""
    if hasattr(datasette, "allowed"):
        # 1.0 alphas: view-table already inherits database- and instance-level rules.
        from datasette.resources import TableResource

        return await datasette.allowed(
            action="view-table",
            resource=TableResource(database=database, table=table),
            actor=actor,
        )
    visible, _private = await datasette.check_visibility(
        actor,
        permissions=[
            ("view-table", (database, table)),
            ("view-database", database),
            "view-instance",
        ],
    )
    return visible


async def visible_tables(datasette, actor, database: str, tables) -> set[str]:
    """The ones among `tables` that this actor may view."""
    return {table for table in tables if await can_view_table(datasette, actor, database, table)}
