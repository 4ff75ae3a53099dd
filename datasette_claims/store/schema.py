"""The database's shape, in one place: every table, index, full-text index and trigger.

Each change to the schema is a new migration appended below, never an edit of an old one,
so databases created by earlier versions are brought up to date by `ensure_db_shape`.
"""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .connection import switch_to_wal, write_transaction

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


@migrations()
def add_cross_source_comparison(db: Database):
    db["claims"].add_column("count_predicate", str)  # counts: what happened to the counted
    db["claims"].add_column("paragraph", int)
    db["articles"].add_column("syndicated_from", str)  # the article this one republishes
    for column, kind in (("source_count", int), ("article_count", int), ("claim_count", int),
                         ("first_reported", str), ("last_reported", str)):
        db["incidents"].add_column(column, kind)
    db["comparisons"].create(
        {"id": str, "incident_id": str, "claim_a": str, "claim_b": str, "kind": str,
         "quantity": str, "verdict": str, "explanation": str},
        pk="id",
        foreign_keys=[("incident_id", "incidents", "id"), ("claim_a", "claims", "id"),
                      ("claim_b", "claims", "id")],
    )
    db["incident_summaries"].create(
        {"incident_id": str, "quantity": str, "low": int, "best": int, "high": int,
         "date_low": str, "date_high": str, "claims": int, "sources": int},
        pk=("incident_id", "quantity"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    for table, columns in {
        "claims": ["count_predicate"],
        "articles": ["syndicated_from"],
        "incidents": ["source_count", "first_reported"],
        "comparisons": ["incident_id", "claim_a", "claim_b", "verdict", "kind"],
    }.items():
        for column in columns:
            db[table].create_index([column], if_not_exists=True)


@migrations()
def add_revisions_and_load_state(db: Database):
    # When an article's text changes, the version it replaces is kept with its claims,
    # so a corrected figure stays visible next to the correction.
    db["articles"].add_column("stored_at", str)  # when this version of the article was stored
    db["article_versions"].create(
        {"id": str, "article_id": str, "version": int, "url": str, "title": str, "published": str,
         "body": str, "extra": str, "content_hash": str, "extracted_with": str,
         "stored_at": str, "replaced_at": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    claim_columns = {"version_id": str, "claim_id": str, "article_id": str, "kind": str, "text": str,
                     "start": int, "end": int, "date_value": str, "time_value": str, "count_low": int,
                     "count_high": int, "count_unit": str, "count_predicate": str, "place": str,
                     "speaker": str, "role": str, "action": str, "actor": str, "content": str,
                     "sentence": int, "paragraph": int, "extractor": str}
    db["claim_versions"].create(
        claim_columns,
        pk=("version_id", "claim_id"),
        foreign_keys=[("version_id", "article_versions", "id"), ("article_id", "articles", "id")],
    )
    # Flags that outlive a killed load (once "comparisons_stale", now queue tables).
    db["load_state"].create({"key": str, "value": str}, pk="key")
    for table, columns in {
        "article_versions": ["article_id", "replaced_at"],
        "claim_versions": ["article_id", "kind", "count_unit"],
    }.items():
        for column in columns:
            db[table].create_index([column], if_not_exists=True)


@migrations()
def add_incremental_comparison(db: Database):
    # The comparison pass redoes only what a load touched: these queues say what, and
    # stored MinHash signatures find a new article's copies without re-reading the rest.
    db["stale_articles"].create({"article_id": str}, pk="article_id")
    db["stale_months"].create({"month": str}, pk="month")
    db["article_signatures"].create({"article_id": str, "signature": bytes}, pk="article_id",
                                    foreign_keys=[("article_id", "articles", "id")])
    db["article_bands"].create({"band": int, "article_id": str}, pk=("band", "article_id"),
                               foreign_keys=[("article_id", "articles", "id")])
    db["article_bands"].create_index(["article_id"])
    db["claims"].create_index(["kind", "date_value"])  # a month's incident reports
    # a database made before: everything is compared again by the next load
    db.execute("insert into stale_articles (article_id) select id from articles")
    db.execute("insert or ignore into stale_months (month) "
               "select distinct coalesce(substr(date_value, 1, 7), '') from claims where kind = 'incident'")
    db.execute("delete from load_state where key = 'comparisons_stale'")


@migrations()
def add_figures_for_pages_at_scale(db: Database):
    # Pages must answer at once over millions of claims: what they sort, filter and
    # total by is kept where an index (or a small table) gives it.
    for column in ("published", "source_a", "source_b"):  # the later article's date; each side's outlet
        db["comparisons"].add_column(column, str)
    db.execute("""
        update comparisons set
          published = (select max(article_a.published, article_b.published)
                       from claims as claim_a, claims as claim_b, articles as article_a, articles as article_b
                       where claim_a.id = comparisons.claim_a and claim_b.id = comparisons.claim_b
                         and article_a.id = claim_a.article_id and article_b.id = claim_b.article_id),
          source_a = (select articles.source_id from claims join articles on articles.id = claims.article_id
                      where claims.id = comparisons.claim_a),
          source_b = (select articles.source_id from claims join articles on articles.id = claims.article_id
                      where claims.id = comparisons.claim_b)""")
    db["source_claim_days"].create(
        {"source_id": str, "published": str, "kind": str, "claims": int, "articles": int},
        pk=("source_id", "published", "kind"),
    )
    db.execute("""
        insert into source_claim_days (source_id, published, kind, claims, articles)
        select articles.source_id, articles.published, claims.kind, count(*), count(distinct claims.article_id)
        from claims join articles on articles.id = claims.article_id
        group by articles.source_id, articles.published, claims.kind""")
    # wider indexes that answer their queries alone; the narrower ones they replace go
    for table, columns in {
        "comparisons": [["verdict", "published"], ["verdict", "kind"], ["verdict", "source_a"],
                        ["verdict", "source_b"]],
        "claims": [["article_id", "kind"]],
        "articles": [["source_id", "published"]],
        "incidents": [["source_count", "date_value"]],
        "source_claim_days": [["kind", "claims", "articles"]],  # the totals by kind, from the index alone
    }.items():
        for index_columns in columns:
            db[table].create_index(index_columns, if_not_exists=True)
    for index in ("idx_claims_article_id", "idx_claims_kind", "idx_articles_source_id", "idx_comparisons_verdict",
                  "idx_incidents_source_count"):
        db.execute(f"drop index if exists [{index}]")


@migrations()
def index_text_a_whole_article_at_a_time(db: Database):
    # A trigger per inserted row made full-text indexing most of a load's cost: the
    # writer now indexes each article's text and claims with one statement each. Updates
    # reindex only when the indexed text itself changes (not when a claim joins an incident).
    for table, columns in (("articles", ("title", "body")), ("claims", ("text",))):
        db.execute(f"drop trigger if exists [{table}_ai]")
        db.execute(f"drop trigger if exists [{table}_au]")
        names = ", ".join(f"[{c}]" for c in columns)
        old = ", ".join(f"old.[{c}]" for c in columns)
        new = ", ".join(f"new.[{c}]" for c in columns)
        db.execute(f"""
            create trigger [{table}_au] after update of {names} on [{table}] begin
              insert into [{table}_fts] ([{table}_fts], rowid, {names}) values ('delete', old.rowid, {old});
              insert into [{table}_fts] (rowid, {names}) values (new.rowid, {new});
            end""")


@migrations()
def index_conflicts_by_source_pair(db: Database):
    # source_disagreements groups every conflict by the two sources: from this index alone
    db["comparisons"].create_index(["verdict", "source_a", "source_b", "kind", "incident_id"], if_not_exists=True)
    db.execute("drop index if exists idx_comparisons_verdict_source_a")  # this one begins the same



@migrations()
def add_deferred_indexes(db: Database):
    # what a first load into an empty database builds when it ends (store/bulk.py)
    db["deferred_indexes"].create({"name": str, "sql": str}, pk="name")


@migrations()
def keep_figures_for_pages_at_millions_of_claims(db: Database):
    # A claim carries its article's publication date, so an incident's reports come in
    # order of publication from an index: an incident may have tens of thousands.
    db["claims"].add_column("published", str)
    db.execute("update claims set published = (select published from articles where articles.id = claims.article_id)")
    db["claims"].create_index(["incident_id", "published", "article_id", "kind"], if_not_exists=True)
    db.execute("drop index if exists idx_claims_incident_id")  # the new one begins the same
    # a source's claims by day, from the index alone
    db["source_claim_days"].create_index(["source_id", "published", "kind", "claims"], if_not_exists=True)
    # The overview's totals, a row per source and kind (and incidents per date), kept
    # by triggers on the tables they total, so no page sums a row per day.
    db["source_claim_totals"].create({"source_id": str, "kind": str, "claims": int, "articles": int},
                                     pk=("source_id", "kind"))
    db.execute("""
        insert into source_claim_totals (source_id, kind, claims, articles)
        select source_id, kind, sum(claims), sum(articles) from source_claim_days group by source_id, kind""")
    db.execute("drop index if exists idx_source_claim_days_kind_claims_articles")
    db["incident_days"].create({"date_value": str, "incidents": int}, pk="date_value")
    db.execute(COUNT_INCIDENT_DAYS)
    # source_disagreements was a view grouping every conflict; now triggers keep it
    db.execute("drop view if exists source_disagreements")
    db["source_disagreements"].create(
        {"source_a": str, "source_b": str, "kind": str, "conflicts": int, "incidents": int},
        pk=("source_a", "source_b", "kind"),
    )
    db.execute(COUNT_SOURCE_DISAGREEMENTS)
    for statement in SOURCE_DISAGREEMENT_TRIGGERS + TOTAL_TRIGGERS:
        db.execute(statement)


# incident_days from incidents, at once (into an empty table)
COUNT_INCIDENT_DAYS = """
    insert into incident_days (date_value, incidents)
    select date_value, count(*) from incidents where date_value is not null group by date_value"""

# source_disagreements from comparisons, at once (into an empty table)
COUNT_SOURCE_DISAGREEMENTS = """
    insert into source_disagreements (source_a, source_b, kind, conflicts, incidents)
    select source_a, source_b, kind, count(*), count(distinct incident_id)
    from comparisons where verdict = 'conflict'
    group by source_a, source_b, kind"""

# Comparisons are only ever inserted and deleted (a pass deletes an incident's and
# inserts them anew), so these two keep source_disagreements exact. A pair's incidents
# change when its first conflict about an incident comes, or its last goes: the
# (verdict, source_a, source_b, kind, incident_id) index answers that at once.
SAME_PAIR_AND_INCIDENT = """
  select 1 from comparisons
  where verdict = 'conflict' and source_a = {row}.source_a and source_b = {row}.source_b
    and kind = {row}.kind and incident_id = {row}.incident_id"""
SOURCE_DISAGREEMENT_TRIGGERS = (
    f"""
    create trigger comparisons_count_conflict after insert on comparisons when new.verdict = 'conflict' begin
      insert into source_disagreements (source_a, source_b, kind, conflicts, incidents)
      values (new.source_a, new.source_b, new.kind, 1,
              not exists ({SAME_PAIR_AND_INCIDENT.format(row="new")} and rowid != new.rowid))
      on conflict (source_a, source_b, kind) do update
        set conflicts = conflicts + 1, incidents = incidents + excluded.incidents;
    end""",
    f"""
    create trigger comparisons_uncount_conflict after delete on comparisons when old.verdict = 'conflict' begin
      update source_disagreements
        set conflicts = conflicts - 1, incidents = incidents - not exists ({SAME_PAIR_AND_INCIDENT.format(row="old")})
        where source_a = old.source_a and source_b = old.source_b and kind = old.kind;
      delete from source_disagreements
        where source_a = old.source_a and source_b = old.source_b and kind = old.kind and conflicts <= 0;
    end""",
)

# source_claim_days changes by upserts (a row's claims and articles grow or shrink) and
# loses rows that fall to zero; incidents come, go, and change their dates (the
# comparison pass upserts them: a REPLACE would fire no delete trigger).
TOTAL_TRIGGERS = (
    """
    create trigger source_claim_days_add after insert on source_claim_days begin
      insert into source_claim_totals (source_id, kind, claims, articles)
      values (new.source_id, new.kind, new.claims, new.articles)
      on conflict (source_id, kind) do update
        set claims = claims + excluded.claims, articles = articles + excluded.articles;
    end""",
    """
    create trigger source_claim_days_change after update on source_claim_days begin
      update source_claim_totals
        set claims = claims + new.claims - old.claims, articles = articles + new.articles - old.articles
        where source_id = new.source_id and kind = new.kind;
    end""",
    """
    create trigger source_claim_days_remove after delete on source_claim_days begin
      update source_claim_totals set claims = claims - old.claims, articles = articles - old.articles
        where source_id = old.source_id and kind = old.kind;
      delete from source_claim_totals where source_id = old.source_id and kind = old.kind and claims <= 0;
    end""",
    """
    create trigger incidents_add_day after insert on incidents when new.date_value is not null begin
      insert into incident_days (date_value, incidents) values (new.date_value, 1)
      on conflict (date_value) do update set incidents = incidents + 1;
    end""",
    """
    create trigger incidents_remove_day after delete on incidents when old.date_value is not null begin
      update incident_days set incidents = incidents - 1 where date_value = old.date_value;
      delete from incident_days where date_value = old.date_value and incidents <= 0;
    end""",
    """
    create trigger incidents_move_day after update of date_value on incidents
    when old.date_value is not new.date_value begin
      update incident_days set incidents = incidents - 1 where date_value = old.date_value;
      delete from incident_days where date_value = old.date_value and incidents <= 0;
      insert into incident_days (date_value, incidents) select new.date_value, 1 where new.date_value is not null
      on conflict (date_value) do update set incidents = incidents + 1;
    end""",
)

# Views make the common questions one-liners. They are recreated on every load, so a
# new version of the package can change them without a migration.
VIEWS = {
    "incident_claims": """
select
  incidents.id as incident_id, incidents.date_value as incident_date, incidents.place as incident_place,
  incidents.label as incident_label, claims.id as claim_id, claims.kind, claims.text,
  claims.date_value, claims.count_low, claims.count_high, claims.count_unit, claims.count_predicate,
  claims.place, claims.speaker, articles.id as article_id, articles.published, articles.title,
  sources.id as source_id, sources.name as source_name
from claims
join incidents on incidents.id = claims.incident_id
join articles on articles.id = claims.article_id
join sources on sources.id = articles.source_id
""",
}


def ensure_db_shape(db: Database) -> None:
    """Create or upgrade the schema. Safe to call on every load, and from several loads
    at once: the migrations run under the write lock, so only the first applies them."""
    switch_to_wal(db)
    db.execute("PRAGMA foreign_keys = ON")
    with write_transaction(db):
        migrations.apply(db)
        for name, sql in VIEWS.items():
            if view_sql(db, name) != sql.strip():
                db.create_view(name, sql.strip(), replace=True)


def view_sql(db: Database, name: str) -> str | None:
    row = db.execute("select sql from sqlite_master where type = 'view' and name = ?", [name]).fetchone()
    if not row:
        return None
    # sqlite_master holds the whole statement: "CREATE VIEW name AS select ..."
    return row[0].split(" AS ", 1)[1] if " AS " in row[0] else row[0]
