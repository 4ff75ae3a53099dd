"""Cross-source comparison: syndication, incidents across articles, verdicts.

`recompare(db)` brings all of it up to date with what the loads since the last pass
queued (`stale_articles`, `stale_months`), in one transaction. Reports are clustered
only within their month, so the pass works a month at a time and redoes only the
months a load touched: its memory is that of the largest month, not of the corpus.
`recompare(db, everything=True)` queues everything first. Given worker processes
(`datasette_claims.workers`), months are clustered, claims joined to incidents and
incidents compared in them, from the claims as committed and what this process, the
only writer, sends them of what the pass changed; this process stores what they find.
"""
from __future__ import annotations

import json
from collections import defaultdict
from itertools import groupby
from operator import itemgetter
from typing import Iterator

from sqlite_utils import Database

from ..memory import give_back_freed_memory
from ..store.bulk import NOT_READ_BY_THE_PASS, bare_while_filling, build_deferred_indexes, build_one_deferred_index
from ..store.connection import database_path, read_only, references_unchecked, sorting_cache, write_transaction
from ..store.schema import COUNT_INCIDENT_DAYS, COUNT_SOURCE_DISAGREEMENTS
from ..store.write import MONTH_SQL, insert_values
from ..workers import Meanwhile, Workers
from .cluster import INCIDENT_COLUMNS, cluster_month, join_claims, with_shared_values
from .similarity import PairedNames
from .syndication import CopiesLookedForBeside, update_syndication
from .verdicts import COMPARISON_COLUMNS, INCIDENT_CLAIM_COLUMNS, SUMMARY_COLUMNS, ArticleSources, compare_incidents

CHUNK = 500  # articles or incidents handled at a time after clustering
# Reports of the months clustered in one task, at most (a month of more goes alone): a
# month of a few reports costs less to cluster than to send a worker (1,000 articles
# spread 13,180 reports over 121 months).
MONTH_GROUP_REPORTS = 2000
# Incident reports in one chunk of incidents to compare, at most (or one incident's, when
# it has more): a worker holds a chunk's claim rows, and the writer its comparisons, so
# a few incidents of thousands of reports each must not come in one chunk.
CHUNK_REPORTS = 2000
# Articles of the months sent to the workers ahead while the writer builds the indexes
# a load left to the pass: enough to keep them busy meanwhile, few enough that the
# results waiting for the writer stay small (at 100,000 articles a month has about 800,
# a January 2,500).
ARTICLES_AHEAD_WHILE_BUILDING = 2000
# in incident_claims' rows
CLAIM_ID, INCIDENT_ID, PUBLISHED = map(INCIDENT_CLAIM_COLUMNS.index, ("id", "incident_id", "published"))
# What the triggers on comparisons and incidents keep, counted from an empty start (none
# stored means none counted, so the table is empty then too: the delete is the rule written down).
COUNT_CONFLICTS = ("delete from source_disagreements", COUNT_SOURCE_DISAGREEMENTS)
COUNT_DAYS = ("delete from incident_days", COUNT_INCIDENT_DAYS)


def recompare(db: Database, everything: bool = False, workers: Workers = Workers(None),
              copies: CopiesLookedForBeside | None = None) -> dict[str, int]:
    """Recluster the queued months' incidents and recompute their comparisons. Returns
    the database's totals. `copies`: what a thread found of the queued articles'
    copies beforehand, if one looked."""
    with references_unchecked(db), sorting_cache(db), write_transaction(db):
        if everything:
            queue_everything(db)
        pairs = paired_names(db)

        def build_one() -> bool:  # of the indexes a load leaves to this pass (see store/bulk.py)
            return build_one_deferred_index(db, NOT_READ_BY_THE_PASS)

        update_syndication(db, copies.found(meanwhile=build_one) if copies else None)
        # work lists of this pass only, kept in SQLite rather than in memory
        db.execute("create temp table if not exists touched_articles (article_id text primary key)")
        db.execute("create temp table if not exists touched_incidents (incident_id text primary key)")
        # the incident claims clustering moved, until they are written with the claims joined to them
        db.execute("create temp table if not exists moved_claims (claim_rowid integer primary key, incident_id text)")
        for work_list in ("touched_articles", "touched_incidents", "moved_claims"):
            db.execute(f"delete from temp.{work_list}")
        month_groups = busiest_first(db, [row[0] for row in db.execute("select month from stale_months")])
        # Worker processes read claims themselves, from what was committed: this pass
        # changes no claim but its incident_id, and a month's reports are read before
        # the month is stored; the incidents the pass gave, the writer sends them.
        source = database_path(db) if workers.pool else db
        # A first pass fills an empty table: its indexes are built and its days counted at the end.
        with bare_while_filling(db, "incidents", recount=COUNT_DAYS):
            building = Meanwhile(build_one, weigh=len, most=ARTICLES_AHEAD_WHILE_BUILDING)
            for article_ids, clustered in workers.in_order(cluster_months_of,
                                                           months_to_cluster(db, month_groups, pairs, source),
                                                           meanwhile=building):
                store_month(db, article_ids, *clustered)
                give_back_freed_memory()  # the month's results: a busy month's are big
        for moved, changed in workers.in_order(joined_claims_of, articles_to_join(db, source)):
            store_joined_claims(db, moved, changed)
            give_back_freed_memory()  # the chunk's changes: else the writer's memory ratchets up
        build_deferred_indexes(db)  # the index by incident a first load leaves to this point, and any left
        compare_touched_incidents(db, pairs, workers)
        db.execute("delete from stale_articles")
        db.execute("delete from stale_months")
        # counted with the smaller cache too: the counts read every comparison, and would
        # fill the load's big cache anew (+32 MB at 100,000 articles, against +9)
        return totals(db)


def queue_everything(db: Database) -> None:
    db.execute("insert or ignore into stale_articles (article_id) select id from articles")
    queue_every_month(db)


def queue_every_month(db: Database) -> None:
    db.execute(f"insert or ignore into stale_months (month) select distinct {MONTH_SQL} from claims "
               "where kind = 'incident'")


def paired_names(db: Database) -> PairedNames:
    """Names paired anywhere pair everywhere: when a new pairing appears (or one goes),
    every month is clustered again."""
    places = [row[0] for row in db.execute(
        "select distinct place from claims where kind = 'incident' and place is not null order by place")]
    pairs = PairedNames(places)
    key = pairs.key()
    stored = db.execute("select value from load_state where key = 'paired_names'").fetchone()
    if stored is None or stored[0] != key:
        queue_every_month(db)
        db.execute("insert or replace into load_state (key, value) values ('paired_names', ?)", [key])
    return pairs


def chunks(db: Database, sql: str, params=(), most_weight: int | None = None) -> Iterator[list[str]]:
    """The first column of a query's rows, CHUNK at a time. With `most_weight`, a chunk
    also ends before the second column's sum would pass it (a heavier row goes alone)."""
    chunk, weight = [], 0
    for row in db.conn.execute(sql, params):
        row_weight = (row[1] or 0) if most_weight is not None else 0
        if chunk and (len(chunk) == CHUNK or most_weight is not None and weight + row_weight > most_weight):
            yield chunk
            chunk, weight = [], 0
        chunk.append(row[0])
        weight += row_weight
    if chunk:
        yield chunk


def in_list(ids) -> str:
    """One parameter for `in (select value from json_each(?))`: any number of ids."""
    return json.dumps(list(ids))


def month_where(month: str) -> str:
    """The claims of a month ("" for undated ones), through the (kind, date_value) index."""
    return ("claims.date_value is null" if month == "" else
            "claims.date_value >= :month and claims.date_value < :month || '~' "
            "and substr(claims.date_value, 1, 7) = :month")


def month_reports(db: Database, month: str) -> Iterator[tuple]:
    """A month's incident reports, as the rows of cluster.Report, in an order that does
    not depend on the order of loading (a cursor: read them once)."""
    # A place that is only the dateline's (where the story was filed, used when the text
    # names none) says nothing about which incident this is.
    return db.execute(f"""
        select claims.id, claims.article_id, articles.source_id, articles.published, claims.date_value,
               case when claims.place = articles.dateline_place then null else claims.place end,
               claims.text, claims.action, claims.start, claims.sentence, claims.paragraph, claims.incident_id,
               claims.rowid
        from claims join articles on articles.id = claims.article_id
        where claims.kind = 'incident' and {month_where(month)}
        order by articles.published, claims.article_id, claims.start
    """, {"month": month})


def busiest_first(db: Database, months: list[str], most: int = MONTH_GROUP_REPORTS) -> list[list[str]]:
    """The months by their number of reports, most first, in groups of at most `most`
    reports (a month of more alone): a busy month may take a worker a minute, and taken
    first it leaves the other workers the small ones meanwhile, where taken last it
    would leave them idle (and months finished ahead of it would wait in memory).
    Months are stored in this order; none depends on another."""
    reports = {month: db.execute(f"select count(*) from claims where kind = 'incident' and {month_where(month)}",
                                 {"month": month}).fetchone()[0] for month in months}
    groups, weight = [], 0
    for month in sorted(months, key=lambda month: (-reports[month], month)):
        if not groups or weight + reports[month] > most:
            groups.append([])
            weight = 0
        groups[-1].append(month)
        weight += reports[month]
    return groups


def months_to_cluster(db: Database, month_groups: list[list[str]], pairs: PairedNames,
                      source: Database | str) -> Iterator[tuple[list[str], tuple]]:
    """(the months' articles, cluster_months_of's arguments) of each group of months,
    read as the workers need them. Who republished whom is read here (this pass has just
    changed it); the reports, by the worker: nothing of a month stays in this process
    while it is clustered, so the writer's memory does not grow with the months."""
    for months in month_groups:
        article_ids = {row[0] for month in months for row in db.execute(
            f"select distinct article_id from claims where kind = 'incident' and {month_where(month)}",
            {"month": month})}
        independent_of = article_sources(db, article_ids).independent_of
        yield list(independent_of), (source, months, independent_of, pairs)


def cluster_months_of(source: Database | str, months: list[str], independent_of: dict[str, str],
                      pairs: PairedNames) -> tuple[list[tuple], list[tuple[str, int]], list[str]]:
    """cluster_month for each of the months, their reports read from `source` (the
    writer's database, or in a worker process, the database's path), as one result."""
    db = source if isinstance(source, Database) else committed_reader(source)
    incidents, moved, touched = [], [], []
    for month in months:
        month_incidents, month_moved, month_touched = cluster_month(month_reports(db, month), independent_of, pairs)
        incidents += month_incidents
        moved += month_moved
        touched += month_touched
    return incidents, sorted(moved, key=itemgetter(1)), sorted(touched)


READERS: dict[str, Database] = {}  # a worker process's own read-only connections, by path


def committed_reader(path: str) -> Database:
    if path not in READERS:
        READERS[path] = read_only(path)
    return READERS[path]


def store_month(db: Database, article_ids: list[str], incidents: list[tuple], moved: list[tuple[str, int]],
                touched: list[str]) -> None:
    """Store one month's incidents; its articles, the incidents touched and the claims
    moved go on this pass's work lists. The moved claims are written with the claims
    joined to them (store_joined_claims): a month's reports lie all over the table, and
    written now, most pages of it would be written twice."""
    insert_values(db, "incidents", INCIDENT_COLUMNS, incidents, update_on="id")
    db.conn.executemany("insert into temp.moved_claims (incident_id, claim_rowid) values (?, ?)", moved)
    db.conn.executemany("insert or ignore into temp.touched_incidents values (?)", [(i,) for i in touched])
    db.conn.executemany("insert or ignore into temp.touched_articles values (?)", [(a,) for a in article_ids])


def articles_to_join(db: Database, source: Database | str) -> Iterator[tuple[list[tuple[str, int]], tuple]]:
    """(the chunk's moved incident claims, joined_claims_of's arguments) for each chunk
    of the touched articles, in the order they were stored, as their claims were: a
    chunk's claims are then neighbours in the table, not scattered over all of it. What
    the pass has changed, the incident of each incident claim, is read here; the rest,
    by the worker."""
    for article_ids in chunks(db, "select article_id from temp.touched_articles "
                                  "join articles on articles.id = article_id order by articles.rowid"):
        rows = db.execute("""
            select claims.rowid, coalesce(moved.incident_id, claims.incident_id), moved.incident_id is not null
            from claims left join temp.moved_claims as moved on moved.claim_rowid = claims.rowid
            where claims.article_id in (select value from json_each(?)) and claims.kind = 'incident'
        """, [in_list(article_ids)]).fetchall()
        incident_of = {rowid: incident_id for rowid, incident_id, _ in rows if incident_id is not None}
        moved = [(incident_id, rowid) for rowid, incident_id, was_moved in rows if was_moved]
        yield moved, (source, article_ids, incident_of)


def joined_claims_of(source: Database | str, article_ids: list[str], incident_of: dict[int, str]):
    """joined_claims with the claims read from `source` (as cluster_months_of)."""
    db = source if isinstance(source, Database) else committed_reader(source)
    return joined_claims(db, article_ids, incident_of)


def joined_claims(db: Database, article_ids: list[str], incident_of: dict[int, str]) -> list[tuple]:
    """(new incident, rowid, old incident) of each date, count and statement claim of
    these articles whose incident changes as it joins that of an incident claim near it.
    `incident_of` gives the incident of each incident claim (by rowid) as this pass
    left it. Read one article at a time from the cursor: a chunk's claims as dicts all
    at once would raise the peak by about 20 MB."""
    # returned by rowid: an article's claims are neighbours in the table, where their ids
    # are scattered all over the index of ids
    columns = ("rowid", "id", "article_id", "kind", "sentence", "paragraph", "start", "incident_id")
    rows = db.execute(f"select {', '.join(columns)} from claims where article_id in "
                      "(select value from json_each(?)) order by article_id", [in_list(article_ids)])
    changed = []
    for _, article_rows in groupby(rows, key=itemgetter(columns.index("article_id"))):
        claims = [dict(zip(columns, row)) for row in article_rows]
        incident_claims = {c["id"]: incident_of[c["rowid"]] for c in claims if c["rowid"] in incident_of}
        joined = join_claims(claims, incident_claims)
        changed += [(joined.get(c["id"]), c["rowid"], c["incident_id"]) for c in claims
                    if c["kind"] != "incident" and joined.get(c["id"]) != c["incident_id"]]
    return sorted(changed, key=itemgetter(1))  # in the table's order: each page of it updated once


def store_joined_claims(db: Database, moved: list[tuple[str, int]], changed: list[tuple]) -> None:
    """Write a chunk's moved incident claims and the claims joined to incidents, in the
    table's order: each page of it once."""
    db.conn.executemany("update claims set incident_id = ? where rowid = ?",
                        sorted(moved + [row[:2] for row in changed], key=itemgetter(1)))
    touched = {i for new, _, old in changed for i in (new, old) if i}  # a chunk's claims share few incidents
    db.conn.executemany("insert or ignore into temp.touched_incidents values (?)", [(i,) for i in sorted(touched)])


def compare_touched_incidents(db: Database, pairs: PairedNames, workers: Workers) -> None:
    """Drop the touched incidents left without claims; recompute the comparisons and
    summaries of the others, a chunk of incidents at a time."""
    touched = "select incident_id from temp.touched_incidents"
    db.execute(f"delete from comparisons where incident_id in ({touched})")
    db.execute(f"delete from incident_summaries where incident_id in ({touched})")
    db.execute(f"delete from incidents where id in ({touched}) "
               "and not exists (select 1 from claims where claims.incident_id = incidents.id)")

    # What this pass changed (incidents, who belongs to which, who copied whom) is sent
    # to the workers; the rest of the claims they read themselves, from what was
    # committed: the pass changes no claim but its incident_id.
    source = database_path(db) if workers.pool else db

    def chunks_to_compare():
        for incident_ids in chunks(db, "select id, claim_count from incidents where id in "
                                       "(select incident_id from temp.touched_incidents) order by id",
                                   most_weight=CHUNK_REPORTS):
            places = dict(db.execute("select id, place from incidents where id in (select value from json_each(?))",
                                     [in_list(incident_ids)]).fetchall())
            members = incident_members(db, incident_ids)
            article_ids = {article_id for _, _, article_id in members}
            yield None, (source, places, [member[:2] for member in members], article_sources(db, article_ids), pairs)

    # A first pass (or a pass over everything) fills an empty table: its indexes are
    # built and its conflicts counted once at the end, not row by row (at 100,000
    # articles the conflict-counting trigger took 21 s of the 36 s that storing them did).
    with bare_while_filling(db, "comparisons", recount=COUNT_CONFLICTS):
        for _, (comparisons, summaries) in workers.in_order(compare_chunk_of, chunks_to_compare()):
            insert_values(db, "comparisons", COMPARISON_COLUMNS, comparisons)
            insert_values(db, "incident_summaries", SUMMARY_COLUMNS, summaries)
            give_back_freed_memory()


def article_sources(db: Database, article_ids: set[str]) -> ArticleSources:
    """Who published these articles, and whose story they are: an article and its
    republished copies are one source, the original's outlet."""
    rows = db.execute("""
        select articles.id, coalesce(original.source_id, articles.source_id), articles.syndicated_from,
               articles.source_id, sources.name
        from articles
        join sources on sources.id = articles.source_id
        left join articles as original on original.id = articles.syndicated_from
        where articles.id in (select value from json_each(?))""", [in_list(article_ids)]).fetchall()
    outlets = {}  # one tuple for each outlet, shared by its articles
    return ArticleSources(
        independent_of={article_id: source for article_id, source, *_ in rows},
        copies={article_id for article_id, _, copy_of, *_ in rows if copy_of},
        outlet_of={row[0]: outlets.setdefault(row[3], row[3:]) for row in rows})


def incident_members(db: Database, incident_ids: list[str]) -> list[tuple[str, int, str]]:
    """(incident id, claim rowid, article id) of the incidents' count and incident claims,
    from the index by incident alone (the unary + keeps SQLite from reading every count
    by kind instead)."""
    return db.execute("""
        select incident_id, rowid, article_id from claims
        where incident_id in (select value from json_each(?)) and +kind in ('count', 'incident')
    """, [in_list(incident_ids)]).fetchall()


def compare_chunk_of(source: Database | str, places: dict[str, str | None], members: list[tuple[str, int]],
                     articles: ArticleSources, pairs: PairedNames) -> tuple[list[tuple], list[tuple]]:
    """compare_incidents for a chunk, its claims read from `source` (as cluster_months_of)."""
    db = source if isinstance(source, Database) else committed_reader(source)
    return compare_incidents(places, incident_claims(db, members), articles, pairs)


def incident_claims(db: Database, members: list[tuple[str, int]]) -> dict[str, list[tuple]]:
    """{incident id: the rows (INCIDENT_CLAIM_COLUMNS) of its members}, given as
    (incident id, claim rowid), in order of publication. An incident may have tens of
    thousands: rows are tuples, and the values that repeat from row to row (day, unit,
    article...) are one string each."""
    incident_of = {rowid: incident_id for incident_id, rowid in members}
    rows = db.execute(f"select rowid, start, {', '.join(INCIDENT_CLAIM_COLUMNS)} from claims "
                      # read in the table's order, each page once
                      "where rowid in (select value from json_each(?))", [in_list(sorted(incident_of))])
    ordered = []
    for rowid, start, *claim in with_shared_values(rows):
        claim[INCIDENT_ID] = incident_of[rowid]  # what is committed may be an older one, or none
        ordered.append((claim[INCIDENT_ID], claim[PUBLISHED] or "", start, claim[CLAIM_ID], tuple(claim)))
    ordered.sort(key=itemgetter(0, 1, 2, 3))
    grouped = defaultdict(list)
    for *_, row in ordered:
        grouped[row[INCIDENT_ID]].append(row)
    return grouped


def totals(db: Database) -> dict[str, int]:
    incidents, comparisons, conflicts = db.execute(
        "select (select count(*) from incidents), (select count(*) from comparisons), "
        "(select count(*) from comparisons where verdict = 'conflict')").fetchone()
    return {"incidents": incidents, "comparisons": comparisons, "conflicts": conflicts}
