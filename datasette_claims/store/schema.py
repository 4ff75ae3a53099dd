"""The database's shape, in one place: every table, index, full-text index and trigger.

Each change to the schema is a new migration appended below, never an edit of an old one,
so databases created by earlier versions are brought up to date by `ensure_db_shape`.
"""
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("datasette_claims")


@migrations()
def create_tables(db: Database):
    db["sources"].create({"id": str, "name": str}, pk="id")
    db["articles"].create(
        {
            "id": str,
            "source_id": str,
            "origin": str,
            "url": str,
            "title": str,
            "published": str,
            "dateline_place": str,
            "body": str,
            "extra": str,  # JSON object of header keys the loader does not model
            "content_hash": str,
            "extracted_with": str,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db["incidents"].create(
        {"id": str, "date_value": str, "place": str, "label": str}, pk="id"
    )
    db["claims"].create(
        {
            "id": str,
            "article_id": str,
            "kind": str,
            "text": str,
            "start": int,
            "end": int,
            "date_value": str,
            "count_low": int,
            "count_high": int,
            "count_unit": str,
            "place": str,
            "speaker": str,
            "action": str,
            "actor": str,
            "content": str,
            "sentence": int,
            "extractor": str,
            "incident_id": str,
        },
        pk="id",
        foreign_keys=[
            ("article_id", "articles", "id"),
            ("incident_id", "incidents", "id"),
        ],
    )
    for table, columns in {
        "articles": ["source_id", "published", "origin", "url"],
        "claims": ["article_id", "kind", "date_value", "count_unit", "place", "speaker", "incident_id"],
        "incidents": ["date_value", "place"],
    }.items():
        for column in columns:
            db[table].create_index([column], if_not_exists=True)
    db["articles"].enable_fts(["title", "body"], create_triggers=True)
    db["claims"].enable_fts(["text"], create_triggers=True)


@migrations()
def add_roles_times_and_entities(db: Database):
    db["claims"].add_column("role", str)  # statements: the speaker's role ("Belarusian President")
    db["claims"].add_column("time_value", str)  # dates: a time of day given with the date, HH:MM
    db["entities"].create(
        {"id": str, "kind": str, "name": str, "folded": str, "role": str, "acronym": str},
        pk="id",
    )
    db["entity_mentions"].create(
        {"entity_id": str, "article_id": str, "start": int, "end": int, "text": str},
        pk=("article_id", "start", "end", "entity_id"),
        foreign_keys=[("entity_id", "entities", "id"), ("article_id", "articles", "id")],
    )
    db["claim_entities"].create(
        {"claim_id": str, "entity_id": str, "role": str},
        pk=("claim_id", "entity_id", "role"),
        foreign_keys=[("claim_id", "claims", "id"), ("entity_id", "entities", "id")],
    )
    for table, columns in {
        "entities": ["kind", "folded"],
        "entity_mentions": ["entity_id"],
        "claim_entities": ["entity_id", "role"],
        "claims": ["role"],
    }.items():
        for column in columns:
            db[table].create_index([column], if_not_exists=True)


def ensure_db_shape(db: Database) -> None:
    """Create or upgrade the schema. Safe to call on every load."""
    db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db)
