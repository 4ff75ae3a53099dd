"""Cross-source comparison: syndication, incidents across articles, verdicts.

`recompare(db)` rebuilds all of it from the stored claims in one transaction; the
loader runs it after every load that changed something.
"""
from __future__ import annotations

from collections import defaultdict

from sqlite_utils import Database

from ..store.connection import write_transaction
from ..store.write import insert_rows
from .cluster import Report, cluster_reports, incident_row, join_claims
from .similarity import PairedNames
from .syndication import find_copies
from .verdicts import compare_incident


def update_syndication(db: Database) -> dict[str, str]:
    """Record which articles republish another; returns {article id: its original's id}."""
    articles = db.execute("select id, published, body from articles").fetchall()
    copies = find_copies(articles)
    db.execute("update articles set syndicated_from = null where syndicated_from is not null")
    db.conn.executemany("update articles set syndicated_from = ? where id = ?",
                   [(original, copy) for copy, original in copies.items()])
    return copies


def load_reports(db: Database) -> list[Report]:
    # A place that is only the dateline's (where the story was filed, used when the text
    # names none) says nothing about which incident this is.
    rows = db.execute("""
        select claims.id, claims.article_id, articles.source_id, articles.published, claims.date_value,
               case when claims.place = articles.dateline_place then null else claims.place end,
               claims.text, claims.action, claims.start, claims.sentence, claims.paragraph
        from claims join articles on articles.id = claims.article_id
        where claims.kind = 'incident'
    """).fetchall()
    return [Report(*row) for row in rows]


def recompare(db: Database) -> dict[str, int]:
    """Recluster every incident and recompute every comparison. Returns a few totals."""
    with write_transaction(db):
        copies = update_syndication(db)
        sources = dict(db.execute("select id, source_id from articles").fetchall())
        reports = load_reports(db)
        pairs = PairedNames(r.place for r in reports if r.place)
        clusters = cluster_reports(reports, pairs)
        incident_of = {r.claim_id: incident_id for incident_id, members in clusters.items() for r in members}
        claims = [dict(zip(("id", "article_id", "kind", "sentence", "paragraph", "start"), row)) for row in
                  db.execute("select id, article_id, kind, sentence, paragraph, start from claims").fetchall()]
        incident_of.update(join_claims(claims, incident_of))

        db.execute("delete from comparisons")
        db.execute("delete from incident_summaries")
        incidents = {incident_id: incident_row(incident_id, members, copies, sources)
                     for incident_id, members in clusters.items()}
        insert_rows(db, "incidents", list(incidents.values()), "or replace")
        # only claims whose incident changed are written: after a small load, a few
        current = dict(db.execute("select id, incident_id from claims where incident_id is not null").fetchall())
        db.conn.executemany("update claims set incident_id = ? where id = ?",
                            [(None, claim_id) for claim_id in current.keys() - incident_of.keys()]
                            + [(incident_id, claim_id) for claim_id, incident_id in incident_of.items()
                               if current.get(claim_id) != incident_id])
        db.execute("delete from incidents where id not in "
                   "(select incident_id from claims where incident_id is not null)")

        # an article and its copies are one independent source: the original's outlet
        independent_of = {article_id: sources[copies.get(article_id, article_id)] for article_id in sources}
        comparisons, summaries = [], []
        for incident_id, members in incident_claims(db).items():
            found, summary = compare_incident(incidents[incident_id], members, independent_of, pairs, set(copies))
            comparisons += found
            summaries += summary
        insert_rows(db, "comparisons", comparisons)
        insert_rows(db, "incident_summaries", summaries)
        db.execute("delete from load_state where key = 'comparisons_stale'")
    return {"incidents": len(clusters), "comparisons": len(comparisons),
            "conflicts": sum(c["verdict"] == "conflict" for c in comparisons)}


def incident_claims(db: Database) -> dict[str, list[dict]]:
    columns = ("id", "incident_id", "article_id", "kind", "date_value", "count_low", "count_high",
               "count_unit", "count_predicate", "place", "source_name")
    rows = db.execute("""
        select claims.id, claims.incident_id, claims.article_id, claims.kind, claims.date_value,
               claims.count_low, claims.count_high, claims.count_unit, claims.count_predicate, claims.place,
               sources.name
        from claims
        join articles on articles.id = claims.article_id
        join sources on sources.id = articles.source_id
        where claims.incident_id is not null and claims.kind in ('count', 'incident')
        order by claims.incident_id, articles.published, claims.start
    """).fetchall()
    grouped = defaultdict(list)
    for row in rows:
        claim = dict(zip(columns, row))
        grouped[claim["incident_id"]].append(claim)
    return grouped
